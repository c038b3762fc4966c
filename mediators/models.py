"""People and teams: users, the three kinds of team with their jurisdictions, memberships with
roles, supervisors' jurisdictions, mediator profiles and training, the expert pool and the duty
roster."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.validators import validate_mobile


class User(AbstractUser):
    """A member of staff (or a partner system's account). Residents have no account."""

    # One name field: Chinese names do not split into first and last the Western way.
    first_name = None
    last_name = None
    name = models.CharField(_("name"), max_length=64)
    phone = models.CharField(
        _("mobile number"), max_length=11, blank=True, validators=[validate_mobile]
    )
    # Staff numbers appear on public disclosure boards only with the person's consent.
    publish_phone = models.BooleanField(_("publish my number on disclosure boards"), default=False)
    title = models.CharField(_("job title"), max_length=64, blank=True)

    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.username

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name


class Team(models.Model):
    """A mediation team at one of the three tiers, with its jurisdiction."""

    class Kind(models.TextChoices):
        GRID_TEAM = "grid_team", _("grid 1+3 team")
        SPECIALIST_TEAM = "specialist_team", _("specialist mediation team")
        JOINT_CENTRE = "joint_centre", _("joint mediation centre")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=128)
    # Jurisdiction: a grid team covers grids; a specialist team a street; a joint centre a
    # street or (street empty) the whole district.
    district = models.ForeignKey("grids.District", on_delete=models.PROTECT, related_name="teams")
    street = models.ForeignKey(
        "grids.Street", on_delete=models.PROTECT, null=True, blank=True, related_name="teams"
    )
    grids = models.ManyToManyField("grids.Grid", blank=True, related_name="teams")
    phone = models.CharField(_("team phone"), max_length=32, blank=True)
    address = models.CharField(_("office address"), max_length=255, blank=True)
    # The people's mediation committee (人民调解委员会) in whose name the team's agreements are
    # made and sealed (People's Mediation Law art. 29): a grid team or a centre is no issuer.
    committee_name = models.CharField(
        _("people's mediation committee"),
        max_length=128,
        blank=True,
        help_text=_(
            "Issues and seals the team's agreements. Leave empty for the committee of the "
            "team's street (e.g. 浦江镇人民调解委员会)."
        ),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["district", "street", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                name="team_street_required_below_district",
                condition=Q(kind="joint_centre") | Q(street__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tier(self) -> str:
        return KIND_TIER[self.kind]

    @property
    def committee(self) -> str:
        """The issuing committee's name: set per team, or the street's (the district's for a
        district-wide centre) people's mediation committee."""
        if self.committee_name:
            return self.committee_name
        place = self.street.name if self.street_id else self.district.name
        return f"{place}人民调解委员会"


KIND_TIER = {
    Team.Kind.GRID_TEAM: "grid",
    Team.Kind.SPECIALIST_TEAM: "specialist",
    Team.Kind.JOINT_CENTRE: "joint_centre",
}


class Membership(models.Model):
    """Gives a user a role in a team; a user may sit in several teams."""

    class Role(models.TextChoices):
        GRID_WORKER = "grid_worker", _("grid worker")
        LEGAL_ADVISER = "legal_adviser", _("legal adviser")
        RULE_OF_LAW_LEADER = "rule_of_law_leader", _("rule-of-law leader")
        MEDIATOR = "mediator", _("people's mediator")
        TEAM_LEAD = "team_lead", _("team lead")
        COORDINATOR = "coordinator", _("centre coordinator")
        PARTNER = "partner", _("partner organisation")

    class PartnerOrg(models.TextChoices):
        POLICE_STATION = "police_station", _("police station")
        JUDICIAL_OFFICE = "judicial_office", _("judicial office")
        COURT = "court", _("people's court")
        GOVERNANCE_CENTRE = "governance_centre", _("comprehensive-governance centre")
        GOVERNMENT_DEPARTMENT = "government_department", _("government department")
        INDUSTRY_ASSOCIATION = "industry_association", _("industry association")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    partner_org = models.CharField(
        _("partner organisation kind"), max_length=24, choices=PartnerOrg.choices, blank=True
    )
    organisation = models.CharField(_("organisation"), max_length=128, blank=True)
    active = models.BooleanField(_("active"), default=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.UniqueConstraint(fields=["team", "user", "role"], name="membership_unique_role"),
            models.CheckConstraint(
                name="membership_partner_has_org",
                condition=~Q(role="partner") | ~Q(partner_org=""),
            ),
        ]
        indexes = [models.Index(fields=["user", "active"], name="membership_user_active")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.team}"


class SupervisorJurisdiction(models.Model):
    """What a supervisor (司法所 of a street, 司法局 of a district) may see."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jurisdictions"
    )
    district = models.ForeignKey("grids.District", on_delete=models.CASCADE, null=True, blank=True)
    street = models.ForeignKey("grids.Street", on_delete=models.CASCADE, null=True, blank=True)
    organisation = models.CharField(_("organisation"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("supervisor jurisdiction")
        verbose_name_plural = _("supervisor jurisdictions")
        constraints = [
            models.CheckConstraint(
                name="jurisdiction_is_street_or_district",
                condition=(Q(district__isnull=False) & Q(street__isnull=True))
                | (Q(district__isnull=True) & Q(street__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.street or self.district}"


class MediatorProfile(models.Model):
    """A people's mediator's qualifications and specialties (used to suggest assignees)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mediator_profile"
    )
    certificate_number = models.CharField(_("certificate number"), max_length=64, blank=True)
    qualifications = models.TextField(_("qualifications"), blank=True)
    specialties = models.ManyToManyField(
        "cases.Category", blank=True, related_name="specialists", verbose_name=_("specialties")
    )
    years_of_experience = models.PositiveSmallIntegerField(_("years of experience"), default=0)

    class Meta:
        verbose_name = _("mediator profile")
        verbose_name_plural = _("mediator profiles")

    def __str__(self) -> str:
        return str(self.user)


class TrainingRecord(models.Model):
    """The seeds stress training mediators in property law: each course attended."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_records"
    )
    title = models.CharField(_("course"), max_length=200)
    provider = models.CharField(_("provider"), max_length=128, blank=True)
    attended_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=0)

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-attended_on"]

    def __str__(self) -> str:
        return self.title


class Expert(models.Model):
    """专家库: retired judges, association experts; assesses property-service quality."""

    class Specialty(models.TextChoices):
        FEES = "fees", _("property fees")
        MAINTENANCE_FUND = "maintenance_fund", _("repairs and maintenance funds")
        BUILDING_QUALITY = "building_quality", _("building quality")
        LAW = "law", _("law")
        SERVICE_STANDARDS = "service_standards", _("property-service standards")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="expert",
    )
    name = models.CharField(_("name"), max_length=64)
    organisation = models.CharField(_("organisation"), max_length=128, blank=True)
    title = models.CharField(_("title"), max_length=64, blank=True)
    specialties = models.JSONField(_("specialties"), default=list, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    available = models.BooleanField(_("available"), default=True)
    district = models.ForeignKey(
        "grids.District", on_delete=models.PROTECT, null=True, blank=True, related_name="experts"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def specialty_labels(self) -> list[str]:
        labels = dict(self.Specialty.choices)
        return [str(labels.get(code, code)) for code in self.specialties]


class DutyShift(models.Model):
    """值班: who registers incoming calls and visits first, per team and time."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="duty_shifts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="duty_shifts"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty shifts")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                name="duty_shift_ends_after_start", condition=Q(ends_at__gt=models.F("starts_at"))
            ),
        ]
        indexes = [models.Index(fields=["team", "starts_at"], name="duty_team_start")]

    def __str__(self) -> str:
        return f"{self.user} {self.starts_at:%Y-%m-%d %H:%M}"
