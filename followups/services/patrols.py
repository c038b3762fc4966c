"""Screening patrols (排查): recording a grid's weekly patrol and its early signs, turning a sign
into a case (channel "screening patrol"), and flagging grids that missed their week."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Case, CaseEvent, Category
from cases.services.parties import PartyData
from cases.services.record import event_record
from cases.services.registration import case_register
from cases.workflow import Channel
from core.errors import Refused
from followups.access import patrol_grids_for_user
from followups.models import EarlySign, MissedPatrol, PatrolMember, Reminder, ScreeningPatrol
from followups.models.patrols import week_start
from grids.models import Grid
from mediators.selectors import team_working_members

from .jobs import run_each
from .people import street_specialist_team
from .reminders import reminder_send, said

if TYPE_CHECKING:
    from mediators.models import User


@dataclass
class SignInput:
    description: str
    severity: str = EarlySign.Severity.LOW
    compound_id: int | None = None
    parties: str = ""


@dataclass
class MemberInput:
    kind: str
    name: str
    user_id: int | None = None
    expert_id: int | None = None


@dataclass
class PatrolInput:
    grid_id: int
    patrolled_on: date
    compound_ids: list[int] = field(default_factory=list)
    members: list[MemberInput] = field(default_factory=list)
    signs: list[SignInput] = field(default_factory=list)
    notes: str = ""


def patrol_record(*, actor: "User", data: PatrolInput) -> ScreeningPatrol:
    """Record a patrol of a grid the actor's team covers. Bad input raises Refused
    ("invalid") and nothing is written."""
    grid = patrol_grids_for_user(actor, record=True).filter(pk=data.grid_id).first()
    if grid is None:
        raise Refused("forbidden", _("You do not patrol this grid."))
    if data.patrolled_on is None or data.patrolled_on > timezone.localdate():
        raise Refused("invalid", _("The date of the patrol cannot be in the future."))
    compounds = list(grid.compounds.filter(pk__in=data.compound_ids))
    if not compounds or len(compounds) != len(set(data.compound_ids)):
        raise Refused("invalid", _("Choose the compounds visited, all in this grid."))
    if not data.members:
        raise Refused("invalid", _("Name who took part in the patrol."))
    compound_ids = {c.pk for c in compounds}
    for sign in data.signs:
        if not sign.description.strip():
            raise Refused("invalid", _("Describe each early sign."))
        if sign.compound_id and sign.compound_id not in compound_ids:
            raise Refused("invalid", _("An early sign must be in a compound visited."))
    try:
        with transaction.atomic():
            patrol = ScreeningPatrol.objects.create(
                grid=grid,
                patrolled_on=data.patrolled_on,
                week_start=week_start(data.patrolled_on),
                notes=data.notes.strip(),
                recorded_by=actor,
                recorded_at=timezone.now(),
            )
    except IntegrityError:
        raise Refused(
            "illegal",
            _("A patrol of %(grid)s on %(date)s is already recorded.")
            % {"grid": grid.name, "date": data.patrolled_on.isoformat()},
        ) from None
    patrol.compounds.set(compounds)
    PatrolMember.objects.bulk_create(
        [
            PatrolMember(
                patrol=patrol,
                kind=m.kind,
                name=m.name.strip()[:64],
                user_id=m.user_id,
                expert_id=m.expert_id,
            )
            for m in data.members
        ]
    )
    EarlySign.objects.bulk_create(
        [
            EarlySign(
                patrol=patrol,
                compound_id=s.compound_id,
                description=s.description.strip(),
                severity=s.severity,
                parties=s.parties.strip()[:300],
            )
            for s in data.signs
        ]
    )
    return patrol


def early_sign_to_case(
    *,
    sign_id: int,
    actor: "User",
    category: Category,
    title: str,
    applicant_name: str = "",
    applicant_mobile: str = "",
) -> Case:
    """Register the early sign as a case (channel "screening patrol") and keep the link both
    ways: the sign points at the case, the case's first entries cite the patrol."""
    with transaction.atomic():
        sign = (
            EarlySign.objects.select_for_update(of=("self",))
            .select_related("patrol", "patrol__grid", "compound")
            .get(pk=sign_id)
        )
        grid = sign.patrol.grid
        if not patrol_grids_for_user(actor, record=True).filter(pk=grid.pk).exists():
            raise Refused("forbidden", _("You do not patrol this grid."))
        if sign.case_id:
            raise Refused("stale", _("This early sign is already a case."))
        compound = sign.compound or grid.compounds.order_by("code").first()
        if compound is None:
            raise Refused("invalid", _("The grid has no compound to register the case in."))
        if not title.strip():
            raise Refused("invalid", _("Give the case a summary."))
        parties = []
        if applicant_name.strip():
            parties.append(
                PartyData(
                    side="applicant", name=applicant_name.strip(), mobile=applicant_mobile.strip()
                )
            )
        case = case_register(
            compound=compound,
            category=category,
            channel=Channel.PATROL,
            title=title.strip(),
            description=sign.description
            + (f"\n{_('Parties, if known')}: {sign.parties}" if sign.parties else ""),
            parties=parties,
            registered_by=actor,
        )
        sign.case, sign.converted_by, sign.converted_at = case, actor, timezone.now()
        sign.save(update_fields=["case", "converted_by", "converted_at"])
        event_record(
            case=case,
            kind="from_patrol",
            actor=actor,
            visibility=CaseEvent.Visibility.INTERNAL,
            summary=_(
                "Found as an early sign (severity: %(severity)s) on the patrol of %(grid)s on %(date)s."
            )
            % {
                "severity": sign.get_severity_display(),
                "grid": grid.name,
                "date": sign.patrol.patrolled_on.isoformat(),
            },
            detail={"early_sign_id": sign.pk, "patrol_id": sign.patrol_id},
        )
    return case


def patrols_flag_missed(*, today: date | None = None) -> int:
    """The job: every grid with no patrol in the last complete week is flagged once to its
    street's specialist team (the MissedPatrol row's unique constraint is the once)."""
    today = today or timezone.localdate()
    week = week_start(today) - timedelta(days=7)
    grids = (
        Grid.objects.exclude(patrols__week_start=week)
        .exclude(missed_patrols__week_start=week)
        .select_related("street")
        .order_by("pk")
    )
    return run_each("patrol_missed", list(grids), lambda g: patrol_flag_missed(grid=g, week=week))


def patrol_flag_missed(*, grid: Grid, week: date) -> bool:
    if ScreeningPatrol.objects.filter(grid=grid, week_start=week).exists():
        return False
    team = street_specialist_team(grid.street_id)
    try:
        with transaction.atomic():
            MissedPatrol.objects.create(
                grid=grid, week_start=week, team=team, flagged_at=timezone.now()
            )
    except IntegrityError:
        return False
    if team is not None:
        reminder_send(
            key=f"patrol:{grid.pk}:{week.isoformat()}",
            kind=Reminder.Kind.PATROL_MISSED,
            users=team_working_members(team.pk),
            what=said(
                gettext_lazy("%(grid)s recorded no screening patrol in the week of %(week)s."),
                grid=grid.name,
                week=week.isoformat(),
            ),
            url=reverse("followups:overview"),
        )
    return True
