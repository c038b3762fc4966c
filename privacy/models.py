"""What the system did about residents' personal data (PIPL): anonymisations and the requests
of the people whose data it is."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import pgettext_lazy


class Anonymisation(models.Model):
    """Personal data of a case turned into placeholders: the whole case under the retention
    policy (at most once per case: this row is the mark the job skips), or one party on their
    deletion request."""

    class Reason(models.TextChoices):
        RETENTION = "retention", pgettext_lazy("privacy", "retention period over")
        REQUEST = "request", pgettext_lazy("privacy", "the person's deletion request")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="anonymisations")
    # Null for the whole case; the one party for a deletion request.
    party = models.ForeignKey(
        "cases.Party", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=16, choices=Reason.choices)
    at = models.DateTimeField(pgettext_lazy("privacy", "anonymised at"))
    parties = models.PositiveIntegerField(pgettext_lazy("privacy", "parties anonymised"))
    event = models.OneToOneField(
        "cases.CaseEvent", on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = pgettext_lazy("privacy", "anonymisation")
        verbose_name_plural = pgettext_lazy("privacy", "anonymisations")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(reason="retention"),
                name="anonymisation_retention_once",
            ),
            models.CheckConstraint(
                name="anonymisation_request_names_party",
                condition=Q(reason="retention", party__isnull=True)
                | Q(reason="request", party__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.reason} {self.at:%Y-%m-%d}"


class DataRequest(models.Model):
    """A resident asks to see or delete their personal data (PIPL arts. 45, 47): recorded by
    staff on the case with who asked, how they were verified and when, then carried out."""

    class Kind(models.TextChoices):
        ACCESS = "access", pgettext_lazy("privacy", "see a copy of their data")
        DELETION = "deletion", pgettext_lazy("privacy", "delete their data")

    class Verification(models.TextChoices):
        ID_DOCUMENT = "id_document", pgettext_lazy("privacy", "identity document checked in person")
        MOBILE = "mobile", pgettext_lazy("privacy", "called back on the mobile number on file")
        TRACKING = "tracking", pgettext_lazy("privacy", "tracking code and mobile number")
        AUTHORISATION = (
            "authorisation",
            pgettext_lazy("privacy", "written authorisation of a representative checked"),
        )

    class Status(models.TextChoices):
        RECORDED = "recorded", pgettext_lazy("privacy", "recorded, not yet carried out")
        FULFILLED = "fulfilled", pgettext_lazy("privacy", "carried out")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="data_requests")
    party = models.ForeignKey(
        "cases.Party",
        on_delete=models.PROTECT,
        related_name="data_requests",
        verbose_name=pgettext_lazy("privacy", "who asked"),
    )
    kind = models.CharField(
        pgettext_lazy("privacy", "request"), max_length=16, choices=Kind.choices
    )
    asked_at = models.DateTimeField(pgettext_lazy("privacy", "asked at"))
    verification = models.CharField(
        pgettext_lazy("privacy", "how the person was verified"),
        max_length=16,
        choices=Verification.choices,
    )
    # Never the ID number itself: the service strips numbers from it.
    verification_note = models.CharField(
        pgettext_lazy("privacy", "verification note"), max_length=200, blank=True
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECORDED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    fulfilled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    # How the copy was handed over, or what was deleted.
    fulfilment_note = models.CharField(
        pgettext_lazy("privacy", "how it was carried out"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = pgettext_lazy("privacy", "data request")
        verbose_name_plural = pgettext_lazy("privacy", "data requests")
        ordering = ["-asked_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="data_request_fulfilled_has_who_and_when",
                condition=Q(status="recorded", fulfilled_at__isnull=True)
                | Q(status="fulfilled", fulfilled_at__isnull=False, fulfilled_by__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.asked_at:%Y-%m-%d}"
