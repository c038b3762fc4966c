"""The case's documents: rendered PDFs (agreement, acceptance form, minutes, visit record, the
whole case file) and uploaded scans of the signed paper copy.

A document row is requested first (queued), then rendered by a Celery task; its file is
written once and never overwritten: a correction or a later copy is a new version, and the
old one stays. The constraints make a task that runs twice produce one row and one file.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Document(models.Model):
    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("mediation agreement")
        SIGNED_AGREEMENT = "signed_agreement", _("signed and sealed agreement (scan)")
        ACCEPTANCE_FORM = "acceptance_form", _("acceptance and registration form")
        SESSION_MINUTES = "session_minutes", _("minutes of a mediation session")
        VISIT_RECORD = "visit_record", _("follow-up visit record")
        CASE_FILE = "case_file", _("case file")

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RENDERING = "rendering", _("rendering")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    class Audience(models.TextChoices):
        """Who the copy is for: the internal file holds everything; a party's copy holds only
        what is shared with all parties and that side's own back-to-back notes."""

        ALL = "all", _("every party and the file")
        INTERNAL = "internal", _("internal file")
        APPLICANT = "applicant", _("the applicant's copy")
        RESPONDENT = "respondent", _("the respondent's copy")
        THIRD_PARTY = "third_party", _("the third party's copy")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    # What the document is of, inside the case: "agreement:12", "session:3", "" for the case.
    subject_key = models.CharField(max_length=40, blank=True)
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    audience = models.CharField(
        _("copy for"), max_length=16, choices=Audience.choices, default=Audience.ALL
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    file = models.FileField(_("file"), upload_to="documents/", blank=True, max_length=200)
    content_type = models.CharField(max_length=100, default="application/pdf")
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    pages = models.PositiveSmallIntegerField(null=True, blank=True)

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"))
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["case", "kind", "subject_key", "audience", "version"]
        constraints = [
            # A task run twice (or two clicks) cannot make a second row of one version...
            models.UniqueConstraint(
                fields=["case", "kind", "subject_key", "audience", "version"],
                name="document_one_row_per_version",
            ),
            # ...nor two rows share, and so overwrite, one file.
            models.UniqueConstraint(
                fields=["file"], condition=~Q(file=""), name="document_file_unique"
            ),
            models.CheckConstraint(
                name="document_ready_has_file_and_digest",
                condition=~Q(state="ready") | (~Q(file="") & Q(sha256__regex=r"^[0-9a-f]{64}$")),
            ),
        ]
        indexes = [models.Index(fields=["state", "requested_at"], name="document_state_requested")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} v{self.version} ({self.state})"

    @property
    def download_name(self) -> str:
        extension = ".pdf" if self.content_type == "application/pdf" else ""
        if not extension and self.file:
            extension = "." + self.file.name.rsplit(".", 1)[-1]
        return f"{self.case.reference}-{self.get_kind_display()}-v{self.version}{extension}"
