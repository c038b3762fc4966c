"""Weekly screening patrols (每周一次的矛盾纠纷排查) of each grid and the early signs (苗头) they find."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def week_start(day):
    """The Monday of the day's week: a patrol belongs to its week."""
    return day - timedelta(days=day.weekday())


class ScreeningPatrol(models.Model):
    grid = models.ForeignKey(
        "grids.Grid", on_delete=models.PROTECT, related_name="patrols", verbose_name=_("grid")
    )
    patrolled_on = models.DateField(_("date of the patrol"))
    week_start = models.DateField(_("week of"))
    compounds = models.ManyToManyField(
        "grids.Compound", related_name="patrols", verbose_name=_("compounds visited")
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("screening patrol")
        verbose_name_plural = _("screening patrols")
        ordering = ["-patrolled_on", "-id"]
        constraints = [
            # A form sent twice does not record the same patrol twice.
            models.UniqueConstraint(fields=["grid", "patrolled_on"], name="patrol_once_a_day"),
        ]
        indexes = [models.Index(fields=["grid", "week_start"], name="patrol_grid_week")]

    def __str__(self) -> str:
        return f"{self.grid} {self.patrolled_on}"


class PatrolMember(models.Model):
    class Kind(models.TextChoices):
        STAFF = "staff", _("staff")
        ASSOCIATION_EXPERT = "association_expert", _("association expert")
        RESIDENT_JUDGE = "resident_judge", _("resident judge")
        VOLUNTEER = "volunteer", _("volunteer")

    patrol = models.ForeignKey(ScreeningPatrol, on_delete=models.CASCADE, related_name="members")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    name = models.CharField(_("member's name"), max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expert = models.ForeignKey(
        "mediators.Expert", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("patrol member")
        verbose_name_plural = _("patrol members")
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.name


class EarlySign(models.Model):
    class Severity(models.TextChoices):
        LOW = "low", _("low")
        MEDIUM = "medium", _("medium")
        HIGH = "high", _("high")

    patrol = models.ForeignKey(ScreeningPatrol, on_delete=models.CASCADE, related_name="signs")
    compound = models.ForeignKey(
        "grids.Compound",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compound"),
    )
    description = models.TextField(_("what was seen"))
    severity = models.CharField(
        _("severity"), max_length=8, choices=Severity.choices, default=Severity.LOW
    )
    parties = models.CharField(_("parties, if known"), max_length=300, blank=True)
    # Set once, when the sign is registered as a case (channel "screening patrol").
    case = models.OneToOneField(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="early_sign",
        verbose_name=_("case"),
    )
    converted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    converted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("early sign")
        verbose_name_plural = _("early signs")
        ordering = ["patrol", "id"]

    def __str__(self) -> str:
        return self.description[:40]


class MissedPatrol(models.Model):
    """A grid with no patrol in a week: written once per grid and week by the schedule (the
    unique constraint makes a second run a no-op) and shown to the street's specialist team."""

    grid = models.ForeignKey("grids.Grid", on_delete=models.CASCADE, related_name="missed_patrols")
    week_start = models.DateField(_("week of"))
    flagged_at = models.DateTimeField(_("flagged at"))
    team = models.ForeignKey(
        "mediators.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("missed patrol")
        verbose_name_plural = _("missed patrols")
        ordering = ["-week_start", "grid"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "week_start"], name="missed_patrol_once"),
        ]

    def __str__(self) -> str:
        return f"{self.grid} {self.week_start}"
