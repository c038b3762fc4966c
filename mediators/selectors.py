"""Reads about people and teams, shared by the /org/ pages, the API and the desk. Each list is
built in a fixed number of queries, however long it is."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.models import CaseAssignment
from cases.workflow import OPEN_STATUSES
from grids.models import Community, Compound, Grid, Street

from .models import DutyShift, Expert, MediatorProfile, Membership, Team


def team_working_members(team_id: int) -> QuerySet:
    """Active users who work the team's cases (every role but the partner organisations)."""
    working = Membership.objects.filter(user=OuterRef("pk"), team_id=team_id, active=True).exclude(
        role=Membership.Role.PARTNER
    )
    return get_user_model().objects.filter(Exists(working), is_active=True)


def duty_now(*, team_ids=None, at=None) -> QuerySet[DutyShift]:
    """Who is on duty at this moment (值班)."""
    at = at or timezone.now()
    shifts = DutyShift.objects.filter(starts_at__lte=at, ends_at__gt=at)
    if team_ids is not None:
        shifts = shifts.filter(team_id__in=team_ids)
    return shifts.select_related("user", "team").order_by("team__name", "starts_at")


# --- workload -------------------------------------------------------------------------------


def open_cases_of(user_ref) -> Coalesce:
    """The number of open cases a user is actively assigned to, as a subquery, so that a list
    of people carries everyone's workload in its one query (`user_ref`: OuterRef to a user)."""
    count = (
        CaseAssignment.objects.filter(
            user=user_ref, active=True, case__status__in=list(OPEN_STATUSES)
        )
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(count, output_field=IntegerField()), 0)


def team_members(team: Team) -> list[Membership]:
    """The team's active members, role by role, each with their open cases (`open_cases`)."""
    order = {role: i for i, role in enumerate(MEMBER_ROLE_ORDER)}
    members = (
        Membership.objects.filter(team=team, active=True, user__is_active=True)
        .select_related("user")
        .annotate(open_cases=open_cases_of(OuterRef("user_id")))
    )
    return sorted(members, key=lambda m: (order.get(m.role, 99), m.user.name))


MEMBER_ROLE_ORDER = [
    Membership.Role.COORDINATOR,
    Membership.Role.TEAM_LEAD,
    Membership.Role.GRID_WORKER,
    Membership.Role.LEGAL_ADVISER,
    Membership.Role.RULE_OF_LAW_LEADER,
    Membership.Role.MEDIATOR,
    Membership.Role.PARTNER,
]


def mediators_with_workload(people: QuerySet, *, category_code: str = "") -> QuerySet:
    """People who mediate (a mediator membership or a mediator profile), with their open cases,
    their teams and their specialties, for the mediators' list: four queries in all."""
    mediating = Q(memberships__role=Membership.Role.MEDIATOR, memberships__active=True) | Q(
        mediator_profile__isnull=False
    )
    queryset = people.filter(mediating)
    if category_code:
        queryset = queryset.filter(mediator_profile__specialties__code=category_code)
    return (
        queryset.distinct()
        .annotate(open_cases=open_cases_of(OuterRef("pk")))
        .select_related("mediator_profile")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(active=True).select_related("team"),
                to_attr="active_memberships",
            ),
            "mediator_profile__specialties",
        )
        .order_by("name", "pk")
    )


@dataclass
class PersonProfile:
    person: object
    profile: MediatorProfile | None
    memberships: list[Membership]
    training: list
    training_hours: float
    open_cases: int
    open_by_tier: dict[str, int] = field(default_factory=dict)


def person_profile(person) -> PersonProfile:
    profile = MediatorProfile.objects.filter(user=person).prefetch_related("specialties").first()
    training = list(person.training_records.all())
    by_tier = dict(
        CaseAssignment.objects.filter(
            user=person, active=True, case__status__in=list(OPEN_STATUSES)
        )
        .order_by()
        .values_list("case__tier")
        .annotate(n=Count("pk"))
    )
    return PersonProfile(
        person=person,
        profile=profile,
        memberships=list(
            person.memberships.filter(active=True).select_related("team", "team__street")
        ),
        training=training,
        training_hours=float(sum(t.hours for t in training)),
        open_cases=sum(by_tier.values()),
        open_by_tier=by_tier,
    )


# --- geography as the organisation sees it --------------------------------------------------


