"""The follow-up plan of a case (one per settlement round) and its visits (回访)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FollowUpPlan(models.Model):
    """The visits planned after one settlement of a case. `cycle` is the case's reopened_count
    when it settled: a rebound starts a new cycle, so a case that settles again gets a new plan
    and the unique constraint keeps one plan per settlement however often the job runs."""

    class Anchor(models.TextChoices):
        AGREEMENT = "agreement", _("the agreement took effect")
        CLOSURE = "closure", _("the case closed without an agreement")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        COMPLETED = "completed", _("completed")
        REBOUND = "rebound", _("stopped: the dispute rebounded")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="followup_plans")
    cycle = models.PositiveSmallIntegerField(default=0)
    anchor = models.CharField(_("counted from"), max_length=16, choices=Anchor.choices)
    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    anchor_on = models.DateField(_("start date"))
    visit_days = models.JSONField(_("visits, days after"), default=list)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up plan")
        verbose_name_plural = _("follow-up plans")
        ordering = ["case", "cycle"]
        constraints = [
            models.UniqueConstraint(fields=["case", "cycle"], name="plan_once_per_settlement"),
            models.CheckConstraint(
                name="plan_agreement_anchor_has_agreement",
                condition=~Q(anchor="agreement") | Q(agreement__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.cycle} {self.anchor} {self.anchor_on}"


class FollowUpVisit(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        DONE = "done", _("visited")
        UNREACHABLE = "unreachable", _("given up: party unreachable")
        CANCELLED = "cancelled", _("cancelled")

    class Mode(models.TextChoices):
        PHONE = "phone", _("phone")
        HOME = "home", _("home visit")
        ON_SITE = "on_site", _("on site")

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("satisfied")
        FAIRLY = "fairly_satisfied", _("fairly satisfied")
        DISSATISFIED = "dissatisfied", _("dissatisfied")

    class Performance(models.TextChoices):
        PERFORMED = "performed", _("performed")
        PARTLY = "partly", _("partly performed")
        NOT_PERFORMED = "not_performed", _("not performed")
        NOT_APPLICABLE = "not_applicable", _("no agreement to perform")

    plan = models.ForeignKey(FollowUpPlan, on_delete=models.CASCADE, related_name="visits")
    # Denormalised from the plan: the "today" page and the overview filter visits by case.
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="followup_visits")
    offset_days = models.PositiveSmallIntegerField(_("days after"))
    planned_on = models.DateField(_("planned for"))
    # Moves later when the party could not be reached and the visit is retried.
    due_on = models.DateField(_("visit due on"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followup_visits",
        verbose_name=_("assigned to"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SCHEDULED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts that reached nobody"), default=0)
    last_attempt_on = models.DateField(_("last attempt"), null=True, blank=True)

    visited_on = models.DateField(_("date of the visit"), null=True, blank=True)
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, blank=True)
    participants = models.CharField(_("who took part"), max_length=300, blank=True)
    performance = models.CharField(
        _("is the agreement performed?"), max_length=16, choices=Performance.choices, blank=True
    )
    satisfaction = models.CharField(
        _("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    remarks = models.TextField(_("remarks"), blank=True)
    rebound = models.BooleanField(_("the dispute flared up again"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "offset_days"], name="visit_once_per_offset"),
            models.CheckConstraint(
                name="visit_done_has_result",
                condition=~Q(status="done")
                | (Q(visited_on__isnull=False) & ~Q(mode="") & ~Q(satisfaction="")),
            ),
        ]
        indexes = [
            models.Index(fields=["assigned_to", "status", "due_on"], name="visit_assignee_due"),
            models.Index(fields=["status", "due_on"], name="visit_status_due"),
            models.Index(fields=["case", "due_on"], name="visit_case_due"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} +{self.offset_days}d ({self.due_on})"
