"""Registering a case (登记): numbering, grading, routing and the first record entries."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import tracking
from cases.grading import grade_level_for
from cases.models import Case, CaseEvent, Category, Party, ReferenceCounter, TierStint
from cases.routing import route_new_case
from grids.models import Compound, Street

from .notify import notify_on_commit
from .parties import PartyData
from .record import event_record


def reference_next(*, street: Street, year: int) -> tuple[int, str]:
    """The next number of this street and year. The counter row is incremented with one UPDATE,
    which holds its row lock until the transaction ends: concurrent registrations queue up,
    and a rolled-back registration gives its number back, so numbers stay gap-free."""
    ReferenceCounter.objects.get_or_create(street=street, year=year)
    ReferenceCounter.objects.filter(street=street, year=year).update(last=F("last") + 1)
    seq = ReferenceCounter.objects.values_list("last", flat=True).get(street=street, year=year)
    return seq, reference_format(prefix=street.case_prefix, year=year, seq=seq)


def reference_format(*, prefix: str, year: int, seq: int) -> str:
    return f"{prefix}〔{year}〕第{seq:04d}号"


@transaction.atomic
def case_register(
    *,
    compound: Compound,
    category: Category,
    channel: str,
    title: str,
    description: str,
    claims: str = "",
    building: str = "",
    parties: list[PartyData] = (),
    households: int = 1,
    difficulty: str = Case.Difficulty.ORDINARY,
    urgency: str = Case.Urgency.NORMAL,
    registered_by=None,
    at: datetime | None = None,
) -> Case:
    at = at or timezone.now()
    grade_level = grade_level_for(households=households, difficulty=difficulty, urgency=urgency)
    decision = route_new_case(compound=compound, grade_level=grade_level)
    seq, reference = reference_next(street=compound.street, year=timezone.localtime(at).year)
    case = _create_with_tracking_code(
        reference=reference,
        reference_year=timezone.localtime(at).year,
        reference_seq=seq,
        compound=compound,
        grid_id=compound.grid_id,
        street_id=compound.street_id,
        district_id=compound.street.district_id,
        building=building,
        channel=channel,
        category=category,
        title=title,
        description=description,
        claims=claims,
        households=households,
        difficulty=difficulty,
        urgency=urgency,
        grade_level=grade_level,
        tier=decision.tier,
        team=decision.team,
        needs_lead_attention=decision.flagged,
        registered_at=at,
        registered_by=registered_by if getattr(registered_by, "is_authenticated", False) else None,
    )
    Party.objects.bulk_create(
        [
            Party(
                case=case,
                side=p.side,
                kind=p.kind,
                name=p.name,
                mobile=p.mobile,
                id_number=p.id_number,
                address=p.address,
                property_company_id=p.property_company_id,
                owners_committee_id=p.owners_committee_id,
                is_filer=p.is_filer,
            )
            for p in parties
        ]
    )
    TierStint.objects.create(case=case, tier=decision.tier, team=decision.team, entered_at=at)
    event_record(
        case=case,
        kind="registered",
        actor=registered_by,
        at=at,
        visibility=CaseEvent.Visibility.PARTIES,
        summary=_("Registered as %(reference)s (channel: %(channel)s).")
        % {"reference": reference, "channel": Case.Channel(channel).label},
        detail={"channel": channel, "grade_level": grade_level, "households": households},
    )
    routed = event_record(
        case=case,
        kind="routed",
        actor=registered_by,
        at=at,
        summary=decision.reason,
        detail={
            "rule": decision.rule,
            "team_id": decision.team.pk,
            "tier": decision.tier,
            "flagged": decision.flagged,
        },
    )
    notify_on_commit(routed)
    return case


def _create_with_tracking_code(**fields) -> Case:
    """50 random bits make a collision all but impossible; the unique index makes it certain."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Case.objects.create(tracking_code=tracking.new_tracking_code(), **fields)
        except IntegrityError as exc:
            if "tracking_code" not in str(exc):
                raise
    raise RuntimeError("Could not draw an unused tracking code.")
