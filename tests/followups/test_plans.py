"""An agreement (or a closure without one) creates exactly its visits, once."""

from datetime import timedelta

from cases.models import Case, CaseEvent
from followups.models import FollowUpPlan, FollowUpPolicy, FollowUpVisit
from followups.services.plans import visits_schedule
from followups.tasks import visits_schedule as visits_schedule_task
from tests.factories.cases import category, make_case
from tests.factories.followups import make_agreement, settle

from .conftest import DAY0


def test_an_agreement_creates_exactly_its_visits(agreement, town, clock):
    assert FollowUpVisit.objects.count() == 0  # nothing until the schedule runs
    visits_schedule_task.delay()
    visits = list(FollowUpVisit.objects.order_by("due_on"))
    assert [(v.offset_days, v.due_on) for v in visits] == [
        (7, DAY0 + timedelta(days=7)),
        (30, DAY0 + timedelta(days=30)),
        (90, DAY0 + timedelta(days=90)),
    ]
    # grid tier: the grid worker makes the visits
    assert {v.assigned_to for v in visits} == {town.a.grid_worker}
    assert {v.status for v in visits} == {FollowUpVisit.Status.SCHEDULED}
    plan = FollowUpPlan.objects.get()
    assert (plan.anchor, plan.agreement, plan.cycle) == ("agreement", agreement, 0)
    entry = CaseEvent.objects.get(kind="followup_planned")
    assert entry.case == agreement.case
    assert "2026-03-09" in entry.summary and "2026-05-31" in entry.summary


def test_running_the_schedule_again_creates_nothing(agreement, clock):
    visits_schedule()
    clock.move_to("2026-03-20 09:00:00+08:00")
    assert visits_schedule() == {"stopped": 0, "agreement": 0, "closure": 0}
    assert FollowUpVisit.objects.count() == 3
    assert CaseEvent.objects.filter(kind="followup_planned").count() == 1


def test_a_draft_agreement_or_one_in_the_future_plans_nothing(settled_case, town, clock):
    make_agreement(settled_case, drafted_by=town.a.grid_mediator, status="draft")
    visits_schedule()
    assert not FollowUpVisit.objects.exists()


def test_a_case_closed_without_an_agreement_is_followed_up_from_its_closing(town, clock):
    case = make_case(compound=town.a.compound, registered_by=town.a.grid_worker)
    settle(case, actor=town.a.grid_worker, close=True)
    visits_schedule()
    plan = FollowUpPlan.objects.get(case=case)
    assert (plan.anchor, plan.anchor_on) == ("closure", DAY0)
    assert plan.visits.count() == 3


def test_the_most_specific_policy_applies(town, clock):
    FollowUpPolicy.objects.create(category=category("fees"), tier="", visit_days="14, 60")
    FollowUpPolicy.objects.create(category=category("fees"), tier="specialist", visit_days="3")
    FollowUpPolicy.objects.create(category=None, tier="grid", visit_days="10")
    fees = make_case(compound=town.a.compound, registered_by=town.a.grid_worker)
    noise = make_case(
        compound=town.a.compound, registered_by=town.a.grid_worker, category_code="noise"
    )
    for case in (fees, noise):
        settle(case, actor=town.a.grid_worker, close=True)
    visits_schedule()
    assert sorted(fees.followup_visits.values_list("offset_days", flat=True)) == [14, 60]
    assert list(noise.followup_visits.values_list("offset_days", flat=True)) == [10]


def test_at_the_specialist_tier_the_case_mediator_makes_the_visits(town, clock):
    case = make_case(compound=town.a.compound, households=60, difficulty="complex")
    assert case.tier == Case.Tier.SPECIALIST
    settle(case, actor=town.a.lead, mediator=town.a.specialist)
    make_agreement(case, drafted_by=town.a.specialist)
    visits_schedule()
    assert {v.assigned_to for v in case.followup_visits.all()} == {town.a.specialist}


def test_settlements_before_the_lookback_are_not_planned(town, clock, settings):
    settings.FOLLOWUP_LOOKBACK_DAYS = 30
    case = make_case(compound=town.a.compound, registered_by=town.a.grid_worker)
    settle(case, actor=town.a.grid_worker)
    make_agreement(case, drafted_by=town.a.grid_mediator, effective_on=DAY0 - timedelta(days=31))
    visits_schedule()
    assert not FollowUpVisit.objects.exists()


def _reopen(case, town):
    from cases.services.moves import case_reopen

    case_reopen(case_id=case.pk, actor=town.a.grid_worker, reason="当天又因停水争吵")
    case.refresh_from_db()


def test_a_case_reopened_the_day_of_its_agreement_gets_no_visits(agreement, town, clock):
    case = agreement.case
    _reopen(case, town)  # the same day: the agreement took effect DAY0, reopened DAY0
    assert visits_schedule()["agreement"] == 0
    assert not FollowUpPlan.objects.filter(case=case).exists()
    assert not case.events.filter(kind="followup_planned").exists()
    clock.move_to("2026-03-09 10:00:00+08:00")  # nor later, while the case is in mediation
    visits_schedule()
    assert not FollowUpVisit.objects.filter(case=case).exists()


def test_a_plan_made_for_the_agreement_a_reopen_undid_is_stopped(agreement, town, clock):
    from followups.services.checks import visits_remind
    from followups.services.plans import _plan_create

    case = agreement.case
    _reopen(case, town)
    # the plan the schedule made before it read the case's state: the same cycle as the reopen
    plan = _plan_create(
        case=case,
        anchor=FollowUpPlan.Anchor.AGREEMENT,
        anchor_on=agreement.effective_on,
        agreement=agreement,
        policies=None,
        summary="%(date)s",
    )
    assert plan is not None and plan.cycle == case.reopened_count
    clock.move_to("2026-03-09 10:00:00+08:00")  # the 7-day visit is due
    assert visits_remind() == 0  # the case is back in mediation: nobody is sent to visit
    assert visits_schedule()["stopped"] == 1
    plan.refresh_from_db()
    assert plan.status == FollowUpPlan.Status.REBOUND
    assert set(plan.visits.values_list("status", flat=True)) == {"cancelled"}
    assert case.events.filter(kind="followup_stopped").exists()
