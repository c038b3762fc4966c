"""Assignment with suggestions ranked by specialty and open workload, and grading."""

from django.urls import reverse

from cases.models import CaseAssignment
from cases.services.assignment import case_assign
from mediators.models import Membership
from tests.factories.cases import category, make_case
from tests.factories.mediators import MediatorProfileFactory, MembershipFactory


def test_suggestions_put_the_specialist_first_then_the_least_busy(client, town, case):
    team = town.a.grid_team
    busy = MembershipFactory(team=team, role=Membership.Role.MEDIATOR).user
    expert = MembershipFactory(team=team, role=Membership.Role.MEDIATOR).user
    MediatorProfileFactory(user=expert).specialties.add(category("fees"))
    for _ in range(2):
        other = make_case(compound=town.a.compound)
        case_assign(case_id=other.pk, actor=town.a.grid_worker, user=busy)
    client.force_login(town.a.grid_worker)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert html.index(f"★ {expert.name}") < html.index(busy.name)
    assert f"{busy.name} · 在办案件 2 件" in html
    response = client.get(reverse("api:case-assignee-suggestions", args=[case.pk])).json()
    assert response[0]["id"] == expert.pk and response[0]["specialty_match"] is True
    assert response[-1]["id"] == busy.pk and response[-1]["open_cases"] == 2


def test_assigning_from_the_page_and_ending_it(client, town, case):
    client.force_login(town.a.grid_worker)
    response = client.post(
        reverse("cases:assign", args=[case.pk]), {"user": town.a.grid_mediator.pk, "role": "lead"}
    )
    assert response.status_code == 302
    assert CaseAssignment.objects.filter(case=case, user=town.a.grid_mediator, active=True).exists()
    # someone outside the team is not offered and is refused
    response = client.post(
        reverse("cases:assign", args=[case.pk]), {"user": town.b.grid_mediator.pk, "role": "lead"}
    )
    assert response.status_code == 400
    client.post(reverse("cases:unassign", args=[case.pk, town.a.grid_mediator.pk]))
    assert not CaseAssignment.objects.filter(case=case, active=True).exists()
    assert list(
        case.events.filter(kind__in=["assigned", "unassigned"]).values_list("kind", flat=True)
    ) == [
        "assigned",
        "unassigned",
    ]


def test_grading_records_the_change_and_flags_a_key_case_at_the_grid(client, town, case):
    client.force_login(town.a.grid_worker)
    url = reverse("cases:grade", args=[case.pk])
    data = {
        "category": "fees",
        "households": 60,
        "difficulty": "complex",
        "urgency": "urgent",
        "reason": "涉及整栋楼",
    }
    assert client.post(url, {**data, "reason": ""}).status_code == 400
    assert client.post(url, data).status_code == 302
    case.refresh_from_db()
    assert (case.households, case.grade_level, case.needs_lead_attention) == (60, "key", True)
    event = case.events.get(kind="graded")
    assert (
        event.detail["before"]["grade_level"] == "ordinary"
        and event.detail["after"]["households"] == 60
    )
    client.force_login(town.a.supervisor)
    assert client.post(url, data).status_code == 403
