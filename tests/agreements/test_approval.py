"""Approval by someone other than the drafter (issue 19, item 10: the drafter approved their
own draft). A lead may draft, but another reviewer of the team (agreements.access) approves."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from agreements import services
from agreements.models import Agreement
from cases.services.moves import case_escalate
from core.errors import Refused
from mediators.models import Membership
from tests.factories.agreements import case_in_mediation, make_draft
from tests.factories.mediators import MembershipFactory


@pytest.fixture
def lead_draft(town, case):
    """At the specialist tier, drafted and submitted by the team lead themself."""
    case_in_mediation(case, worker=town.a.grid_worker)
    case_escalate(case_id=case.pk, actor=town.a.grid_worker, reason="网格调解未果")
    case.refresh_from_db()
    agreement = make_draft(case, actor=town.a.lead)
    services.agreement_submit(agreement_id=agreement.pk, actor=town.a.lead)
    return Agreement.objects.get(pk=agreement.pk)


def test_the_drafter_cannot_approve_their_own_draft(town, lead_draft):
    with pytest.raises(Refused) as refused:
        services.agreement_approve(agreement_id=lead_draft.pk, actor=town.a.lead)
    assert refused.value.code == "forbidden"
    assert "您起草了这份协议" in refused.value.message
    lead_draft.refresh_from_db()
    assert lead_draft.status == "pending_approval" and lead_draft.approved_by is None
    assert lead_draft.case.status == "in_mediation"


def test_another_lead_of_the_team_approves(town, lead_draft, django_capture_on_commit_callbacks):
    deputy = MembershipFactory(team=town.a.specialist_team, role=Membership.Role.TEAM_LEAD).user
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_approve(agreement_id=lead_draft.pk, actor=deputy)
    lead_draft.refresh_from_db()
    assert lead_draft.status == "final" and lead_draft.approved_by == deputy


def test_the_page_offers_no_approval_to_the_drafter_and_refuses_the_post(client, town, lead_draft):
    client.force_login(town.a.lead)
    url = reverse("agreements:detail", args=[lead_draft.pk])
    page = client.get(url).content.decode()
    assert reverse("agreements:approve", args=[lead_draft.pk]) not in page
    assert "由其他审批人审批" in page
    response = client.post(reverse("agreements:approve", args=[lead_draft.pk]), follow=True)
    assert "您起草了这份协议" in response.content.decode()
    assert Agreement.objects.get(pk=lead_draft.pk).status == "pending_approval"


def test_the_api_answers_403_to_the_drafter(town, lead_draft):
    api = APIClient()
    api.force_authenticate(town.a.lead)
    response = api.post(f"/api/agreements/{lead_draft.pk}/approve/", {}, format="json")
    assert response.status_code == 403, response.data
    assert Agreement.objects.get(pk=lead_draft.pk).status == "pending_approval"
