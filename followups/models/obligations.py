"""Tracking the performance (履行) of each obligation: every change of its status is a row here
with who recorded it, when, and the evidence; Obligation.status holds the current value."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.models import Obligation


class ObligationRecord(models.Model):
    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="records")
    status_from = models.CharField(max_length=20, choices=Obligation.Status.choices)
    status_to = models.CharField(_("status"), max_length=20, choices=Obligation.Status.choices)
    performed_on = models.DateField(_("performed on"), null=True, blank=True)
    amount_paid = models.DecimalField(
        _("amount paid (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("how it was verified"), blank=True)
    # Null for the schedule's own change (pending → due).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("performance record")
        verbose_name_plural = _("performance records")
        ordering = ["recorded_at", "id"]
        constraints = [
            # The schedule marks an obligation due once, whatever number of workers run it.
            models.UniqueConstraint(
                fields=["obligation"],
                condition=models.Q(status_to="due", recorded_by__isnull=True),
                name="obligation_due_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.obligation_id}: {self.status_from} → {self.status_to}"


def _evidence_path(instance, filename: str) -> str:
    # The stored name is random: the uploader's name is kept only for the download.
    return f"followups/evidence/{uuid.uuid4().hex}{instance.extension}"


class ObligationEvidence(models.Model):
    record = models.ForeignKey(ObligationRecord, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=_evidence_path)
    name = models.CharField(_("file name"), max_length=128)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.name
