"""Demo organisation: a "1+3" team per grid, a specialist team and a joint centre per street,
supervisors, experts, and the duty roster. The first street's people get printed logins."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from cases.models import Category

from .models import (
    DutyShift,
    Expert,
    MediatorProfile,
    Membership,
    SupervisorJurisdiction,
    Team,
    TrainingRecord,
    User,
)
from .services.groups import ADMINISTRATORS, groups_ensure, groups_sync_all

R = Membership.Role

# username → what the README and `make run` print about it
DEMO_LOGINS = {
    "admin": "系统管理员 / administrator",
    "supervisor": "区司法局（闵行区）/ district supervisor",
    "street_supervisor": "浦江镇司法所 / street supervisor",
    "gridworker": "网格员（浦江第1社区1号网格）/ grid worker",
    "mediator": "人民调解员（网格1+3团队）/ grid team mediator",
    "legal": "法律顾问（网格1+3团队）/ legal adviser",
    "lead": "浦江镇物业纠纷调解队队长 / specialist team lead",
    "specialist": "调解队调解员 / specialist mediator",
    "coordinator": "浦江镇矛盾调解中心 / centre coordinator",
    "police": "派出所（联调单位）/ partner: police station",
    "expert": "专家库专家 / expert",
    "other_mediator": "人民调解员（梅陇镇）/ mediator of another street",
}


def _user(ctx, username: str | None = None, **fields) -> User:
    username = username or f"u{len(ctx.users) + 1:04d}"
    user = User(
        username=username, name=fields.pop("name", None) or ctx.name(), phone=ctx.mobile(), **fields
    )
    # Hashing is slow on purpose; every demo user shares the one hash of the demo password.
    if not ctx.password_hash:
        ctx.password_hash = make_password(settings.DEMO_PASSWORD)
    user.password = ctx.password_hash
    user.save()
    ctx.users[username] = user
    return user


def _member(team, user, role, **extra) -> Membership:
    return Membership.objects.create(team=team, user=user, role=role, **extra)


def seed(ctx) -> None:
    _user(ctx, "admin", name="管理员", is_staff=True, is_superuser=True)
    categories = list(Category.objects.all())
    first_street = ctx.streets[0]
    for street in ctx.streets:
        first = street == first_street
        specialist = Team.objects.create(
            kind=Team.Kind.SPECIALIST_TEAM,
            name=f"{street.name}物业纠纷调解队",
            # the specialist team works under the street's property-dispute committee
            committee_name=f"{street.name}物业纠纷人民调解委员会",
            district=street.district,
            street=street,
            phone=street.hotline,
            address=street.address,
        )
        centre = Team.objects.create(
            kind=Team.Kind.JOINT_CENTRE,
            name=f"{street.name}矛盾调解中心",
            district=street.district,
            street=street,
            phone=street.hotline,
            address=street.address,
        )
        ctx.specialist_teams[street.pk] = specialist
        ctx.centres[street.pk] = centre
        _member(specialist, _user(ctx, "lead" if first else None, publish_phone=True), R.TEAM_LEAD)
        for i in range(3):
            username = "specialist" if first and i == 0 else None
            if street == ctx.streets[1] and i == 0:
                username = "other_mediator"
            mediator = _user(ctx, username, publish_phone=True)
            _member(specialist, mediator, R.MEDIATOR)
            _profile(ctx, mediator, f"TJ{street.code}{i:03d}", categories)
        _member(
            centre, _user(ctx, "coordinator" if first else None, publish_phone=True), R.COORDINATOR
        )
        _member(centre, _user(ctx), R.MEDIATOR)
        for org, username, label in [
            (Membership.PartnerOrg.POLICE_STATION, "police" if first else None, "派出所"),
            (Membership.PartnerOrg.JUDICIAL_OFFICE, None, "司法所"),
            (Membership.PartnerOrg.COURT, None, "人民法庭"),
            (Membership.PartnerOrg.GOVERNANCE_CENTRE, None, "综治中心"),
        ]:
            _member(
                centre,
                _user(ctx, username),
                R.PARTNER,
                partner_org=org,
                organisation=f"{street.name}{label}",
            )
    for grid in ctx.grids:
        first = grid == ctx.grids[0]
        team = Team.objects.create(
            kind=Team.Kind.GRID_TEAM,
            name=f"{grid.name}1+3团队",
            district=grid.street.district,
            street=grid.street,
        )
        team.grids.add(grid)
        ctx.grid_teams[grid.pk] = team
        for role, username in [
            (R.GRID_WORKER, "gridworker"),
            (R.LEGAL_ADVISER, "legal"),
            (R.RULE_OF_LAW_LEADER, None),
            (R.MEDIATOR, "mediator"),
        ]:
            # The legal advisers (lawyers from firms) keep their mobiles off the boards.
            person = _user(ctx, username if first else None, publish_phone=role != R.LEGAL_ADVISER)
            _member(team, person, role)
            if role == R.MEDIATOR:
                _profile(ctx, person, f"WG{grid.code}", categories)
    district = ctx.districts[0]
    sup = _user(ctx, "supervisor", title="科长")
    SupervisorJurisdiction.objects.create(
        user=sup, district=district, organisation=f"{district.name}司法局"
    )
    street_sup = _user(ctx, "street_supervisor", title="所长")
    SupervisorJurisdiction.objects.create(
        user=street_sup, street=first_street, organisation=f"{first_street.name}司法所"
    )
    for i, (name, org, title, specialties, available, note) in enumerate(EXPERTS):
        Expert.objects.create(
            user=_user(ctx, "expert", name=name) if i == 0 else None,
            name=name,
            organisation=org,
            title=title,
            specialties=specialties,
            phone=ctx.mobile(),
            available=available,
            note=note,
            district=district if i < len(EXPERTS) - 1 else ctx.districts[-1],
        )
    _seed_duty(ctx)
    # The role groups follow the memberships made above (the factories' shortcut around the
    # membership service); the administrator is in the administrators' group.
    groups_ensure()
    groups_sync_all()
    ctx.users["admin"].groups.add(Group.objects.get(name=ADMINISTRATORS))


def _seed_duty(ctx) -> None:
    """This week and the next: each specialist team and centre has someone on duty by day
    (8:30–17:30) and someone on call by night (17:30 to 8:30 the next morning), so whenever
    the demo is opened somebody is on duty; grid workers take a weekly patrol day."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    tz = timezone.get_current_timezone()
    shifts = []
    for team in [*ctx.specialist_teams.values(), *ctx.centres.values()]:
        members = list(team.memberships.exclude(role=R.PARTNER).select_related("user"))
        for offset in range(-1, 14):
            day = monday + timedelta(days=offset)
            start = timezone.datetime(day.year, day.month, day.day, 8, 30, tzinfo=tz)
            shifts.append(
                DutyShift(
                    team=team,
                    user=members[offset % len(members)].user,
                    starts_at=start,
                    ends_at=start + timedelta(hours=9),
                )
            )
            shifts.append(
                DutyShift(
                    team=team,
                    user=members[(offset + 1) % len(members)].user,
                    starts_at=start + timedelta(hours=9),
                    ends_at=start + timedelta(hours=24),
                    note="夜间电话值班",
                )
            )
    for team in ctx.grid_teams.values():
        worker = team.memberships.filter(role=R.GRID_WORKER).select_related("user").first()
        for week in range(2):
            day = monday + timedelta(days=week * 7 + team.pk % 5)
            start = timezone.datetime(day.year, day.month, day.day, 9, 0, tzinfo=tz)
            shifts.append(
                DutyShift(
                    team=team,
                    user=worker.user,
                    starts_at=start,
                    ends_at=start + timedelta(hours=8),
                    note="网格排查日",
                )
            )
    DutyShift.objects.bulk_create(shifts)


