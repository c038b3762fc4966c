from django.db import models
from django.utils.translation import gettext_lazy as _


class Reminder(models.Model):
    """One row per reminder that went out. The unique key is claimed in the transaction that
    sends it, so a job run twice, or by two workers at once, reminds once."""

    class Kind(models.TextChoices):
        OBLIGATION_BEFORE_DUE = "obligation_before_due", _("obligation due soon")
        OBLIGATION_OVERDUE = "obligation_overdue", _("obligation overdue")
        OBLIGATION_LEAD = "obligation_lead", _("overdue obligation flagged to the team lead")
        OBLIGATION_MISSED = "obligation_missed", _("obligation recorded as breached")
        VISIT_DUE = "visit_due", _("follow-up visit due")
        VISIT_UNREACHABLE = "visit_unreachable", _("visit given up: party unreachable")
        JC_WINDOW = "jc_window", _("judicial-confirmation window closing")
        PATROL_MISSED = "patrol_missed", _("weekly patrol missed")

    key = models.CharField(max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    obligation = models.ForeignKey(
        "agreements.Obligation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
    )
    visit = models.ForeignKey(
        "followups.FollowUpVisit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
    )
    text = models.CharField(_("text"), max_length=300)
    recipients = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["kind", "obligation"], name="reminder_kind_obligation")]

    def __str__(self) -> str:
        return self.key
