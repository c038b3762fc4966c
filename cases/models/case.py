"""The case: its identity, grade, place in the three tiers and its state."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cases import workflow


class Category(models.Model):
    """纠纷类别: an editable list (fees, repairs, parking, ...)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name (Chinese)"), max_length=64)
    name_en = models.CharField(_("name (English)"), max_length=64)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        lang = get_language() or ""
        return self.name_en if lang.startswith("en") and self.name_en else self.name


class ReferenceCounter(models.Model):
    """The last reference number issued per street and year; locked to issue the next one,
    so numbers are gap-free and unique however many cases register at once."""

    street = models.ForeignKey("grids.Street", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["street", "year"], name="refcounter_street_year")
        ]

    def __str__(self) -> str:
        return f"{self.street_id}/{self.year}: {self.last}"


class UnrecordedChangeError(Exception):
    pass


# What only a move may change: each move writes the record entry that says so.
RECORDED_FIELDS = frozenset(
    {"status", "tier", "team", "team_id", "outcome", "accepted_at", "concluded_at", "closed_at"}
)


class CaseQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """A bulk update may not skip the record: the workflow's fields change through the move
        services (cases.services.moves), which write a record entry for each case."""
        touched = RECORDED_FIELDS & set(kwargs)
        if touched:
            raise UnrecordedChangeError(
                f"{', '.join(sorted(touched))} change only through the move services, which "
                "write the record entry (one case, one file)."
            )
        return super().update(**kwargs)

    def update_past_cases(self, **kwargs):
        """For building cases from the past (demo data, imports) whose record entries the
        caller writes itself, with their historical times."""
        return super().update(**kwargs)


# The low-cardinality columns the ledgers filter by (reports.ledgers.LedgerFilter).
LEDGER_FILTER_COLUMNS = [
    "category",
    "status",
    "tier",
    "grade_level",
    "channel",
    "difficulty",
    "urgency",
]