def streets_overview(streets: QuerySet[Street]) -> QuerySet[Street]:
    """Streets with their counts of grids, compounds and active teams, in one query."""

    def count(model, **filters):
        rows = (
            model.objects.filter(street=OuterRef("pk"), **filters)
            .order_by()
            .values("street")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

    return (
        streets.select_related("district")
        .annotate(
            grid_count=count(Grid),
            compound_count=count(Compound),
            team_count=count(Team, active=True),
            specialist_count=count(Team, active=True, kind=Team.Kind.SPECIALIST_TEAM),
            unplaced_count=count(Compound, grid__isnull=True),
        )
        .order_by("district__code", "code")
    )


def grid_teams_prefetch() -> Prefetch:
    return Prefetch(
        "teams",
        queryset=Team.objects.filter(kind=Team.Kind.GRID_TEAM, active=True).order_by("id"),
        to_attr="grid_teams",
    )


def street_communities(street: Street) -> list[Community]:
    """The street's communities → grids, each grid with its compound count and grid teams."""
    grids = (
        Grid.objects.annotate(compound_count=Count("compounds"))
        .prefetch_related(grid_teams_prefetch())
        .order_by("code")
    )
    return list(
        Community.objects.filter(street=street)
        .prefetch_related(Prefetch("grids", queryset=grids))
        .order_by("code")
    )


def street_teams(street: Street) -> list[Team]:
    """The specialist teams and joint centres serving the street (its own, then the district's
    centre), with their member counts."""
    return list(
        Team.objects.filter(
            Q(street=street, kind__in=[Team.Kind.SPECIALIST_TEAM, Team.Kind.JOINT_CENTRE])
            | Q(street__isnull=True, district=street.district_id)
        )
        .annotate(member_count=Count("memberships", filter=Q(memberships__active=True)))
        .order_by("kind", "-active", "street", "name")
    )


def grid_compounds(grid: Grid) -> QuerySet[Compound]:
    return (
        Compound.objects.filter(grid=grid)
        .select_related("property_company", "owners_committee")
        .order_by("code")
    )


def unplaced_compounds(street: Street) -> QuerySet[Compound]:
    return Compound.objects.filter(street=street, grid__isnull=True).select_related(
        "property_company"
    )


@dataclass
class RoutingGaps:
    """What would send a case to a fallback team (and flag it): shown to those who fix it."""

    streets_without_specialist: list[Street]
    grids_without_team: list[Grid]
    unplaced_compounds: int

    def __bool__(self) -> bool:
        return bool(
            self.streets_without_specialist or self.grids_without_team or self.unplaced_compounds
        )


def routing_gaps(streets: QuerySet[Street]) -> RoutingGaps:
    specialist = Team.objects.filter(
        street=OuterRef("pk"), kind=Team.Kind.SPECIALIST_TEAM, active=True
    )
    covered = Team.objects.filter(grids=OuterRef("pk"), kind=Team.Kind.GRID_TEAM, active=True)
    return RoutingGaps(
        streets_without_specialist=list(streets.filter(~Exists(specialist)).order_by("code")),
        grids_without_team=list(
            Grid.objects.filter(street__in=streets)
            .filter(~Exists(covered))
            .select_related("street")
            .order_by("code")[:50]
        ),
        unplaced_compounds=Compound.objects.filter(street__in=streets, grid__isnull=True).count(),
    )


# --- the expert pool and the duty roster ----------------------------------------------------


def experts_list(
    experts: QuerySet[Expert], *, specialty: str = "", available: bool | None = None
) -> QuerySet[Expert]:
    if specialty:
        # JSON containment is not on SQLite; the pool is small, a text match on the JSON
        # array ("law" quoted) is exact enough and works on both.
        experts = experts.filter(specialties__icontains=f'"{specialty}"')
    if available is not None:
        experts = experts.filter(available=available)
    return experts.select_related("district").order_by("-available", "name")


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass
class RosterDay:
    day: date
    shifts: list[DutyShift]


def roster_week(team: Team, monday: date) -> list[RosterDay]:
    """The team's shifts from Monday to Sunday, day by day (a shift that starts on a day is
    listed on it)."""
    tz = timezone.get_current_timezone()
    start = datetime(monday.year, monday.month, monday.day, tzinfo=tz)
    shifts = list(
        DutyShift.objects.filter(
            team=team, starts_at__gte=start, starts_at__lt=start + timedelta(days=7)
        )
        .select_related("user")
        .order_by("starts_at", "id")
    )
    days = [RosterDay(day=monday + timedelta(days=i), shifts=[]) for i in range(7)]
    for shift in shifts:
        days[(timezone.localtime(shift.starts_at).date() - monday).days].shifts.append(shift)
    return days
