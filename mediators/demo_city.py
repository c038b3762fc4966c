"""Staff for the city around the demo town (see grids/demo_city.py): a "1+3" team per grid, a
specialist team and a joint centre per street, a supervisor for every district and street,
written with bulk inserts and put in their role groups directly (groups_sync_all would take a
query per user)."""

from django.contrib.auth.models import Group

from .models import Membership, SupervisorJurisdiction, Team, User
from .services.groups import ROLE_GROUPS, SUPERVISORS

R = Membership.Role
GRID_TEAM_ROLES = [R.GRID_WORKER, R.LEGAL_ADVISER, R.RULE_OF_LAW_LEADER, R.MEDIATOR]
SPECIALIST_ROLES = [R.TEAM_LEAD, R.MEDIATOR, R.MEDIATOR, R.MEDIATOR]
CENTRE_ROLES = [R.COORDINATOR, R.MEDIATOR]
PARTNERS = [
    (Membership.PartnerOrg.POLICE_STATION, "派出所"),
    (Membership.PartnerOrg.JUDICIAL_OFFICE, "司法所"),
    (Membership.PartnerOrg.COURT, "人民法庭"),
    (Membership.PartnerOrg.GOVERNANCE_CENTRE, "综治中心"),
]


class _Staff:
    """Collects users, their memberships and groups, and writes them in a few statements."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.users: list[User] = []
        self.memberships: list[tuple[int, Team, str, dict]] = []  # (user index, team, role, extra)
        self.jurisdictions: list[tuple[int, dict]] = []

    def person(self, **fields) -> int:
        n = len(self.users)
        self.users.append(
            User(
                username=f"c{n + 1:05d}",
                name=self.ctx.name(),
                phone=self.ctx.mobile(),
                password=self.ctx.password_hash,
                **fields,
            )
        )
        return n

    def member(self, team: Team, role: str, **extra) -> None:
        self.memberships.append(
            (self.person(publish_phone=role != R.LEGAL_ADVISER), team, role, extra)
        )

    def supervisor(self, **where) -> None:
        self.jurisdictions.append((self.person(title="科员"), where))

    def save(self) -> None:
        users = User.objects.bulk_create(self.users, batch_size=2000)
        Membership.objects.bulk_create(
            (
                Membership(user=users[i], team=team, role=role, **extra)
                for i, team, role, extra in self.memberships
            ),
            batch_size=2000,
        )
        SupervisorJurisdiction.objects.bulk_create(
            SupervisorJurisdiction(user=users[i], **where) for i, where in self.jurisdictions
        )
        groups = dict(Group.objects.values_list("name", "pk"))
        through = User.groups.through
        rows = {(users[i].pk, groups[ROLE_GROUPS[role]]) for i, _t, role, _e in self.memberships}
        rows |= {(users[i].pk, groups[SUPERVISORS]) for i, _w in self.jurisdictions}
        through.objects.bulk_create(
            (through(user_id=u, group_id=g) for u, g in rows), batch_size=5000
        )


def seed(ctx) -> None:
    city = getattr(ctx, "city", None)
    if city is None:
        return
    staff = _Staff(ctx)
    street_teams = []
    for street in city.streets:
        for kind, label in (
            (Team.Kind.SPECIALIST_TEAM, "物业纠纷调解队"),
            (Team.Kind.JOINT_CENTRE, "矛盾调解中心"),
        ):
            street_teams.append(
                Team(
                    kind=kind,
                    name=f"{street.name}{label}",
                    district_id=street.district_id,
                    street=street,
                    phone=street.hotline,
                    address=street.address,
                )
            )
    street_teams = Team.objects.bulk_create(street_teams)
    for specialist, centre in zip(street_teams[::2], street_teams[1::2], strict=True):
        ctx.specialist_teams[specialist.street_id] = specialist
        ctx.centres[centre.street_id] = centre
        for role in SPECIALIST_ROLES:
            staff.member(specialist, role)
        for role in CENTRE_ROLES:
            staff.member(centre, role)
        for org, label in PARTNERS:
            staff.member(
                centre, R.PARTNER, partner_org=org, organisation=f"{centre.street.name}{label}"
            )
    grid_teams = Team.objects.bulk_create(
        (
            Team(
                kind=Team.Kind.GRID_TEAM,
                name=f"{grid.name}1+3团队",
                district_id=grid.street.district_id,
                street_id=grid.street_id,
            )
            for grid in city.grids
        ),
        batch_size=2000,
    )
    Team.grids.through.objects.bulk_create(
        (
            Team.grids.through(team_id=team.pk, grid_id=grid.pk)
            for team, grid in zip(grid_teams, city.grids, strict=True)
        ),
        batch_size=5000,
    )
    for team, grid in zip(grid_teams, city.grids, strict=True):
        ctx.grid_teams[grid.pk] = team
        for role in GRID_TEAM_ROLES:
            staff.member(team, role)
    for district in city.districts:
        staff.supervisor(district=district)
    for street in city.streets:
        staff.supervisor(street=street)
    staff.save()
