"""The agreement's pages: drafting from the case page, editing with the schedule, the preview,
approval; wrong personas refused; typed input kept on errors."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, AgreementTemplate
from tests.factories.agreements import case_in_mediation, make_draft


@pytest.fixture
def grid_case(town, case):
    return case_in_mediation(case, worker=town.a.grid_worker, mediator=town.a.grid_mediator)


def schedule_post(case, **overrides):
    applicant = case.parties.get(side="applicant")
    respondent = case.parties.get(side="respondent")
    data = {
        "facts": "物业公司拒绝充值水卡",
        "disputed_matters": "欠费",
        "responsibilities": "",
        "terms": "补缴并恢复供水",
        "performance": "",
        "place": "调解室",
        "ob-TOTAL_FORMS": "2",
        "ob-INITIAL_FORMS": "0",
        "ob-MIN_NUM_FORMS": "0",
        "ob-MAX_NUM_FORMS": "1000",
        "ob-0-debtor": applicant.pk,
        "ob-0-creditor": respondent.pk,
        "ob-0-kind": "payment",
        "ob-0-description": "补缴物业费",
        "ob-0-amount": "1500.00",
        "ob-0-due_on": (timezone.localdate() + timedelta(days=20)).isoformat(),
        "ob-0-instalments": "3",
        "ob-0-interval_months": "1",
        # the second, empty line as a browser sends it: the fields' initial values
        "ob-1-kind": "payment",
        "ob-1-instalments": "1",
        "ob-1-interval_months": "1",
    }
    data.update(overrides)
    return data


def test_a_mediator_drafts_from_the_case_page_edits_and_finalises(
    client, town, grid_case, django_capture_on_commit_callbacks
):
    AgreementTemplate.objects.create(
        category=grid_case.category, name="物业费模板", terms="{applicant}补缴"
    )
    client.force_login(town.a.grid_mediator)
    page = client.get(reverse("cases:detail", args=[grid_case.pk])).content.decode()
    assert "起草调解协议" in page and "物业费模板" in page
    response = client.post(reverse("agreements:new", args=[grid_case.pk]), {"template": ""})
    agreement = Agreement.objects.get(case=grid_case)
    assert response["Location"] == reverse("agreements:edit", args=[agreement.pk])
    response = client.post(
        reverse("agreements:edit", args=[agreement.pk]), schedule_post(grid_case)
    )
    assert response.status_code == 302
    assert agreement.obligations.count() == 3
    edit = client.get(reverse("agreements:edit", args=[agreement.pk])).content.decode()
    assert 'value="1500.00"' in edit and 'value="3"' in edit  # instalments folded back
    preview = client.get(reverse("agreements:preview", args=[agreement.pk])).content.decode()
    assert "人民调解协议书" in preview and "补缴物业费" in preview and "李龙" in preview
    pdf = client.get(reverse("agreements:preview-pdf", args=[agreement.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    client.post(reverse("agreements:submit", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert agreement.status == "pending_approval"
    client.force_login(town.a.grid_worker)  # the grid's own team reviews: not the drafter
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("agreements:approve", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert agreement.status == "final"
    detail = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "已生成" in detail and "登记签字" in detail


def test_a_bad_clause_keeps_everything_typed_and_says_why(client, town, grid_case):
    agreement = make_draft(grid_case, actor=town.a.grid_mediator)
    client.force_login(town.a.grid_mediator)
    data = schedule_post(grid_case, **{"ob-0-amount": "", "facts": "我写的事实"})
    response = client.post(reverse("agreements:edit", args=[agreement.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "支付款项须填写大于零的金额" in page
    assert "我写的事实" in page and "补缴物业费" in page
    agreement.refresh_from_db()
    assert agreement.facts != "我写的事实"


def test_other_personas_cannot_draft_edit_or_approve(client, town, grid_case, personas):
    agreement = make_draft(grid_case, actor=town.a.grid_mediator)
    client.force_login(personas["mediator_elsewhere"])
    assert client.get(reverse("agreements:detail", args=[agreement.pk])).status_code == 404
    client.force_login(personas["supervisor"])
    assert client.get(reverse("agreements:detail", args=[agreement.pk])).status_code == 200
    assert client.get(reverse("agreements:edit", args=[agreement.pk])).status_code == 403
    client.post(reverse("agreements:submit", args=[agreement.pk]))
    assert Agreement.objects.get(pk=agreement.pk).status == "draft"


def test_the_case_page_panels_cost_a_fixed_number_of_queries(
    client, town, grid_case, django_assert_num_queries
):
    make_draft(grid_case, actor=town.a.grid_mediator)
    client.force_login(town.a.grid_mediator)
    url = reverse("documents:panel", args=[grid_case.pk])
    client.get(url)
    with django_assert_num_queries(9):
        # 1 session, 2 user, 3 the case with its relations, 4 the user's memberships,
        # 5 whether the user is assigned, 6 the case's sessions (for the minutes),
        # 7 the case's documents with their agreements; the navigation: 8 the supervisor
        # jurisdictions (for the figures entries), 9 the unread notifications badge
        client.get(url)
