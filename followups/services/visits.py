"""Recording a follow-up visit: what was found, the satisfaction rating, and a rebound that
reopens the same file; or an attempt that reached nobody, retried and counted."""

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.access import case_capabilities
from cases.services.moves import case_reopen
from cases.services.record import event_record
from cases.workflow import Capability
from core.errors import Refused
from followups.models import FollowUpPlan, FollowUpVisit, Reminder

from .people import case_leads
from .plans import plan_complete_if_done, plan_stop
from .policies import policy_for
from .reminders import reminder_send, said

if TYPE_CHECKING:
    from mediators.models import User

V = FollowUpVisit


def _visit_for_update(visit_id: int, actor: "User") -> FollowUpVisit:
    visit = (
        FollowUpVisit.objects.select_for_update(of=("self",))
        .select_related("plan", "case", "case__category")
        .get(pk=visit_id)
    )
    if Capability.WORK not in case_capabilities(actor, visit.case):
        raise Refused("forbidden", _("Only those who work this case record its visits."))
    if visit.status != V.Status.SCHEDULED:
        raise Refused(
            "stale",
            _("This visit was already recorded (%(status)s); reload the page.")
            % {"status": visit.get_status_display()},
        )
    return visit


def _check_date(day: date, visit: FollowUpVisit, label: str) -> None:
    if day is None:
        raise Refused("invalid", _("Give the date of the %(what)s.") % {"what": label})
    if day > timezone.localdate():
        raise Refused("invalid", _("The date cannot be in the future."))
    if day < visit.plan.anchor_on:
        raise Refused(
            "invalid",
            _("The date cannot be before the follow-up started (%(date)s).")
            % {"date": visit.plan.anchor_on.isoformat()},
        )


def _check_choice(value: str, choices, message: str) -> None:
    if value not in choices.values:
        raise Refused("invalid", message)


def visit_record(
    *,
    visit_id: int,
    actor: "User",
    visited_on: date,
    mode: str,
    participants: str,
    performance: str,
    satisfaction: str,
    remarks: str = "",
    rebound: bool = False,
) -> FollowUpVisit:
    """Record a visit that reached the parties. A rebound stops the plan and reopens the case
    in the same file (case_reopen writes its own record entry and notifies the team)."""
    with transaction.atomic():
        visit = _visit_for_update(visit_id, actor)
        _check_date(visited_on, visit, _("visit"))
        _check_choice(mode, V.Mode, _("Choose how the visit was made."))
        _check_choice(performance, V.Performance, _("Say whether the agreement is performed."))
        _check_choice(satisfaction, V.Satisfaction, _("Choose the satisfaction rating."))
        if rebound and not remarks.strip():
            raise Refused("invalid", _("Describe how the dispute flared up again."))
        visit.status = V.Status.DONE
        visit.visited_on, visit.mode, visit.participants = visited_on, mode, participants.strip()
        visit.performance, visit.satisfaction = performance, satisfaction
        visit.remarks, visit.rebound = remarks.strip(), rebound
        visit.recorded_by, visit.recorded_at = actor, timezone.now()
        visit.save()
        event_record(
            case=visit.case,
            kind="followup_visit",
            actor=actor,
            summary=_(
                "Follow-up visit (%(mode)s) on %(date)s: %(satisfaction)s; "
                "agreement %(performance)s."
            )
            % {
                "mode": visit.get_mode_display(),
                "date": visited_on.isoformat(),
                "satisfaction": visit.get_satisfaction_display(),
                "performance": visit.get_performance_display(),
            }
            + (" " + _("The dispute has flared up again.") if rebound else ""),
            detail={
                "visit_id": visit.pk,
                "mode": mode,
                "participants": visit.participants,
                "performance": performance,
                "satisfaction": satisfaction,
                "remarks": visit.remarks,
                "rebound": rebound,
            },
        )
        if rebound:
            plan_stop(plan_id=visit.plan_id, actor=actor, reason=visit.remarks)
            if not visit.case.is_open:
                case_reopen(case_id=visit.case_id, actor=actor, reason=visit.remarks)
        else:
            plan_complete_if_done(visit.plan)
    return visit


def visit_unreachable(
    *, visit_id: int, actor: "User", attempted_on: date, mode: str, remarks: str = ""
) -> FollowUpVisit:
    """An attempt that reached nobody: counted, and retried a few days later until the policy's
    number of attempts is used up; then the visit is given up and the team lead told."""
    with transaction.atomic():
        visit = _visit_for_update(visit_id, actor)
        _check_date(attempted_on, visit, _("attempt"))
        _check_choice(mode, V.Mode, _("Choose how the visit was attempted."))
        policy = policy_for(visit.case)
        visit.attempts += 1
        visit.last_attempt_on = attempted_on
        given_up = visit.attempts >= policy.max_attempts
        if given_up:
            visit.status = V.Status.UNREACHABLE
        else:
            visit.due_on = max(attempted_on, timezone.localdate()) + timedelta(
                days=policy.retry_after_days
            )
        visit.save()
        params = {"n": visit.attempts, "max": policy.max_attempts, "date": visit.due_on}
        summary = (
            _("Follow-up visit given up: attempt %(n)s of %(max)s reached nobody either.")
            if given_up
            else _("Follow-up attempt %(n)s of %(max)s reached nobody; retry on %(date)s.")
        ) % params
        event_record(
            case=visit.case,
            kind="followup_unreachable",
            actor=actor,
            summary=summary + (f" {remarks.strip()}" if remarks.strip() else ""),
            detail={
                "visit_id": visit.pk,
                "attempts": visit.attempts,
                "mode": mode,
                "given_up": given_up,
                "retry_on": None if given_up else visit.due_on.isoformat(),
            },
        )
        if given_up:
            _tell_leads_unreachable(visit)
            plan_complete_if_done(visit.plan)
    return visit


def _tell_leads_unreachable(visit: FollowUpVisit) -> None:
    case = visit.case
    reminder_send(
        key=f"visit:{visit.pk}:unreachable",
        kind=Reminder.Kind.VISIT_UNREACHABLE,
        users=case_leads(case),
        what=said(
            gettext_lazy(
                "%(reference)s: the follow-up visit due %(date)s was given up after %(n)s "
                "attempts that reached nobody."
            ),
            reference=case.reference,
            date=visit.planned_on.isoformat(),
            n=visit.attempts,
        ),
        url=reverse("cases:detail", args=[case.pk]),
        case=case,
        visit=visit,
    )


__all__ = ["FollowUpPlan", "visit_record", "visit_unreachable"]
