"""Work on a case: contact attempts, mediation sessions, interim measures, investigations,
evidence, legal opinions, expert assessments, joint meetings and links between cases.

Each row is written by a service in cases.services.work together with its record entry; the
rows hold the current facts, the record holds the history.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .party import Side


class ContactAttempt(models.Model):
    """A call, message or visit to a party, whether or not it reached them."""

    class Method(models.TextChoices):
        PHONE = "phone", _("phone call")
        SMS = "sms", _("text message")
        WECHAT = "wechat", _("WeChat")
        VISIT = "visit", _("home visit")
        LETTER = "letter", _("letter")

    class Result(models.TextChoices):
        REACHED = "reached", _("reached")
        NO_ANSWER = "no_answer", _("no answer")
        REFUSED = "refused", _("refused to talk")
        WRONG_NUMBER = "wrong_number", _("wrong number")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="contacts")
    party = models.ForeignKey(
        "cases.Party", on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts"
    )
    method = models.CharField(_("how"), max_length=16, choices=Method.choices)
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)
    contacted_at = models.DateTimeField(_("when"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("contact attempt")
        verbose_name_plural = _("contact attempts")
        ordering = ["-contacted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.method} {self.result}"


class MediationSession(models.Model):
    """调解: a meeting with the parties, face to face (joint) or with one side (back-to-back).

    The minutes of a back-to-back session belong to the side that was in the room: its record
    entry is visible to that side only, and no page shows them to the other side. The private
    note is read only by those who work the case."""

    class Mode(models.TextChoices):
        JOINT = "joint", _("joint (face to face)")
        BACK_TO_BACK = "back_to_back", _("back-to-back (one side)")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="sessions")
    held_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=128)
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.JOINT)
    side = models.CharField(
        _("side met"),
        max_length=16,
        choices=Side.choices,
        blank=True,
        help_text=_("For a back-to-back session: the side the mediator met."),
    )
    participants = models.TextField(_("participants"))
    minutes = models.TextField(_("minutes"))
    # For the mediators alone: what they noted for each other (the mood in the room, what to
    # try next). Never in the record entry, so never before a party, an invited guest, a
    # document, the tracking page, an export or a typical case.
    private_note = models.TextField(_("note for the mediators"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        ordering = ["-held_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="session_side_only_back_to_back",
                condition=(Q(mode="back_to_back") & ~Q(side="")) | (Q(mode="joint") & Q(side="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.held_at:%Y-%m-%d} {self.mode}"


class InterimMeasure(models.Model):
    """临时处置: urgent relief before any agreement (the water card topped up the same day)."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="interim_measures"
    )
    taken_on = models.DateField(_("date taken"))
    measure = models.TextField(_("what was done"))
    responsible = models.CharField(_("who carried it out"), max_length=128, blank=True)
    result = models.TextField(_("result"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("interim measure")
        verbose_name_plural = _("interim measures")
        ordering = ["-taken_on", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.taken_on}"


class Investigation(models.Model):
    """调查记录: what the mediator found out, and from whom: a party, a witness, the property
    company's staff or the site itself. The Ministry's form asks when and where, who
    investigated, who was questioned and what was found."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="investigations")
    investigated_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=128)
    investigators = models.CharField(_("investigated by"), max_length=255)
    party = models.ForeignKey(
        "cases.Party",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="investigations",
        verbose_name=_("party questioned"),
    )
    interviewee = models.CharField(_("other person questioned"), max_length=128, blank=True)
    findings = models.TextField(_("what was found"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("investigation record")
        verbose_name_plural = _("investigation records")
        ordering = ["-investigated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.investigated_at:%Y-%m-%d}"


def evidence_upload_to(instance, filename: str) -> str:
    """A random name under the case's folder: nothing of the uploader's name reaches a path."""
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"cases/{instance.case_id}/evidence/{uuid.uuid4().hex}.{extension}"


class Evidence(models.Model):
    """证据材料: a photo, PDF or office document, typed by its content and stored privately
    (default storage under PRIVATE_MEDIA_ROOT); served only by the evidence download view."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=128)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    description = models.CharField(_("what it shows"), max_length=255)
    submitted_by_side = models.CharField(
        _("submitted by"), max_length=16, choices=Side.choices, blank=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.original_name


class LegalOpinion(models.Model):
    """A legal adviser's opinion on the case (法律意见)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="opinions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    question = models.CharField(_("question"), max_length=255, blank=True)
    opinion = models.TextField(_("opinion"))
    legal_basis = models.TextField(_("legal basis"), blank=True)
    given_at = models.DateTimeField()

    class Meta:
        verbose_name = _("legal opinion")
        verbose_name_plural = _("legal opinions")
        ordering = ["-given_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.given_at:%Y-%m-%d}"


class ExpertAssessment(models.Model):
    """专家评估: the team asks an expert from the pool to assess the property company's service
    against the checklist (cases.checklist); the invited expert records the scores."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        SUBMITTED = "submitted", _("submitted")
        WITHDRAWN = "withdrawn", _("withdrawn")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="assessments")
    expert = models.ForeignKey(
        "mediators.Expert", on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REQUESTED)
    scope = models.TextField(_("what to assess"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    # {"cleaning": {"score": 3, "remark": "..."}, ...} for every checklist item.
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    total = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        verbose_name = _("expert assessment")
        verbose_name_plural = _("expert assessments")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.expert_id} {self.status}"


class JointMeeting(models.Model):
    """联席会议 on a hard case: who attended from which organisation, what was decided."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="joint_meetings")
    held_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=128)
    # [{"name": "王警官", "organisation": "派出所"}, ...]
    attendees = models.JSONField(_("attendees"), default=list)
    decisions = models.TextField(_("decisions"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("joint meeting")
        verbose_name_plural = _("joint meetings")
        ordering = ["-held_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.held_at:%Y-%m-%d}"


class ActionItem(models.Model):
    """What a joint meeting decided someone will do, by when."""

    meeting = models.ForeignKey(JointMeeting, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=255)
    owner = models.CharField(_("owner"), max_length=128)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description


class CaseLink(models.Model):
    """Two cases that belong together: the same complaint from two channels, or an earlier case
    of the same compound or parties. Stored once per pair (lower id first)."""

    class Kind(models.TextChoices):
        DUPLICATE = "duplicate", _("same complaint (duplicate)")
        RELATED = "related", _("related case")
        EARLIER = "earlier", _("earlier case of the same compound or parties")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="links_from")
    other = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="links_to")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("case link")
        verbose_name_plural = _("case links")
        constraints = [
            models.UniqueConstraint(fields=["case", "other"], name="caselink_pair_unique"),
            models.CheckConstraint(
                name="caselink_ordered_pair", condition=Q(case__lt=models.F("other"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} ↔ {self.other_id} ({self.kind})"
