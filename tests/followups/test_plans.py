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
