"""Referrals from partner departments (信息联通): the 12345 hotline, the petition office, the
comprehensive-governance platform. A referral carries the partner's own reference; the same
reference twice finds the first referral's case, however close together they arrive."""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cases.models import Case, CaseEvent, Category
from cases.services.record import event_record
from cases.services.registration import case_register
from core.errors import Refused
from grids.models import Compound
from intake.models import PartnerSystem, Referral

from .common import case_parties, case_title


@dataclass
class ReferralInput:
    partner_reference: str
    compound: Compound
    category: Category
    description: str
    applicant_name: str
    applicant_mobile: str = ""
    building: str = ""
    claims: str = ""
    other_side: str = ""
    title: str = ""
    received_at: datetime | None = None


def referral_receive(
    *, partner: PartnerSystem, data: ReferralInput, source: str = "api"
) -> tuple[Referral, bool]:
    """Register the referral's case, or return the one registered for this reference before.
    Returns (referral, created)."""
    if not partner.active:
        raise Refused("forbidden", _("This partner system is switched off."))
    with transaction.atomic():
        try:
            # The unique constraint decides: a second sender waits here for the first one's
            # transaction and then finds its row.
            with transaction.atomic():
                referral = Referral.objects.create(
                    partner=partner,
                    partner_reference=data.partner_reference,
                    received_at=data.received_at,
                    source=source[:160],
                )
        except IntegrityError:
            existing = Referral.objects.select_related("case").get(
                partner=partner, partner_reference=data.partner_reference
            )
            return existing, False
        case = case_register(
            compound=data.compound,
            category=data.category,
            channel=Case.Channel.REFERRAL,
            title=data.title[:200]
            or case_title(category=data.category, description=data.description),
            description=data.description,
            claims=data.claims,
            building=data.building,
            parties=case_parties(
                compound=data.compound,
                name=data.applicant_name,
                mobile=data.applicant_mobile,
                other_side=data.other_side,
            ),
            registered_by=partner.user,
        )
        event_record(
            case=case,
            kind="referred_in",
            actor=partner.user,
            visibility=CaseEvent.Visibility.INTERNAL,
            summary=_("Referred by %(partner)s under their reference %(reference)s.")
            % {"partner": partner.name, "reference": data.partner_reference},
            detail={
                "partner_id": partner.pk,
                "partner_reference": data.partner_reference,
                "source": source[:160],
            },
        )
        referral.case = case
        referral.save(update_fields=["case"])
    return referral, True
