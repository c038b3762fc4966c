"""The duty roster (值班): team leads and coordinators put their members on duty and take
shifts off again."""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import Refused
from mediators.access import can_keep_roster
from mediators.models import DutyShift, Membership, Team, User

if TYPE_CHECKING:
    from mediators.models import User

MAX_SHIFT = timedelta(hours=24)


@transaction.atomic
def duty_shift_add(
    *, team: Team, user: User, starts_at: datetime, ends_at: datetime, note: str = "", actor: "User"
) -> DutyShift:
    if not can_keep_roster(actor, team):
        raise Refused("forbidden", _("Only the team's lead or coordinator keeps its roster."))
    if ends_at <= starts_at:
        raise Refused("invalid", _("A shift must end after it starts."))
    if ends_at - starts_at > MAX_SHIFT:
        raise Refused("invalid", _("A shift lasts at most 24 hours; add the next day apart."))
    is_member = (
        Membership.objects.filter(team=team, user=user, active=True)
        .exclude(role=Membership.Role.PARTNER)
        .exists()
    )
    if not is_member:
        raise Refused(
            "invalid", _("%(name)s is not a member of %(team)s.") % {"name": user, "team": team}
        )
    # Lock the team's roster so that two leads cannot book the same person twice at once.
    Team.objects.select_for_update().filter(pk=team.pk).order_by().values_list("pk").first()
    overlapping = DutyShift.objects.filter(
        team=team, user=user, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).exists()
    if overlapping:
        raise Refused(
            "invalid", _("%(name)s is already on duty for this team at that time.") % {"name": user}
        )
    return DutyShift.objects.create(
        team=team, user=user, starts_at=starts_at, ends_at=ends_at, note=note
    )


@transaction.atomic
def duty_shift_remove(*, shift_id: int, actor: "User") -> None:
    shift = DutyShift.objects.select_for_update().select_related("team").filter(pk=shift_id).first()
    if shift is None:
        return  # already gone: removing twice is not an error
    if not can_keep_roster(actor, shift.team):
        raise Refused("forbidden", _("Only the team's lead or coordinator keeps its roster."))
    shift.delete()
