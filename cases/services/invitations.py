"""Inviting an expert or a partner organisation to one case (django-guardian object
permission "cases.view_case"), and revoking it. Guardian holds only these per-case exceptions;
lists stay on indexed columns (see cases.selectors.case_list_for_user)."""

from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

from cases.access import scope_for
from cases.models import Case
from core.errors import Refused
from mediators.models import Expert, Membership
from notifications.notices import DESK, Notice, Recipient, notice_send

from .guard import case_lock_for_work, require_text
from .notify import notify_on_commit
from .record import event_record

if TYPE_CHECKING:
    from mediators.models import User

PERMISSION = "cases.view_case"


def invitable(user) -> bool:
    """Only experts of the pool and partner organisations' accounts are invited to a case."""
    return (
        Expert.objects.filter(user=user).exists()
        or Membership.objects.filter(user=user, role=Membership.Role.PARTNER, active=True).exists()
    )


def invite_grant(*, case: Case, user, actor: "User", reason: str) -> bool:
    """Inside the caller's transaction (the case already locked): grant and record. Returns
    False if the user was already invited."""
    if user in invited_users(case):
        return False
    assign_perm(PERMISSION, user, case)
    _forget_scope(user)
    event = event_record(
        case=case,
        kind="invited",
        actor=actor,
        summary=_("%(user)s invited to this case: %(reason)s") % {"user": user, "reason": reason},
        detail={"user_id": user.pk, "reason": reason},
    )
    notify_on_commit(event)
    _tell_invitee(case, user, event)
    return True


def _tell_invitee(case: Case, user, event) -> None:
    """The invited expert or partner hears of it in the app (once, after the commit)."""

    url = reverse("cases:detail", args=[case.pk])
    transaction.on_commit(
        lambda: notice_send(
            INVITED,
            to=[Recipient.staff(user)],
            params={"reference": case.reference},
            source=f"invited:{event.pk}",
            url=url,
            case=case,
        )
    )


def case_invite(*, case_id: int, actor: "User", user, reason: str):
    reason = require_text(reason, _("Say why they are invited."))
    if not invitable(user):
        raise Refused(
            "invalid", _("Only experts of the pool and partner organisations can be invited.")
        )
    with transaction.atomic():
        case = case_lock_for_work(case_id=case_id, actor=actor)
        if not invite_grant(case=case, user=user, actor=actor, reason=reason):
            raise Refused("illegal", _("%(user)s is already invited.") % {"user": user})
    return case


def case_uninvite(*, case_id: int, actor: "User", user, reason: str = ""):
    with transaction.atomic():
        case = case_lock_for_work(case_id=case_id, actor=actor, any_status=True)
        if user not in invited_users(case):
            raise Refused("illegal", _("%(user)s is not invited.") % {"user": user})
        remove_perm(PERMISSION, user, case)
        _forget_scope(user)
        event_record(
            case=case,
            kind="uninvited",
            actor=actor,
            summary=_("%(user)s no longer has access to this case.") % {"user": user}
            + (f" {reason}" if reason else ""),
            detail={"user_id": user.pk, "reason": reason},
        )
    return case


def invited_users(case: Case) -> list:
    return list(
        get_users_with_perms(
            case, only_with_perms_in=["view_case"], with_superusers=False, with_group_users=False
        )
    )


def _forget_scope(user) -> None:
    scope = scope_for(user)
    scope.__dict__.pop("invited_case_ids", None)


INVITED = Notice(
    name="cases.invited",
    text=gettext_lazy("You are invited to case %(reference)s."),
    channels=frozenset({DESK}),
)
