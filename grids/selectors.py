"""Reads about places and companies: the compound search and the disclosure board."""

from dataclasses import dataclass, field

from django.db.models import Case, F, IntegerField, Prefetch, Q, QuerySet, Value, When

from mediators.models import Membership, Team

from .models import Compound, Grid, PropertyCompanyContact, Street

SEARCH_LIMIT = 20
SEARCH_MAX_LENGTH = 64


def compound_search(
    query: str, *, limit: int = SEARCH_LIMIT, within: QuerySet[Compound] | None = None
) -> list[Compound]:
    """Compounds whose name or address contains every word of the query (or whose code is
    the query), best first: code, then name starting with it, then name, then address.

    On PostgreSQL each word is answered by the pg_trgm indexes of migration 0003 (words of
    three characters or more; shorter ones are cheap enough to scan, as the LIMIT stops the
    scan early when they match often). Results are bounded: a picker shows a few, never all.
    `within` narrows the search (a staff member's jurisdiction); the public picker searches all.
    """
    words = " ".join((query or "").split())[:SEARCH_MAX_LENGTH].split()
    if not words:
        return []
    whole = " ".join(words)
    matches = Q()
    for word in words:
        matches &= Q(name__icontains=word) | Q(address__icontains=word)
    # The code is matched exactly (unique b-tree index); an OR with a condition no index
    # serves would turn the whole search into a table scan.
    matches |= Q(code__in={whole, whole.upper()})
    base = Compound.objects.all() if within is None else within
    return list(
        base.filter(matches)
        .annotate(
            rank=Case(
                When(code__in={whole, whole.upper()}, then=Value(0)),
                When(name__istartswith=whole, then=Value(1)),
                When(name__icontains=whole, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        )
        .select_related("street", "property_company")
        .order_by("rank", "name", "code")[:limit]
    )


def compounds_of_street(street: Street) -> QuerySet[Compound]:
    return Compound.objects.filter(street=street).select_related("street").order_by("code")


# --- the disclosure board (信息公示) --------------------------------------------------------

GRID_ROLE_ORDER = [
    Membership.Role.GRID_WORKER,
    Membership.Role.LEGAL_ADVISER,
    Membership.Role.RULE_OF_LAW_LEADER,
    Membership.Role.MEDIATOR,
]
TEAM_ROLE_ORDER = [
    Membership.Role.COORDINATOR,
    Membership.Role.TEAM_LEAD,
    Membership.Role.MEDIATOR,
    *GRID_ROLE_ORDER,
]


@dataclass(frozen=True)
class BoardPerson:
    name: str
    role: str
    phone: str  # empty unless the person agreed to publish it (User.publish_phone)


@dataclass
class BoardTeam:
    team: Team
    grid_ids: set[int] = field(default_factory=set)
    people: list[BoardPerson] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)  # partner organisations sitting in


@dataclass
class Board:
    compound: Compound
    grid_teams: list[BoardTeam]
    specialist_team: BoardTeam | None
    joint_centre: BoardTeam | None
    company_contacts: list[PropertyCompanyContact]
    committee_phone: str


def board_for_compound(code: str) -> Board | None:
    """Everything a compound's disclosure board shows, with staff numbers only where their
    owners agreed to publish them: the template never sees an unpublished number."""
    compounds = list(_board_compounds().filter(code=code))
    return boards_for(compounds)[0] if compounds else None


def boards_for_street(street: Street, *, start: int = 0, count: int | None = None) -> list[Board]:
    """The boards of a street's compounds in code order (for the street's poster PDF), from
    the `start`th, at most `count` of them, in five queries."""
    compounds = _board_compounds().filter(street=street).order_by("code")
    end = None if count is None else start + count
    return boards_for(list(compounds[start:end]))


def _board_compounds() -> QuerySet[Compound]:
    return Compound.objects.select_related(
        "street__district", "grid__community", "property_company", "owners_committee"
    )


def boards_for(compounds: list[Compound]) -> list[Board]:
    """The boards of these compounds, in a fixed number of queries however many there are."""
    if not compounds:
        return []
    streets = {c.street_id for c in compounds}
    districts = {c.street.district_id for c in compounds}
    grid_ids = {c.grid_id for c in compounds if c.grid_id}
    teams = list(
        Team.objects.filter(
            Q(kind=Team.Kind.GRID_TEAM, grids__in=grid_ids)
            | Q(kind__in=[Team.Kind.SPECIALIST_TEAM, Team.Kind.JOINT_CENTRE], street__in=streets)
            | Q(kind=Team.Kind.JOINT_CENTRE, street__isnull=True, district__in=districts),
            active=True,
        )
        .distinct()
        .prefetch_related(Prefetch("grids", queryset=Grid.objects.only("id")))
        .order_by("id")
    )
    board_teams = _board_teams(teams)
    contacts = _company_contacts(compounds)
    boards = []
    for compound in compounds:
        mine = [bt for bt in board_teams if _serves(bt, compound)]
        specialist = next((bt for bt in mine if bt.team.kind == Team.Kind.SPECIALIST_TEAM), None)
        # The street's own centre before the district's.
        centres = sorted(
            (bt for bt in mine if bt.team.kind == Team.Kind.JOINT_CENTRE),
            key=lambda bt: bt.team.street_id is None,
        )
        committee = getattr(compound, "owners_committee", None)
        boards.append(
            Board(
                compound=compound,
                grid_teams=[bt for bt in mine if bt.team.kind == Team.Kind.GRID_TEAM],
                specialist_team=specialist,
                joint_centre=centres[0] if centres else None,
                company_contacts=[
                    c
                    for c in contacts
                    if c.company_id == compound.property_company_id
                    and c.compound_id in (None, compound.pk)
                ],
                committee_phone=(
                    committee.contact_phone if committee and committee.publish_phone else ""
                ),
            )
        )
    return boards


def _serves(board_team: BoardTeam, compound: Compound) -> bool:
    team = board_team.team
    if team.kind == Team.Kind.GRID_TEAM:
        return compound.grid_id in board_team.grid_ids
    if team.street_id:
        return team.street_id == compound.street_id
    return team.district_id == compound.street.district_id


def _board_teams(teams: list[Team]) -> list[BoardTeam]:
    by_team = {
        team.pk: BoardTeam(team=team, grid_ids={g.pk for g in team.grids.all()}) for team in teams
    }
    memberships = (
        Membership.objects.filter(team__in=by_team, active=True, user__is_active=True)
        .select_related("user")
        .order_by("id")
    )
    order = {role: i for i, role in enumerate(TEAM_ROLE_ORDER)}
    for m in sorted(memberships, key=lambda m: (order.get(m.role, 99), m.pk)):
        board_team = by_team[m.team_id]
        if m.role == Membership.Role.PARTNER:
            label = m.organisation or m.get_partner_org_display()
            if label not in board_team.partners:
                board_team.partners.append(label)
            continue
        board_team.people.append(
            BoardPerson(
                name=m.user.name,
                role=m.get_role_display(),
                phone=m.user.phone if m.user.publish_phone else "",
            )
        )
    return list(by_team.values())


def _company_contacts(compounds: list[Compound]) -> list[PropertyCompanyContact]:
    companies = {c.property_company_id for c in compounds if c.property_company_id}
    if not companies:
        return []
    # Each compound's own site first, then the head office.
    return list(
        PropertyCompanyContact.objects.filter(
            Q(compound__in=[c.pk for c in compounds]) | Q(compound__isnull=True),
            company__in=companies,
            publish=True,
        ).order_by(F("compound_id").desc(nulls_last=True), "order", "id")
    )
