"""One service per move of the workflow. Each takes the case's row lock, checks the move with
the workflow's guard and the actor's capabilities, writes the change and its record entry in
one transaction, and queues notifications for after the commit.

A move that is illegal, not allowed to the actor, or stale (the case changed since the actor
looked at it: two mediators escalating at once) raises Refused and writes nothing.
"""

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from cases.access import case_capabilities
from cases.models import Case, CaseEvent, TierStint
from cases.routing import route_escalation
from cases.workflow import MOVES, Capability, check_move, next_tier
from core.errors import Refused
from core.logging import log_access_refused

from .notify import notify_on_commit
from .record import event_record

if TYPE_CHECKING:
    from mediators.models import User


def _apply_move(
    *,
    case_id: int,
    move_name: str,
    actor: "User",
    expected_version: int | None,
    change: Callable[[Case, timezone.datetime], dict],
    summary: Callable[[Case], str],
    visibility: str = CaseEvent.Visibility.PARTIES,
    as_applicant: bool = False,
) -> Case:
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id)
        if expected_version is not None and case.version != expected_version:
            raise Refused(
                "stale",
                _("This case was changed by someone else a moment ago; reload it and try again."),
            )
        capabilities = {Capability.APPLICANT} if as_applicant else case_capabilities(actor, case)
        try:
            move = check_move(move_name, case.state(), capabilities)
        except Refused as refused:
            if refused.code == "forbidden":
                log_access_refused(
                    user=actor, object_type="case", object_id=case.pk, action=move_name
                )
            raise
        before = {"status": case.status, "tier": case.tier, "team_id": case.team_id}
        now = timezone.now()
        detail = change(case, now) or {}
        case.status = move.target
        case.version += 1
        case.save()
        event = event_record(
            case=case,
            kind=move.name,
            actor=None if as_applicant else actor,
            at=now,
            visibility=visibility,
            summary=summary(case),
            detail={
                "from": before,
                "to": {"status": case.status, "tier": case.tier, "team_id": case.team_id},
                **detail,
            },
        )
        notify_on_commit(event)
    return case


def _deadline_from(now) -> "timezone.datetime.date":
    return timezone.localdate(now) + timedelta(days=settings.CASE_DEADLINE_DAYS)


def _tier_due(case: Case, now):
    due = timezone.localdate(now) + timedelta(days=settings.TIER_DEADLINE_DAYS[case.tier])
    return min(due, case.deadline) if case.deadline else due


def _end_stint(case: Case, now, move: str) -> None:
    TierStint.objects.filter(case=case, left_at__isnull=True).update(left_at=now, left_by=move)


def case_accept(*, case_id: int, actor: "User", expected_version: int | None = None) -> Case:
    def change(case, now):
        case.accepted_at = now
        case.deadline = _deadline_from(now)
        TierStint.objects.filter(case=case, left_at__isnull=True).update(
            due_on=_tier_due(case, now)
        )
        return {"deadline": case.deadline.isoformat()}

    return _apply_move(
        case_id=case_id,
        move_name="accept",
        actor=actor,
        expected_version=expected_version,
        change=change,
        summary=lambda c: (
            _("Accepted for mediation; to be concluded by %(date)s.")
            % {"date": c.deadline.isoformat()}
        ),
    )


def case_decline(
    *, case_id: int, actor: "User", reason: str, expected_version: int | None = None
) -> Case:
    _require(reason, _("Give the reason for declining; the applicant is told it."))

    def change(case, now):
        case.decline_reason = reason
        case.outcome = Case.Outcome.DECLINED
        case.concluded_at = now
        _end_stint(case, now, "decline")
        return {"reason": reason}

    return _apply_move(
        case_id=case_id,
        move_name="decline",
        actor=actor,
        expected_version=expected_version,
        change=change,
        summary=lambda c: _("Not accepted: %(reason)s") % {"reason": reason},
    )


def case_escalate(
    *, case_id: int, actor: "User", reason: str, expected_version: int | None = None
) -> Case:
    _require(reason, _("Say why the case goes to the next tier."))

    def change(case, now):
        to_tier = next_tier(case.tier)
        decision = route_escalation(street=case.street, to_tier=to_tier)
        _end_stint(case, now, "escalate")
        case.assignments.filter(active=True).update(active=False, ended_at=now)
        case.tier, case.team = decision.tier, decision.team
        case.needs_lead_attention = decision.flagged
        TierStint.objects.create(
            case=case, tier=case.tier, team=case.team, entered_at=now, due_on=_tier_due(case, now)
        )
        return {"reason": reason, "routing": decision.reason}

    return _apply_move(
        case_id=case_id,
        move_name="escalate",
        actor=actor,
        expected_version=expected_version,
        change=change,
        summary=lambda c: (
            _("Escalated to %(team)s: %(reason)s") % {"team": c.team, "reason": reason}
        ),
    )


