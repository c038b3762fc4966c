"""Registration by staff (先行登记): the duty officer or a grid worker takes a call or a visit
and registers it in under a minute, with the same routing and tracking code as the web form."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import Case
from cases.services.registration import case_register
from core.errors import Refused
from intake.selectors import compounds_for_registrar

from .common import ComplaintDetails, case_parties, case_title, tracking_code_send

if TYPE_CHECKING:
    from mediators.models import User

STAFF_CHANNELS = (Case.Channel.HOTLINE, Case.Channel.WALK_IN)


@dataclass(kw_only=True)
class StaffRegistration(ComplaintDetails):
    """A call or a visit taken by staff: its channel, the urgency they judged, and whether the
    resident wants the tracking code by SMS."""

    channel: str
    urgency: str = Case.Urgency.NORMAL
    send_sms: bool = True


@transaction.atomic
def case_register_by_staff(*, actor: "User", data: StaffRegistration, track_url: str = "") -> Case:
    if data.channel not in STAFF_CHANNELS:
        raise Refused("invalid", _("Choose hotline or walk-in."))
    if not compounds_for_registrar(actor).filter(pk=data.compound.pk).exists():
        raise Refused("forbidden", _("You may not register complaints for this compound."))
    case = case_register(
        compound=data.compound,
        category=data.category,
        channel=data.channel,
        title=case_title(category=data.category, description=data.description),
        description=data.description,
        claims=data.claims,
        building=data.building,
        parties=case_parties(
            compound=data.compound, name=data.name, mobile=data.mobile, other_side=data.other_side
        ),
        urgency=data.urgency,
        registered_by=actor,
    )
    if data.send_sms and data.mobile:
        tracking_code_send(case=case, mobile=data.mobile, track_url=track_url)
    return case
