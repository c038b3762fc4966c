"""At the grid tier too, nobody finalises the agreement they drafted (issue 19, item 10: a grid
mediator finalised a collective agreement alone; the drafter approved their own draft). The
"1+3" team reviews it: its grid worker or its legal adviser, through agreements.access."""

import pytest
from django.urls import reverse

from agreements import services
from agreements.models import Agreement
from core.errors import Refused
from notifications.models import Notification
from tests.factories.agreements import case_in_mediation, make_draft


@pytest.fixture
def grid_case(town, case):
    return case_in_mediation(case, worker=town.a.grid_worker, mediator=town.a.grid_mediator)


def test_the_grid_mediators_submission_awaits_the_grid_team_and_tells_its_reviewers(
    town, grid_case, django_capture_on_commit_callbacks
):
    agreement = make_draft(grid_case, actor=town.a.grid_mediator)
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_submit(agreement_id=agreement.pk, actor=town.a.grid_mediator)
    assert Agreement.objects.get(pk=agreement.pk).status == "pending_approval"
    told = set(Notification.objects.filter(case=grid_case).values_list("user", flat=True))
    assert told == {town.a.grid_worker.pk, town.a.legal_adviser.pk}
    assert not grid_case.events.filter(kind="agreement_final").exists()
    with pytest.raises(Refused) as refused:
        services.agreement_approve(agreement_id=agreement.pk, actor=town.a.grid_mediator)
    assert refused.value.code == "forbidden"
    assert "网格员或本网格法律顾问" in refused.value.message
    assert Agreement.objects.get(pk=agreement.pk).status == "pending_approval"


def test_the_mediator_gets_a_403_and_sees_no_approval_form(client, town, grid_case):
    agreement = make_draft(grid_case, actor=town.a.grid_mediator)
    services.agreement_submit(agreement_id=agreement.pk, actor=town.a.grid_mediator)
    client.force_login(town.a.grid_mediator)
    page = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert reverse("agreements:approve", args=[agreement.pk]) not in page
    assert client.post(reverse("agreements:approve", args=[agreement.pk])).status_code == 403
    assert (
        client.post(reverse("agreements:return", args=[agreement.pk]), {"text": "x"}).status_code
        == 403
    )
    assert Agreement.objects.get(pk=agreement.pk).status == "pending_approval"

    client.force_login(town.a.grid_worker)
    page = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert reverse("agreements:approve", args=[agreement.pk]) in page


def test_a_grid_worker_who_drafts_has_the_legal_adviser_approve(
    client, town, grid_case, django_capture_on_commit_callbacks
):
    agreement = make_draft(grid_case, actor=town.a.grid_worker)
    services.agreement_submit(agreement_id=agreement.pk, actor=town.a.grid_worker)
    with pytest.raises(Refused) as refused:
        services.agreement_approve(agreement_id=agreement.pk, actor=town.a.grid_worker)
    assert refused.value.code == "forbidden" and "您起草了这份协议" in refused.value.message
    client.force_login(town.a.grid_worker)
    page = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "由其他审批人审批" in page
    assert reverse("agreements:approve", args=[agreement.pk]) not in page

    client.force_login(town.a.legal_adviser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("agreements:approve", args=[agreement.pk]))
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "final" and agreement.approved_by == town.a.legal_adviser


def test_the_grid_worker_sends_it_back_and_the_drafter_hears(
    town, grid_case, django_capture_on_commit_callbacks
):
    agreement = make_draft(grid_case, actor=town.a.grid_mediator)
    services.agreement_submit(agreement_id=agreement.pk, actor=town.a.grid_mediator)
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_return(
            agreement_id=agreement.pk, actor=town.a.grid_worker, note="第二期付款日期写错"
        )
    agreement.refresh_from_db()
    assert agreement.status == "draft" and agreement.return_note == "第二期付款日期写错"
    assert Notification.objects.filter(user=town.a.grid_mediator, case=grid_case).exists()


def test_the_lead_of_the_specialist_team_does_not_review_a_grid_case(town, grid_case):
    agreement = make_draft(grid_case, actor=town.a.grid_mediator)
    services.agreement_submit(agreement_id=agreement.pk, actor=town.a.grid_mediator)
    with pytest.raises(Refused) as refused:
        services.agreement_approve(agreement_id=agreement.pk, actor=town.a.lead)
    assert refused.value.code == "forbidden"
    assert Agreement.objects.get(pk=agreement.pk).status == "pending_approval"


def test_while_the_final_agreement_awaits_signatures_settlement_is_not_offered(
    client, town, grid_case, django_capture_on_commit_callbacks
):
    from rest_framework.test import APIClient

    from tests.factories.agreements import finalise

    settle = reverse("cases:move", args=[grid_case.pk, "settle"])
    client.force_login(town.a.grid_mediator)
    assert settle in client.get(reverse("cases:detail", args=[grid_case.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        finalise(make_draft(grid_case, actor=town.a.grid_mediator), drafter=town.a.grid_mediator)
    page = client.get(reverse("cases:detail", args=[grid_case.pk])).content.decode()
    assert settle not in page  # the signing settles it, on the agreement's page
    api = APIClient()
    api.force_authenticate(town.a.grid_mediator)
    detail = api.get(f"/api/cases/{grid_case.pk}/").data
    assert "settle" not in detail["allowed_moves"] and "escalate" in detail["allowed_moves"]
    response = client.post(settle, {"summary": "口头达成一致", "version": grid_case.version})
    grid_case.refresh_from_db()
    assert grid_case.status == "in_mediation" and grid_case.outcome == ""
    assert response.status_code in (302, 409)