def case_settle(
    *, case_id: int, actor: "User", summary: str, expected_version: int | None = None
) -> Case:
    """Settled: orally (the mediator's summary), or by a written agreement when its signing is
    recorded (agreements.services.agreement_record_signing, the agreement then in effect).
    While an agreement is final and awaits the signatures, this move alone does not settle."""
    _require(summary, _("Summarise what the parties agreed."))

    def change(case, now):  # a final agreement awaiting signatures: refused by check_move
        case.outcome = Case.Outcome.AGREEMENT
        case.concluded_at = now
        _end_stint(case, now, "settle")
        return {"terms": summary}

    return _apply_move(
        case_id=case_id,
        move_name="settle",
        actor=actor,
        expected_version=expected_version,
        change=change,
        summary=lambda c: _("Settled: %(terms)s") % {"terms": summary},
    )


def case_refer(
    *,
    case_id: int,
    actor: "User",
    referral_target: str,
    referral_body: str,
    reason: str,
    expected_version: int | None = None,
) -> Case:
    _require(reason, _("Say why the case could not be settled."))
    target, body = referral_target, referral_body
    if target not in Case.ReferralTarget.values:
        raise Refused(
            "invalid",
            _(
                "Choose where the case is referred: court, arbitration "
                "or an administrative department."
            ),
        )

    def change(case, now):
        case.outcome = Case.Outcome.REFERRED
        case.referral_target, case.referral_body = target, body
        case.concluded_at = now
        _end_stint(case, now, "refer")
        return {"target": target, "body": body, "reason": reason}

    return _apply_move(
        case_id=case_id,
        move_name="refer",
        actor=actor,
        expected_version=expected_version,
        change=change,
        summary=lambda c: (
            _("Not settled; referred to %(target)s %(body)s: %(reason)s")
            % {"target": Case.ReferralTarget(target).label, "body": body, "reason": reason}
        ),
    )


def case_withdraw(
    *,
    case_id: int,
    actor: "User | None" = None,
    reason: str,
    as_applicant: bool = False,
    expected_version: int | None = None,
) -> Case:
    _require(reason, _("Say why the complaint is withdrawn."))

    def change(case, now):
        case.outcome = Case.Outcome.WITHDRAWN
        case.concluded_at = now
        _end_stint(case, now, "withdraw")
        return {"reason": reason, "by_applicant": as_applicant}

    return _apply_move(
        case_id=case_id,
        move_name="withdraw",
        actor=actor,
        expected_version=expected_version,
        change=change,
        as_applicant=as_applicant,
        summary=lambda c: _("Withdrawn: %(reason)s") % {"reason": reason},
    )


def case_close(
    *, case_id: int, actor: "User", note: str = "", expected_version: int | None = None
) -> Case:
    def change(case, now):
        case.closed_at = now
        return {"note": note}

    return _apply_move(
        case_id=case_id,
        move_name="close",
        actor=actor,
        expected_version=expected_version,
        change=change,
        summary=lambda c: _("Case closed.") + (f" {note}" if note else ""),
    )


def case_reopen(
    *, case_id: int, actor: "User", reason: str, expected_version: int | None = None
) -> Case:
    """A rebound (反弹): the same file and reference reopen with a fresh 30 days."""
    _require(reason, _("Describe how the dispute flared up again."))

    def change(case, now):
        case.reopened_count += 1
        case.outcome = ""
        case.concluded_at = None
        case.closed_at = None
        case.deadline = _deadline_from(now)
        TierStint.objects.create(
            case=case, tier=case.tier, team=case.team, entered_at=now, due_on=_tier_due(case, now)
        )
        return {"reason": reason, "reopened_count": case.reopened_count}

    return _apply_move(
        case_id=case_id,
        move_name="reopen",
        actor=actor,
        expected_version=expected_version,
        change=change,
        summary=lambda c: _("Reopened after a rebound: %(reason)s") % {"reason": reason},
    )


def _require(text: str, message: str) -> None:
    if not (text or "").strip():
        raise Refused("invalid", message)


def case_move(
    *, case_id: int, actor: "User", move: str, expected_version: int | None = None, **posted
) -> Case:
    """Dispatch a move by name through its entry in cases.workflow.MOVES (the case page and the
    API post moves by name): the move's service gets the posted fields it names, by the same
    names, and nothing else."""
    spec = MOVES.get(move)
    if spec is None:
        raise Refused("illegal", _("There is no such action."))
    service = import_string(spec.service)
    return service(
        case_id=case_id,
        actor=actor,
        expected_version=expected_version,
        **{name: posted.get(name) or "" for name in spec.fields},
    )
