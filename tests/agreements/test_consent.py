"""The owners' consent on a collective case: shown beside the agreement, and finalising over
the heads of owners who refuse or have not decided needs a recorded reason (issue 19, item 10:
a grid mediator finalised while 2 owners refused and 3 were undecided, with no warning)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from agreements import services
from agreements.models import Agreement
from cases.models import CaseEvent
from cases.services.parties import party_position_set
from core.errors import Refused
from tests.factories.agreements import case_in_mediation, finalise, make_draft
from tests.factories.cases import make_group


@pytest.fixture
def collective_case(town, case):
    """The tester's case: seven owners, 2 agree, 2 refuse, 3 have not decided."""
    case_in_mediation(case, worker=town.a.grid_worker, mediator=town.a.grid_mediator)
    group = make_group(case, members=7)
    positions = ["agrees", "agrees", "refuses", "refuses", "undecided", "undecided", "undecided"]
    for member, position in zip(group.members.order_by("id"), positions, strict=True):
        if position != "undecided":
            party_position_set(
                case_id=case.pk, party_id=member.pk, actor=town.a.grid_mediator, position=position
            )
    return case


def test_the_case_page_and_the_agreement_page_show_each_owners_position(
    client, town, collective_case
):
    agreement = make_draft(collective_case, actor=town.a.grid_mediator)
    client.force_login(town.a.grid_mediator)
    for url in (
        reverse("cases:detail", args=[collective_case.pk]),
        reverse("agreements:detail", args=[agreement.pk]),
    ):
        page = client.get(url).content.decode()
        assert 'id="owners-consent"' in page
        assert "同意 2" in page and "不同意 2" in page and "未表态 3" in page
        assert "业主2、业主3" in page  # who refuses
        assert "业主4、业主5、业主6" in page  # who has not decided
        assert "须写明未经其同意即定稿的理由" in page
    page = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert 'name="consent_reason"' in page


def test_finalising_on_the_page_without_a_reason_is_refused_and_with_one_is_recorded(
    client, town, collective_case, django_capture_on_commit_callbacks
):
    agreement = make_draft(collective_case, actor=town.a.grid_mediator)
    client.force_login(town.a.grid_mediator)
    client.post(reverse("agreements:submit", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert agreement.status == "pending_approval"  # the grid worker reviews it

    client.force_login(town.a.grid_worker)
    url = reverse("agreements:approve", args=[agreement.pk])
    page = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert 'id="consent-reason-approve"' in page
    response = client.post(url, follow=True)
    assert "2位业主不同意、3位业主未表态" in response.content.decode()
    agreement.refresh_from_db()
    collective_case.refresh_from_db()
    assert agreement.status == "pending_approval" and collective_case.status == "in_mediation"
    assert not collective_case.events.filter(kind="agreement_final").exists()

    reason = "不同意的两户已另行签订补充协议，未表态业主经三次联系未回复"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"consent_reason": reason})
    agreement.refresh_from_db()
    assert agreement.status == "final" and agreement.consent_reason == reason
    event = collective_case.events.get(kind="agreement_consent_overridden")
    assert event.actor == town.a.grid_worker  # who finalised over the owners' heads
    assert event.visibility == CaseEvent.Visibility.INTERNAL and reason in event.summary
    consent = event.detail["consent"]
    assert (consent["agrees"], consent["refuses"], consent["undecided"]) == (2, 2, 3)
    assert [o["name"] for o in consent["refusing"]] == ["业主2", "业主3"]
    assert [o["name"] for o in consent["undecided_owners"]] == ["业主4", "业主5", "业主6"]
    page = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert reason in page


def test_the_mediators_reason_goes_to_the_reviewer_who_finalises_with_it(
    client, town, collective_case, django_capture_on_commit_callbacks
):
    agreement = make_draft(collective_case, actor=town.a.grid_mediator)
    reason = "业主大会已表决通过"
    services.agreement_submit(
        agreement_id=agreement.pk, actor=town.a.grid_mediator, consent_reason=reason
    )
    client.force_login(town.a.grid_worker)
    page = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "调解员提出的未经全体业主同意即定稿的理由" in page
    assert f">{reason}</textarea>" in page  # the approval form starts from it
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_approve(agreement_id=agreement.pk, actor=town.a.grid_worker)
    agreement.refresh_from_db()
    assert agreement.status == "final" and agreement.consent_reason == reason


def test_the_api_refuses_without_a_reason_and_shows_the_consent(
    town, collective_case, django_capture_on_commit_callbacks
):
    agreement = make_draft(collective_case, actor=town.a.grid_mediator)
    api = APIClient()
    api.force_authenticate(town.a.grid_mediator)
    detail = api.get(f"/api/agreements/{agreement.pk}/").data
    assert detail["consent"]["refuses"] == 2 and detail["consent"]["undecided"] == 3
    assert [o["name"] for o in detail["consent"]["agreeing"]] == ["业主0", "业主1"]
    assert api.post(f"/api/agreements/{agreement.pk}/submit/", {}, format="json").status_code == 200
    api.force_authenticate(town.a.legal_adviser)  # the 1+3 team's legal adviser reviews too
    response = api.post(f"/api/agreements/{agreement.pk}/approve/", {}, format="json")
    assert response.status_code == 400, response.data
    assert Agreement.objects.get(pk=agreement.pk).status == "pending_approval"
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"/api/agreements/{agreement.pk}/approve/",
            {"consent_reason": "业主大会已表决通过"},
            format="json",
        )
    assert response.status_code == 200, response.data
    assert response.data["status"] == "final"
    assert response.data["consent_reason"] == "业主大会已表决通过"
    assert Agreement.objects.get(pk=agreement.pk).consent_reason == "业主大会已表决通过"


def test_when_every_owner_agrees_no_reason_is_asked(
    town, collective_case, django_capture_on_commit_callbacks
):
    for member in collective_case.parties.filter(group__isnull=False).exclude(position="agrees"):
        party_position_set(
            case_id=collective_case.pk,
            party_id=member.pk,
            actor=town.a.grid_mediator,
            position="agrees",
        )
    agreement = make_draft(collective_case, actor=town.a.grid_mediator)
    with django_capture_on_commit_callbacks(execute=True):
        finalise(agreement, drafter=town.a.grid_mediator, reviewer=town.a.grid_worker)
    agreement.refresh_from_db()
    assert agreement.status == "final" and agreement.consent_reason == ""
    assert not collective_case.events.filter(kind="agreement_consent_overridden").exists()


def test_above_the_grid_the_lead_approving_needs_the_reason_too(town, collective_case):
    from cases.services.assignment import case_assign
    from cases.services.moves import case_escalate

    case_escalate(case_id=collective_case.pk, actor=town.a.grid_worker, reason="网格调解未果")
    case_assign(case_id=collective_case.pk, actor=town.a.lead, user=town.a.specialist)
    agreement = make_draft(collective_case, actor=town.a.specialist)
    services.agreement_submit(agreement_id=agreement.pk, actor=town.a.specialist)  # no reason yet
    with pytest.raises(Refused) as refused:
        services.agreement_approve(agreement_id=agreement.pk, actor=town.a.lead)
    assert refused.value.code == "invalid"
    assert Agreement.objects.get(pk=agreement.pk).status == "pending_approval"
    services.agreement_approve(
        agreement_id=agreement.pk, actor=town.a.lead, consent_reason="联席会议决定先行签署"
    )
    agreement.refresh_from_db()
    assert agreement.status == "final" and agreement.consent_reason == "联席会议决定先行签署"
