"""Giving people roles in teams and taking them away; the role groups follow in the same
transaction (mediators.services.groups)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import Refused
from mediators.models import Membership, Team, User

from .groups import groups_sync_for_user


@transaction.atomic
def membership_add(
    *,
    team: Team,
    user: User,
    role: str,
    partner_org: str = "",
    organisation: str = "",
    joined_on: date | None = None,
) -> tuple[Membership, bool]:
    """Give `user` the role in `team` (an ended membership with that role is resumed).
    Returns the membership and whether anything changed."""
    if role == Membership.Role.PARTNER and not partner_org:
        raise Refused(
            "invalid", _("Say which kind of partner organisation (police station, court, ...).")
        )
    membership = (
        Membership.objects.select_for_update().filter(team=team, user=user, role=role).first()
    )
    values = {"partner_org": partner_org, "organisation": organisation, "active": True}
    if joined_on:
        values["joined_on"] = joined_on
    if membership is None:
        membership = Membership.objects.create(team=team, user=user, role=role, **values)
        changed = True
    else:
        changed = any(getattr(membership, k) != v for k, v in values.items())
        if changed:
            for key, value in values.items():
                setattr(membership, key, value)
            membership.save(update_fields=list(values))
    groups_sync_for_user(user=user)
    return membership, changed


@transaction.atomic
def membership_end(*, membership_id: int) -> Membership:
    """End a membership: kept for the record (active=False), its role group withdrawn."""
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership_id)
    if membership.active:
        membership.active = False
        membership.save(update_fields=["active"])
    groups_sync_for_user(user=membership.user)
    return membership