COURSES = [
    ("《民法典》物业服务合同专题培训", "区物业管理行业协会", 6),
    ("物业纠纷人民调解实务与技巧", "区司法局", 8),
    ("住宅专项维修资金使用与管理", "市住房和城乡建设管理委员会", 4),
    ("背对背调解与情绪疏导", "区人民调解协会", 3),
    ("物业服务质量评价标准解读", "区物业管理行业协会", 4),
]

EXPERTS = [
    ("周华", "区人民法院（退休）", "退休法官", ["law"], True, "每周二、四上午驻点调解中心"),
    ("钱秀君", "区物业管理行业协会", "高级物业管理师", ["service_standards", "fees"], True, ""),
    (
        "孙建国",
        "市房屋质量检测站",
        "高级工程师",
        ["building_quality", "maintenance_fund"],
        True,
        "",
    ),
    ("李玥", "律师事务所", "律师", ["law", "fees"], True, ""),
    (
        "吴志强",
        "区住房保障和房屋管理局（退休）",
        "原物业科科长",
        ["maintenance_fund", "service_standards"],
        False,
        "外出至下月中旬",
    ),
    (
        "郑丽",
        "会计师事务所",
        "注册会计师",
        ["fees", "maintenance_fund"],
        True,
        "可审核物业费收支与公共收益账目",
    ),
    ("冯立新", "县物业管理协会", "副会长", ["service_standards", "fees"], True, ""),
]


def _profile(ctx, user: User, certificate: str, categories) -> None:
    profile = MediatorProfile.objects.create(
        user=user,
        certificate_number=certificate,
        qualifications="人民调解员资格证书；物业管理法律法规专项培训结业",
        years_of_experience=ctx.rng.randrange(1, 20),
    )
    profile.specialties.set(ctx.rng.sample(categories, 3))
    for title, provider, hours in ctx.rng.sample(COURSES, ctx.rng.randrange(1, 4)):
        TrainingRecord.objects.create(
            user=user,
            title=title,
            provider=provider,
            attended_on=timezone.localdate() - timedelta(days=ctx.rng.randrange(20, 400)),
            hours=hours,
        )


def team_workers() -> dict[int, int]:
    """Who works each team's generated historical cases (holds its sessions, drafts its
    agreements, follows it up): the grid worker, else the team's first mediator."""
    workers: dict[int, int] = {}
    preference = {R.GRID_WORKER: 0, R.MEDIATOR: 1}
    rows = Membership.objects.filter(role__in=list(preference), active=True).values_list(
        "team_id", "user_id", "role"
    )
    for team_id, user_id, _role in sorted(rows, key=lambda r: (r[0], preference[r[2]], r[1])):
        workers.setdefault(team_id, user_id)
    return workers