class Case(models.Model):
    Channel = workflow.Channel
    Tier = workflow.Tier
    Status = workflow.Status

    class Difficulty(models.TextChoices):
        ORDINARY = "ordinary", _("ordinary")
        COMPLEX = "complex", _("complex")
        MAJOR = "major", _("major and difficult")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("normal")
        URGENT = "urgent", _("urgent")
        CRITICAL = "critical", _("critical")

    class GradeLevel(models.TextChoices):
        ORDINARY = "ordinary", _("ordinary")
        KEY = "key", _("key")

    class Outcome(models.TextChoices):
        AGREEMENT = "agreement", _("agreement reached")
        REFERRED = "referred", _("not settled, referred on")
        WITHDRAWN = "withdrawn", _("withdrawn")
        DECLINED = "declined", _("declined")

    class ReferralTarget(models.TextChoices):
        COURT = "court", _("court")
        ARBITRATION = "arbitration", _("arbitration")
        ADMINISTRATIVE = "administrative", _("administrative department")

    # Identity: 浦江调〔2026〕第0123号, numbered per street and year.
    reference = models.CharField(_("reference number"), max_length=40, unique=True)
    reference_year = models.PositiveSmallIntegerField()
    reference_seq = models.PositiveIntegerField()
    # The resident's tracking code: random, with a check character (see cases.tracking).
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)

    # Where: denormalised from the compound so lists are scoped by indexed columns.
    compound = models.ForeignKey("grids.Compound", on_delete=models.PROTECT, related_name="cases")
    grid = models.ForeignKey(
        "grids.Grid", on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    street = models.ForeignKey("grids.Street", on_delete=models.PROTECT, related_name="cases")
    district = models.ForeignKey("grids.District", on_delete=models.PROTECT, related_name="cases")
    building = models.CharField(_("building / unit"), max_length=64, blank=True)

    # What
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="cases", verbose_name=_("category")
    )
    title = models.CharField(_("summary"), max_length=200)
    description = models.TextField(_("what happened"))
    claims = models.TextField(_("what the applicant asks for"), blank=True)

    # Grade (分级): feeds the graded ledger
    households = models.PositiveIntegerField(_("households involved"), default=1)
    difficulty = models.CharField(
        _("difficulty"), max_length=16, choices=Difficulty.choices, default=Difficulty.ORDINARY
    )
    urgency = models.CharField(
        _("urgency"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL
    )
    grade_level = models.CharField(
        _("grade"), max_length=16, choices=GradeLevel.choices, default=GradeLevel.ORDINARY
    )

    # Where in the workflow
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REGISTERED
    )
    team = models.ForeignKey(
        "mediators.Team",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("team of the current tier"),
    )
    # Set when routing found no covering team and fell back to the street's team.
    needs_lead_attention = models.BooleanField(_("flagged for the team lead"), default=False)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    # Bumped by every move: a form or API call that carries an older version is stale.
    version = models.PositiveIntegerField(default=1)

    # Dates
    registered_at = models.DateTimeField(_("registered at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # Outcome details (the record holds the history; these are the current values)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    referral_target = models.CharField(
        _("referred to"), max_length=16, choices=ReferralTarget.choices, blank=True
    )
    referral_body = models.CharField(_("receiving body"), max_length=128, blank=True)

    assigned = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CaseAssignment",
        through_fields=("case", "user"),
        related_name="assigned_cases",
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["street", "reference_year", "reference_seq"], name="case_reference_seq"
            ),
        ]
        indexes = [
            models.Index(fields=["team", "status", "-registered_at"], name="case_team_status"),
            # A supervisor's ledger: their street's or district's cases newest first, and the
            # columns its filters test carried in the index, so that the bounded count and the
            # page's ids are read from the index alone (an index-only scan) however the
            # supervisor filters; docs/performance.md.
            models.Index(
                fields=["street", "-registered_at", "-id"],
                include=LEDGER_FILTER_COLUMNS,
                name="case_street_ledger",
            ),
            models.Index(
                fields=["district", "-registered_at", "-id"],
                include=LEDGER_FILTER_COLUMNS,
                name="case_district_ledger",
            ),
            models.Index(fields=["grid", "-registered_at"], name="case_grid_registered"),
            models.Index(fields=["compound", "-registered_at"], name="case_compound_registered"),
            models.Index(fields=["status", "deadline"], name="case_status_deadline"),
            models.Index(fields=["-registered_at", "-id"], name="case_registered_desc"),
        ]
        permissions = [("work_case", "Can work the case")]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in workflow.OPEN_STATUSES

    def state(self) -> workflow.CaseState:
        # "awaiting_signatures": answered by the case page's presence query when it ran
        present = getattr(self, "present", {})
        signing = self.status == workflow.Status.IN_MEDIATION and (
            present["awaiting_signatures"]
            if "awaiting_signatures" in present
            else self.agreements.filter(status="final").exists()
        )
        return workflow.CaseState(status=self.status, tier=self.tier, awaiting_signatures=signing)


class CaseAssignment(models.Model):
    """A mediator assigned to the case; ended assignments are kept (active=False)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("lead mediator")
        ASSISTANT = "assistant", _("assisting mediator")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_assignments"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.LEAD)
    active = models.BooleanField(default=True)
    assigned_at = models.DateTimeField()
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"], condition=Q(active=True), name="assignment_active_unique"
            ),
        ]
        indexes = [models.Index(fields=["user", "active"], name="assignment_user_active")]

    def __str__(self) -> str:
        return f"{self.case_id} ← {self.user_id} ({self.role})"


class TierStint(models.Model):
    """The time a case spent at one tier with one team: the tier's deadline and why it left."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tier_stints")
    tier = models.CharField(max_length=16, choices=workflow.Tier.choices)
    team = models.ForeignKey("mediators.Team", on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField()
    due_on = models.DateField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    left_by = models.CharField(max_length=16, blank=True)  # the move that ended the stint

    class Meta:
        ordering = ["entered_at", "id"]
        indexes = [
            models.Index(fields=["team", "case"], name="stint_team_case"),
            # The cases a team escalated away (it keeps read access): read on every case list.
            models.Index(
                fields=["team", "case"],
                condition=models.Q(left_by="escalate"),
                name="stint_escalated_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} @ {self.tier}"
