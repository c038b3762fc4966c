"""Recording a visit through its page: the result, the record entry, the refusals; a rebound
reopens the same file; an attempt that reaches nobody is retried and counted."""

from datetime import timedelta

import pytest
from django.urls import reverse

from cases.models import Case, CaseEvent
from followups.models import FollowUpPlan, FollowUpVisit, Reminder
from followups.services.plans import visits_schedule
from notifications.models import Notification, OutboundMessage
from tests.factories.followups import make_agreement

from .conftest import DAY0


@pytest.fixture
def visit(agreement, clock):
    visits_schedule()
    clock.move_to("2026-03-09 10:00:00+08:00")  # the 7-day visit is due
    return FollowUpVisit.objects.get(offset_days=7)


def _login(client, user):
    client.force_login(user)


def _form(**overrides):
    data = {
        "visited_on": "2026-03-09",
        "mode": "phone",
        "participants": "李龙（申请人）",
        "performance": "performed",
        "satisfaction": "satisfied",
        "remarks": "水卡已恢复充值，物业费已缴清。",
    }
    return {**data, **overrides}


def test_it_records_a_visit_with_its_rating(client, visit, town):
    _login(client, town.a.grid_worker)
    url = reverse("followups:visit", args=[visit.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form())
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == "done"
    assert (visit.satisfaction, visit.mode, visit.performance) == (
        "satisfied",
        "phone",
        "performed",
    )
    assert visit.recorded_by == town.a.grid_worker
    entry = CaseEvent.objects.get(kind="followup_visit")
    assert entry.detail["visit_id"] == visit.pk and "满意" in entry.summary
    # the plan goes on with its other visits
    assert visit.plan.visits.filter(status="scheduled").count() == 2


def test_bad_input_is_refused_next_to_the_field_and_kept(client, visit, town):
    _login(client, town.a.grid_worker)
    url = reverse("followups:visit", args=[visit.pk])
    response = client.post(url, _form(satisfaction="", visited_on="2026-03-10"))
    assert response.status_code == 400
    form = response.context["form"]
    assert "satisfaction" in form.errors and "visited_on" in form.errors
    assert "水卡已恢复充值" in response.content.decode()  # what was typed is kept
    visit.refresh_from_db()
    assert visit.status == "scheduled"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("mediator_elsewhere", 404), ("supervisor", 403), ("partner", 404)],
)
def test_the_wrong_persona_cannot_record(client, visit, personas, persona, status):
    _login(client, personas[persona])
    response = client.post(reverse("followups:visit", args=[visit.pk]), _form())
    assert response.status_code == status
    visit.refresh_from_db()
    assert visit.status == "scheduled"


def test_the_supervisor_may_read_a_visit_but_not_record_it(client, visit, town):
    _login(client, town.a.supervisor)
    response = client.get(reverse("followups:visit", args=[visit.pk]))
    assert response.status_code == 200
    assert response.context["can_record"] is False


def test_a_visit_is_recorded_once(client, visit, town):
    _login(client, town.a.grid_worker)
    url = reverse("followups:visit", args=[visit.pk])
    client.post(url, _form())
    response = client.post(url, _form(satisfaction="dissatisfied"))
    assert response.status_code == 400
    visit.refresh_from_db()
    assert visit.satisfaction == "satisfied"


def test_a_rebound_reopens_the_case_in_the_same_file(
    client, visit, town, agreement, clock, django_capture_on_commit_callbacks
):
    case = visit.case
    _login(client, town.a.grid_worker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("followups:visit", args=[visit.pk]),
            _form(
                satisfaction="dissatisfied",
                performance="not_performed",
                rebound="on",
                remarks="物业再次停止充值水卡，业主情绪激动。",
            ),
        )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.IN_MEDIATION
    assert case.reopened_count == 1
    assert Case.objects.filter(reference=case.reference).count() == 1  # the same file
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds[-3:] == ["followup_visit", "followup_stopped", "reopen"]
    # nothing further is scheduled: the other visits are cancelled
    plan = FollowUpPlan.objects.get(case=case)
    assert plan.status == "rebound"
    assert set(plan.visits.exclude(pk=visit.pk).values_list("status", flat=True)) == {"cancelled"}
    # the team hears of it (the grid mediator; the grid worker acted)
    reopen = case.events.get(kind="reopen")
    assert Notification.objects.filter(
        source=f"event:{reopen.pk}", user=town.a.grid_mediator
    ).exists()
    clock.move_to("2026-03-20 09:00:00+08:00")
    visits_schedule()
    assert FollowUpPlan.objects.filter(case=case).count() == 1


def test_after_a_rebound_a_new_settlement_gets_a_new_plan(visit, town, agreement, clock):
    from cases.services.moves import case_settle
    from followups.services.visits import visit_record

    visit_record(
        visit_id=visit.pk,
        actor=town.a.grid_worker,
        visited_on=DAY0 + timedelta(days=7),
        mode="home",
        participants="李龙",
        performance="not_performed",
        satisfaction="dissatisfied",
        remarks="再次停水。",
        rebound=True,
    )
    clock.move_to("2026-03-16 09:00:00+08:00")
    case_settle(case_id=visit.case_id, actor=town.a.grid_worker, summary="再次达成一致。")
    visits_schedule()  # the old agreement does not count for the new round
    assert FollowUpPlan.objects.filter(case=visit.case).count() == 1
    agreement.status = "superseded"
    agreement.save()
    make_agreement(visit.case, drafted_by=town.a.grid_mediator, version=2)
    visits_schedule()
    plan = FollowUpPlan.objects.get(case=visit.case, cycle=1)
    assert plan.anchor_on.isoformat() == "2026-03-16"
    assert plan.visits.count() == 3


def test_an_unreachable_party_is_retried_and_counted(client, visit, town, clock):
    _login(client, town.a.grid_worker)
    url = reverse("followups:visit-unreachable", args=[visit.pk])
    client.post(url, {"attempted_on": "2026-03-09", "mode": "phone"})
    visit.refresh_from_db()
    assert (visit.status, visit.attempts, visit.due_on.isoformat()) == (
        "scheduled",
        1,
        "2026-03-11",
    )
    clock.move_to("2026-03-11 10:00:00+08:00")
    _login(client, town.a.grid_worker)  # a session lasts a working day
    client.post(url, {"attempted_on": "2026-03-11", "mode": "home"})
    clock.move_to("2026-03-13 10:00:00+08:00")
    _login(client, town.a.grid_worker)
    client.post(url, {"attempted_on": "2026-03-13", "mode": "phone"})
    visit.refresh_from_db()
    assert (visit.status, visit.attempts) == ("unreachable", 3)
    assert visit.case.events.filter(kind="followup_unreachable").count() == 3
    # the street's specialist lead (the grid team has none) is told, once
    reminder = Reminder.objects.get(kind="visit_unreachable")
    assert Notification.objects.filter(source=f"fu:{reminder.key}", user=town.a.lead).exists()
    assert OutboundMessage.objects.filter(source=f"fu:{reminder.key}", channel="sms").count() == 1


def test_an_attempt_needs_a_date(client, visit, town):
    _login(client, town.a.grid_worker)
    response = client.post(
        reverse("followups:visit-unreachable", args=[visit.pk]), {"mode": "phone"}
    )
    assert response.status_code == 400
    assert "attempted_on" in response.context["unreachable_form"].errors
