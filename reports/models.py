"""Supervision: the monthly roll-ups behind the dashboard, the monthly reports (月报) and the
typical-case library (典型案例).

The roll-ups are derived data: `reports.services.rollup_refresh(month=...)` recomputes one
month from the cases in one transaction (a Celery job keeps the current month fresh), and the
dashboard reads only them, so its cost does not grow with the number of cases.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RollupMonth(models.Model):
    """When a month's roll-ups were last computed (one row per month that has them)."""

    month = models.DateField(unique=True)  # the first day of the month
    # Empty until the first count of the month has committed.
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} @ {self.refreshed_at}"


class _Place(models.Model):
    """Where the counted cases are: the case's own district, street and grid columns."""

    month = models.DateField()
    district = models.ForeignKey("grids.District", on_delete=models.CASCADE, related_name="+")
    street = models.ForeignKey("grids.Street", on_delete=models.CASCADE, related_name="+")
    grid = models.ForeignKey(
        "grids.Grid", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True


class CaseMonthRollup(_Place):
    """The month's counters for the cases of one compound and category (reports.figures
    defines each counter; the column names are the figures' keys)."""

    compound = models.ForeignKey("grids.Compound", on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey("cases.Category", on_delete=models.CASCADE, related_name="+")

    received = models.PositiveIntegerField(default=0)
    received_web = models.PositiveIntegerField(default=0)
    received_hotline = models.PositiveIntegerField(default=0)
    received_walk_in = models.PositiveIntegerField(default=0)
    received_wechat = models.PositiveIntegerField(default=0)
    received_referral = models.PositiveIntegerField(default=0)
    received_patrol = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)
    declined = models.PositiveIntegerField(default=0)
    settled = models.PositiveIntegerField(default=0)
    not_settled = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    settled_at_grid = models.PositiveIntegerField(default=0)
    settled_within_deadline = models.PositiveIntegerField(default=0)
    settle_days_total = models.PositiveIntegerField(default=0)
    escalated_from_grid = models.PositiveIntegerField(default=0)
    escalated_from_specialist = models.PositiveIntegerField(default=0)
    open_at_end = models.PositiveIntegerField(default=0)
    overdue_at_end = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    followed_up = models.PositiveIntegerField(default=0)
    ratings = models.PositiveIntegerField(default=0)
    ratings_satisfied = models.PositiveIntegerField(default=0)
    obligations_due = models.PositiveIntegerField(default=0)
    obligations_performed = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["district", "month"], name="rollup_district_month"),
            models.Index(fields=["street", "month"], name="rollup_street_month"),
            models.Index(fields=["grid", "month"], name="rollup_grid_month"),
            models.Index(fields=["month"], name="rollup_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.compound_id}/{self.category_id}"


class SettleDaysRollup(_Place):
    """How many cases settled in the month took this many days: the exact distribution, so
    the median and 90th percentile of any jurisdiction come from a few hundred rows."""

    days = models.PositiveIntegerField()
    cases = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["district", "month"], name="settledays_district_month"),
            models.Index(fields=["street", "month"], name="settledays_street_month"),
            models.Index(fields=["grid", "month"], name="settledays_grid_month"),
            models.Index(fields=["month"], name="settledays_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.days}d × {self.cases}"


class MediatorMonthRollup(_Place):
    """One mediator's month within one grid (or street): open cases at the end of the month,
    cases settled in it and the days they took."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    workload = models.PositiveIntegerField(default=0)
    settled = models.PositiveIntegerField(default=0)
    settle_days_total = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["district", "month"], name="mediatorroll_district_month"),
            models.Index(fields=["street", "month"], name="mediatorroll_street_month"),
            models.Index(fields=["grid", "month"], name="mediatorroll_grid_month"),
            models.Index(fields=["month"], name="mediatorroll_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.user_id}"


class MonthlyReport(models.Model):
    """月报: one jurisdiction's figures for one month, frozen when the month closed. The PDF is
    rendered from the frozen figures, so it reads the same whenever it is downloaded."""

    month = models.DateField(_("month"))
    district = models.ForeignKey(
        "grids.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    street = models.ForeignKey(
        "grids.Street", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    figures = models.JSONField(default=dict)
    created_at = models.DateTimeField(_("prepared at"))
    pdf = models.FileField(upload_to="reports/monthly/%Y/", blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["-month", "district", "street"]
        constraints = [
            models.CheckConstraint(
                name="monthly_report_street_or_district",
                condition=(Q(district__isnull=False) & Q(street__isnull=True))
                | (Q(district__isnull=True) & Q(street__isnull=False)),
            ),
            models.UniqueConstraint(
                fields=["district", "month"],
                condition=Q(street__isnull=True),
                name="monthly_report_district_month",
            ),
            models.UniqueConstraint(
                fields=["street", "month"],
                condition=Q(district__isnull=True),
                name="monthly_report_street_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.street or self.district} {self.month:%Y-%m}"


class MonthlyReportDelivery(models.Model):
    """The report emailed to one supervisor: claimed before sending, so two workers running
    the same task send it once."""

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "user"], name="delivery_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.report_id} → {self.email}"


# The names of a typical case's public parts on the edit form and in the pre-publish check's
# messages. With a context: "title" is a person's 职称 and "what happened" a complaint's 纠纷事实
# in other apps' catalogues, and whichever loads last would name the part.
TYPICAL_PART_LABELS = {
    "title": pgettext_lazy("typical case", "title"),
    "facts": pgettext_lazy("typical case", "what happened"),
    "mediation": pgettext_lazy("typical case", "how it was mediated"),
    "lesson": pgettext_lazy("typical case", "the lesson (以案释法)"),
}


class TypicalCase(models.Model):
    """典型案例: an anonymised account of a closed case, published for legal education
    (以案释法) once its team lead has approved it. The public page reads only this row."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="typical_case")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # Copied from the case so the public page never joins the case.
    category = models.ForeignKey(
        "cases.Category", on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    street_name = models.CharField(_("street"), max_length=64)
    year = models.PositiveSmallIntegerField(_("year"))

    title = models.CharField(_("title"), max_length=200)
    facts = models.TextField(_("what happened"))
    mediation = models.TextField(_("how it was mediated"))
    lesson = models.TextField(_("the lesson (以案释法)"))
    keep_company_names = models.BooleanField(_("keep company names"), default=False)

    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("typical case")
        verbose_name_plural = _("typical cases")
        ordering = ["-published_at", "-marked_at"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="typical_status_published"),
        ]

    def __str__(self) -> str:
        return self.title
