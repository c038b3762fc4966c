"""The schedule's jobs: twice or at the same time they create nothing twice; one that fails
part-way is retried and finishes the rest; visit reminders go out on the day, once."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from followups.models import FollowUpPlan, FollowUpVisit, MissedPatrol, Reminder
from followups.services import plans
from followups.tasks import reminders_send, visits_schedule
from notifications.models import Notification
from tests.conftest import build_street, needs_postgres
from tests.factories.cases import make_case
from tests.factories.followups import make_agreement, make_obligation, settle

from .conftest import DAY0


def test_a_visit_reminder_goes_out_on_its_day_and_once_per_attempt(agreement, town, clock):
    from followups.services.visits import visit_unreachable

    visits_schedule.delay()
    clock.move_to("2026-03-08 09:00:00+08:00")
    reminders_send.delay()
    assert not Reminder.objects.filter(kind="visit_due").exists()
    clock.move_to("2026-03-09 09:00:00+08:00")
    reminders_send.delay()
    reminders_send.delay()
    visit = FollowUpVisit.objects.get(offset_days=7)
    assert list(Reminder.objects.filter(kind="visit_due").values_list("key", flat=True)) == [
        f"visit:{visit.pk}:due:0"
    ]
    assert (
        Notification.objects.filter(user=town.a.grid_worker, source__startswith="fu:visit:").count()
        == 1
    )
    # a retry after an attempt that reached nobody is reminded again on its new day
    visit_unreachable(
        visit_id=visit.pk, actor=town.a.grid_worker, attempted_on=visit.due_on, mode="phone"
    )
    clock.move_to("2026-03-11 09:00:00+08:00")
    reminders_send.delay()
    reminders_send.delay()
    assert Reminder.objects.filter(kind="visit_due").count() == 2


def _settled_cases(town, n):
    cases = []
    for _i in range(n):
        case = make_case(compound=town.a.compound, registered_by=town.a.grid_worker)
        settle(case, actor=town.a.grid_worker, mediator=town.a.grid_mediator)
        make_agreement(case, drafted_by=town.a.grid_mediator, effective_on=DAY0)
        cases.append(case)
    return cases


def test_a_job_that_fails_halfway_is_retried_and_finishes_the_rest(town, clock, monkeypatch):
    cases = _settled_cases(town, 3)
    real = plans.plan_for_agreement
    failures = {"left": 1}

    def flaky(*, agreement_id, policies=None):
        # the second agreement fails once (a deadlock, a lost connection...)
        if agreement_id == cases[1].agreements.get().pk and failures["left"]:
            failures["left"] -= 1
            raise RuntimeError("connection lost")
        return real(agreement_id=agreement_id, policies=policies)

    monkeypatch.setattr(plans, "plan_for_agreement", flaky)
    # Celery's own autoretry runs it again (in-process: apply re-applies the retry signature)
    result = visits_schedule.apply(throw=False)
    assert result.successful(), result.traceback
    assert failures["left"] == 0
    assert FollowUpPlan.objects.count() == 3
    assert FollowUpVisit.objects.count() == 9
    for case in cases:
        assert case.events.filter(kind="followup_planned").count() == 1


def test_a_job_that_keeps_failing_leaves_the_others_done(town, clock, monkeypatch):
    from followups.services.jobs import JobIncomplete

    cases = _settled_cases(town, 2)
    real = plans.plan_for_agreement
    broken = cases[0].agreements.get().pk

    def always(*, agreement_id, policies=None):
        if agreement_id == broken:
            raise RuntimeError("bad row")
        return real(agreement_id=agreement_id, policies=policies)

    monkeypatch.setattr(plans, "plan_for_agreement", always)
    with pytest.raises(JobIncomplete):
        plans.visits_schedule()
    assert list(FollowUpPlan.objects.values_list("case", flat=True)) == [cases[1].pk]


def _run_at_once(job, n=2):
    """Run `job` in n threads released together, each with its own database connection."""
    barrier = threading.Barrier(n)
    errors = []

    def run():
        try:
            barrier.wait()
            job()
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_create_nothing_twice():
    import time_machine

    from followups.services.checks import obligations_remind
    from followups.services.obligations import obligations_mark_due
    from followups.services.patrols import patrols_flag_missed

    with time_machine.travel("2026-03-02 09:00:00+08:00", tick=False) as clock:
        street = build_street()
        cases = []
        for _i in range(4):
            case = make_case(compound=street.compound, registered_by=street.grid_worker)
            settle(case, actor=street.grid_worker, mediator=street.grid_mediator)
            agreement = make_agreement(case, drafted_by=street.grid_mediator, effective_on=DAY0)
            make_obligation(agreement, due_on=DAY0 - timedelta(days=10))
            cases.append(case)
        for _round in range(3):  # a few rounds: a race is a matter of timing
            assert _run_at_once(plans.visits_schedule) == []
        assert FollowUpPlan.objects.count() == 4
        assert FollowUpVisit.objects.count() == 12
        for case in cases:
            assert case.events.filter(kind="followup_planned").count() == 1

        clock.move_to("2026-03-10 09:00:00+08:00")
        for _round in range(3):
            assert _run_at_once(lambda: (obligations_mark_due(), obligations_remind())) == []
            assert _run_at_once(patrols_flag_missed) == []
        assert Reminder.objects.filter(kind="obligation_overdue").count() == 4
        assert Reminder.objects.filter(kind="obligation_lead").count() == 4
        assert Notification.objects.filter(source__contains="obligation_lead").count() == 4
        assert MissedPatrol.objects.count() == 2  # the street's two grids, week of 2026-03-02
        for case in cases:
            assert case.events.filter(kind="obligation_due").count() == 1
