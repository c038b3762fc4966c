"""Assigning mediators of the case's team."""

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.access import case_capabilities
from cases.models import Case, CaseAssignment
from cases.workflow import Capability
from core.errors import Refused
from mediators.selectors import team_working_members

from .notify import notify_on_commit
from .record import event_record

if TYPE_CHECKING:
    from mediators.models import User


def case_assign(
    *, case_id: int, actor: "User", user, role: str = CaseAssignment.Role.LEAD
) -> CaseAssignment:
    """The team lead (or a grid worker for the grid tier) assigns a member of the case's team;
    any member may take a case on themselves."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id)
        caps = case_capabilities(actor, case)
        self_assign = user.pk == actor.pk and Capability.WORK in caps
        if Capability.LEAD not in caps and not self_assign:
            raise Refused("forbidden", _("Only the team lead assigns mediators to this case."))
        if not case.is_open:
            raise Refused("illegal", _("Mediators are assigned only while the case is open."))
        if not team_working_members(case.team_id).filter(pk=user.pk).exists():
            raise Refused(
                "invalid",
                _("%(user)s is not a member of %(team)s.") % {"user": user, "team": case.team},
            )
        if case.assignments.filter(user=user, active=True).exists():
            raise Refused("illegal", _("%(user)s is already assigned.") % {"user": user})
        now = timezone.now()
        assignment = CaseAssignment.objects.create(
            case=case, user=user, role=role, assigned_at=now, assigned_by=actor
        )
        case.version += 1
        case.save(update_fields=["version"])
        event = event_record(
            case=case,
            kind="assigned",
            actor=actor,
            at=now,
            summary=_("%(user)s assigned as %(role)s.")
            % {"user": user, "role": CaseAssignment.Role(role).label},
            detail={"user_id": user.pk, "role": role},
        )
        notify_on_commit(event)
    return assignment


def case_unassign(*, case_id: int, actor: "User", user) -> None:
    """End an assignment (the lead, or the mediator stepping down themselves)."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id)
        caps = case_capabilities(actor, case)
        if Capability.LEAD not in caps and not (user.pk == actor.pk and Capability.WORK in caps):
            raise Refused("forbidden", _("Only the team lead ends an assignment."))
        assignment = case.assignments.filter(user=user, active=True).first()
        if assignment is None:
            raise Refused("illegal", _("%(user)s is not assigned.") % {"user": user})
        now = timezone.now()
        assignment.active, assignment.ended_at = False, now
        assignment.save(update_fields=["active", "ended_at"])
        case.version += 1
        case.save(update_fields=["version"])
        event_record(
            case=case,
            kind="unassigned",
            actor=actor,
            at=now,
            summary=_("%(user)s no longer assigned.") % {"user": user},
            detail={"user_id": user.pk},
        )
