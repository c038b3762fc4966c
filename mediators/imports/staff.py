"""Staff with their team roles: one row per role a person holds in a team. The team is found
by its kind and jurisdiction (a grid team by a grid's code, a specialist team by the street's
code, a joint centre by the street's or the district's code) and made when missing."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from core.spreadsheets import Limits
from core.validators import normalize_mobile, validate_mobile
from grids.imports.base import Importer, RowInvalid, assign
from grids.imports.reader import Column, Row
from grids.models import District, Grid, Street
from mediators.models import Membership, Team
from mediators.services.memberships import membership_add

User = get_user_model()
C = Column
COLUMNS = [
    C("username", ("用户名", "账号", "登录名", "username"), required=True),
    C("name", ("姓名", "name"), required=True),
    C("phone", ("手机号", "手机", "手机号码", "phone", "mobile")),
    C("publish_phone", ("公开手机号", "同意公示手机号", "publish_phone")),
    C("title", ("职务", "title")),
    C("email", ("邮箱", "email")),
    C("team_kind", ("团队类型", "team_kind"), required=True),
    C("jurisdiction", ("辖区代码", "jurisdiction", "jurisdiction_code"), required=True),
    C("team_name", ("团队名称", "team_name")),
    C("role", ("角色", "role"), required=True),
    C("partner_org", ("联调单位类型", "partner_org")),
    C("organisation", ("单位名称", "所在单位", "organisation")),
]
COL = {c.key: c for c in COLUMNS}
YES = {"是", "同意", "yes", "y", "true", "1", "公开"}
NO = {"否", "不同意", "no", "n", "false", "0", "不公开"}
KIND_WORDS = {
    Team.Kind.GRID_TEAM: {"网格团队", "网格1+3团队", "网格“1+3”团队", "1+3团队", "网格"},
    Team.Kind.SPECIALIST_TEAM: {"调解队", "物业纠纷调解队", "调委会", "专业调解队"},
    Team.Kind.JOINT_CENTRE: {"调解中心", "矛盾调解中心", "调处中心", "联调中心"},
}


ROLE_WORDS = {
    Membership.Role.TEAM_LEAD: {"调解队队长", "队长", "调委会主任", "调解委员会主任"},
    Membership.Role.COORDINATOR: {"中心协调员", "协调员", "调解中心主任"},
    Membership.Role.MEDIATOR: {"调解员", "专职调解员"},
    Membership.Role.PARTNER: {"联调单位人员", "合作单位"},
}


def _choice(text: str, choices, extra: dict | None = None) -> str | None:
    """A choice from its code, its Chinese or English label, or an extra word."""
    wanted = text.strip().lower()
    for value, label in choices:
        names = {value}
        for language in ("zh-hans", "en"):
            with translation.override(language):
                names.add(str(label).lower())
        if wanted in names:
            return value
    for value, words in (extra or {}).items():
        if wanted in {w.lower() for w in words}:
            return value
    return None


class StaffImporter(Importer):
    kind = "staff"
    COLUMNS = COLUMNS
    # one row per role: a district's staff a few times over; 12 columns are documented
    LIMITS = Limits(
        file_mb=10, unpacked_mb=20, rows=5000, columns=30, cells=100_000, cell_chars=500
    )
    field_labels = {
        "username": COL["username"].label,
        "name": COL["name"].label,
        "phone": COL["phone"].label,
        "email": COL["email"].label,
        "title": COL["title"].label,
    }

    def prepare(self, rows: list[Row]) -> None:
        usernames = {r.get("username") for r in rows}
        self.users = {u.username: u for u in User.objects.filter(username__in=usernames)}
        self.grids = {g.code: g for g in Grid.objects.select_related("street")}
        self.streets = {s.code: s for s in Street.objects.all()}
        self.districts = {d.code: d for d in District.objects.all()}
        self.teams: dict[tuple, Team] = {}
        self.people: dict[str, tuple[int, tuple]] = {}
        self.roles = Membership.Role.choices
        self.partner_orgs = Membership.PartnerOrg.choices

    def import_row(self, row: Row) -> None:
        user = self._user(row)
        team = self._team(row)
        role = _choice(row.get("role"), self.roles, ROLE_WORDS)
        if role is None:
            raise RowInvalid(
                _("Unknown role; use one of: %(roles)s.")
                % {"roles": "、".join(str(label) for _v, label in self.roles)},
                COL["role"],
            )
        partner_org = ""
        if role == Membership.Role.PARTNER:
            partner_org = _choice(row.get("partner_org"), self.partner_orgs) or ""
            if not partner_org:
                raise RowInvalid(
                    _("A partner organisation needs its kind: %(kinds)s.")
                    % {"kinds": "、".join(str(label) for _v, label in self.partner_orgs)},
                    COL["partner_org"],
                )
        existed = Membership.objects.filter(team=team, user=user, role=role).exists()
        _membership, changed = membership_add(
            team=team,
            user=user,
            role=role,
            partner_org=partner_org,
            organisation=row.get("organisation"),
        )
        if changed:
            counter = self.result.updated if existed else self.result.created
            counter[str(Membership._meta.verbose_name_plural)] += 1

    def _user(self, row: Row):
        username = row.get("username")
        phone = normalize_mobile(row.get("phone"))
        if phone:
            try:
                validate_mobile(phone)
            except ValidationError as exc:
                raise RowInvalid(" ".join(exc.messages), COL["phone"]) from None
        publish = row.get("publish_phone").strip().lower()
        if publish and publish not in YES | NO:
            raise RowInvalid(_("Write 是 or 否 (yes or no)."), COL["publish_phone"])
        # A blank cell leaves the person's choice as it is; only 是/否 changes it.
        consent = (publish in YES) if publish else None
        values = (row.get("name"), phone, consent, row.get("title"), row.get("email"))
        before = self.people.get(username)
        if before and before[1] != values:
            raise RowInvalid(
                _("%(username)s is described differently on line %(line)d.")
                % {"username": username, "line": before[0]},
                COL["username"],
            )
        self.people.setdefault(username, (row.line, values))
        user = self.users.get(username)
        if user is None:
            user = User(username=username)
            user.set_unusable_password()  # an administrator sets a password or sends a reset
        fields = dict(
            zip(("name", "phone", "publish_phone", "title", "email"), values, strict=True)
        )
        if user._state.adding and consent is None:
            fields["publish_phone"] = False
        changed = assign(user, fields)
        self.save(user, changed_fields=changed, exclude_validation=["password"])
        self.users[username] = user
        return user

    def _team(self, row: Row) -> Team:
        kind = _choice(row.get("team_kind"), Team.Kind.choices, KIND_WORDS)
        if kind is None:
            raise RowInvalid(
                _("Unknown team kind; use 网格团队, 调解队 or 调解中心."), COL["team_kind"]
            )
        code = row.get("jurisdiction")
        key = (kind, code)
        if key in self.teams:
            return self.teams[key]
        team = self._find_or_make_team(kind, code, row.get("team_name"))
        self.teams[key] = team
        return team

    def _find_or_make_team(self, kind: str, code: str, name: str) -> Team:
        active = Team.objects.filter(kind=kind, active=True).order_by("id")
        if kind == Team.Kind.GRID_TEAM:
            grid = self.grids.get(code)
            if grid is None:
                raise RowInvalid(
                    _("No grid with code %(code)s.") % {"code": code}, COL["jurisdiction"]
                )
            team = active.filter(grids=grid).first() or Team(
                kind=kind,
                district_id=grid.street.district_id,
                street=grid.street,
                name=name or f"{grid.name}1+3团队",
            )
            created = team._state.adding
            self._save_team(team, name)
            if created:
                team.grids.add(grid)
            return team
        street = self.streets.get(code)
        district = self.districts.get(code) if street is None else None
        if street is None and (kind == Team.Kind.SPECIALIST_TEAM or district is None):
            raise RowInvalid(
                _("No street with code %(code)s.") % {"code": code}
                if kind == Team.Kind.SPECIALIST_TEAM
                else _("No street or district with code %(code)s.") % {"code": code},
                COL["jurisdiction"],
            )
        if street is not None:
            default = f"{street.name}{'物业纠纷调解队' if kind == Team.Kind.SPECIALIST_TEAM else '矛盾调解中心'}"
            team = active.filter(street=street).first() or Team(
                kind=kind, district_id=street.district_id, street=street, name=name or default
            )
        else:
            team = active.filter(street__isnull=True, district=district).first() or Team(
                kind=kind, district=district, name=name or f"{district.name}矛盾调解中心"
            )
        self._save_team(team, name)
        return team

    def _save_team(self, team: Team, name: str) -> None:
        changed = assign(team, {"name": name}) if not team._state.adding else []
        self.save(team, changed_fields=changed)
