"""Planning follow-up visits (回访) when a case settles: after its agreement takes effect, or
when it closes without one. The schedule calls `visits_schedule`; every step is idempotent
(the case row is locked while its plan is made, and a unique constraint backs the check)."""

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement
from cases.models import Case, CaseEvent
from cases.services.record import event_record
from cases.workflow import OPEN_STATUSES, Status
from followups.conf import lookback_days
from followups.models import FollowUpPlan, FollowUpVisit

from .jobs import run_each
from .people import followup_owner
from .policies import policies_active, policy_for

if TYPE_CHECKING:
    from mediators.models import User


def _lookback(today: date) -> date:
    """Settlements older than this are not planned any more (a fresh install does not flood
    everyone's "today" with visits long overdue for cases settled years ago)."""
    return today - timedelta(days=lookback_days())


def _plan_exists():
    return Exists(
        FollowUpPlan.objects.filter(case=OuterRef("case"), cycle=OuterRef("case__reopened_count"))
    )


def visits_schedule(*, today: date | None = None) -> dict[str, int]:
    """The job: stop the plans of reopened cases, then plan every settlement not yet planned.
    A plan is stale when its case rebounded after it was made (a later cycle) or when its case
    is back in mediation whatever the cycle: a plan made for an agreement the case was
    reopened on the same day (before this check) is stopped too."""
    today = today or timezone.localdate()
    policies = policies_active()
    stale_plans = (
        FollowUpPlan.objects.filter(status=FollowUpPlan.Status.ACTIVE)
        .filter(Q(cycle__lt=F("case__reopened_count")) | Q(case__status__in=list(OPEN_STATUSES)))
        .values_list("pk", flat=True)
    )
    stopped = run_each("plans_stop", list(stale_plans), lambda pk: plan_stop(plan_id=pk))
    agreements = (
        Agreement.objects.filter(
            status=Agreement.Status.EFFECTIVE,
            effective_on__gte=_lookback(today),
            effective_on__lte=today,
        )
        .alias(planned=_plan_exists())
        .filter(planned=False)
        .order_by("effective_on", "pk")
        .values_list("pk", flat=True)
    )
    by_agreement = run_each(
        "plan_for_agreement",
        list(agreements),
        lambda pk: plan_for_agreement(agreement_id=pk, policies=policies),
    )
    closed = (
        Case.objects.filter(
            status=Status.CLOSED,
            closed_at__date__gte=_lookback(today),
            closed_at__date__lte=today,
        )
        .alias(
            planned=Exists(
                FollowUpPlan.objects.filter(case=OuterRef("pk"), cycle=OuterRef("reopened_count"))
            )
        )
        .filter(planned=False)
        .order_by("closed_at", "pk")
        .values_list("pk", flat=True)
    )
    by_closure = run_each(
        "plan_for_closure", list(closed), lambda pk: plan_for_closure(case_id=pk, policies=policies)
    )
    return {"stopped": stopped, "agreement": by_agreement, "closure": by_closure}


def _last_reopened_on(case: Case) -> date | None:
    at = (
        CaseEvent.objects.filter(case=case, kind="reopen")
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return timezone.localdate(at) if at else None


def plan_for_agreement(*, agreement_id: int, policies=None) -> FollowUpPlan | None:
    """Read under the case's lock at run time, not when the job listed the agreement: a case
    back in mediation (reopened, even on the day of its agreement) is not visited."""
    agreement = Agreement.objects.get(pk=agreement_id)
    case = Case.objects.select_for_update().get(pk=agreement.case_id)
    if agreement.status != Agreement.Status.EFFECTIVE or agreement.effective_on is None:
        return None
    if case.status not in (Status.SETTLED, Status.CLOSED):
        return None
    if case.reopened_count:
        # After a rebound only an agreement made since the reopening starts a new plan.
        reopened_on = _last_reopened_on(case)
        if reopened_on and agreement.effective_on < reopened_on:
            return None
    return _plan_create(
        case=case,
        anchor=FollowUpPlan.Anchor.AGREEMENT,
        anchor_on=agreement.effective_on,
        agreement=agreement,
        policies=policies,
        summary=_("the agreement took effect on %(date)s"),
    )


def plan_for_closure(*, case_id: int, policies=None) -> FollowUpPlan | None:
    case = Case.objects.select_for_update().get(pk=case_id)
    if case.status != Status.CLOSED or case.closed_at is None:
        return None
    return _plan_create(
        case=case,
        anchor=FollowUpPlan.Anchor.CLOSURE,
        anchor_on=timezone.localdate(case.closed_at),
        agreement=None,
        policies=policies,
        summary=_("the case closed on %(date)s"),
    )


def _plan_create(*, case, anchor, anchor_on, agreement, policies, summary) -> FollowUpPlan | None:
    """Under the case's row lock: one plan per settlement round (cycle), its visits, and the
    record entry. Returns None if the plan exists already."""
    if FollowUpPlan.objects.filter(case=case, cycle=case.reopened_count).exists():
        return None
    policy = policy_for(case, policies)
    offsets = policy.offsets
    try:
        with transaction.atomic():
            plan = FollowUpPlan.objects.create(
                case=case,
                cycle=case.reopened_count,
                anchor=anchor,
                agreement=agreement,
                anchor_on=anchor_on,
                visit_days=offsets,
            )
    except IntegrityError:  # a worker that did not lock (or a race the lock did not cover)
        return None
    owner = followup_owner(case)
    FollowUpVisit.objects.bulk_create(
        [
            FollowUpVisit(
                plan=plan,
                case=case,
                offset_days=days,
                planned_on=anchor_on + timedelta(days=days),
                due_on=anchor_on + timedelta(days=days),
                assigned_to=owner,
            )
            for days in offsets
        ]
    )
    dates = "、".join((anchor_on + timedelta(days=d)).isoformat() for d in offsets)
    event_record(
        case=case,
        kind="followup_planned",
        visibility=CaseEvent.Visibility.PARTIES,
        summary=_("Follow-up visits planned for %(dates)s (%(anchor)s).")
        % {"dates": dates, "anchor": summary % {"date": anchor_on.isoformat()}},
        detail={
            "plan_id": plan.pk,
            "cycle": plan.cycle,
            "anchor": anchor,
            "anchor_on": anchor_on.isoformat(),
            "visit_days": offsets,
            "assigned_to": owner.pk if owner else None,
        },
    )
    return plan


def plan_stop(*, plan_id: int, actor: "User | None" = None, reason: str = "") -> bool:
    """Stop a plan whose case rebounded: its remaining visits are cancelled, nothing further is
    scheduled until the case settles again (which starts the next cycle's plan)."""
    plan = FollowUpPlan.objects.select_for_update().select_related("case").get(pk=plan_id)
    if plan.status != FollowUpPlan.Status.ACTIVE:
        return False
    plan.status = FollowUpPlan.Status.REBOUND
    plan.stopped_at = timezone.now()
    plan.save(update_fields=["status", "stopped_at"])
    cancelled = plan.visits.filter(status=FollowUpVisit.Status.SCHEDULED).update(
        status=FollowUpVisit.Status.CANCELLED
    )
    event_record(
        case=plan.case,
        kind="followup_stopped",
        actor=actor,
        summary=_(
            "Follow-up visits stopped (%(n)s cancelled): the case reopened after a rebound; "
            "new visits are planned when it settles again."
        )
        % {"n": cancelled},
        detail={"plan_id": plan.pk, "cancelled": cancelled, "reason": reason},
    )
    return True


def plan_complete_if_done(plan: FollowUpPlan) -> None:
    if (
        plan.status == FollowUpPlan.Status.ACTIVE
        and not plan.visits.filter(status=FollowUpVisit.Status.SCHEDULED).exists()
    ):
        plan.status = FollowUpPlan.Status.COMPLETED
        plan.save(update_fields=["status"])
