"""Intake: the resident's complaint before it becomes a case, what residents send later, and
referrals from partner departments (信息联通).

A complaint (投诉 / 调解申请) is stored the moment it is submitted, so nothing typed is lost;
it reaches the mediators only when the mobile number is confirmed with a one-time code, at
which point a case is registered and linked here. Unconfirmed complaints are removed after a
day (intake.services.complaints.complaints_expire).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.validators import validate_mobile

from . import rules


class Complaint(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the mobile number to be confirmed")
        CONFIRMED = "confirmed", _("confirmed and registered")

    # The complaint's address in URLs and the API: random, never the sequential id.
    token = models.CharField(max_length=32, unique=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)

    compound = models.ForeignKey(
        "grids.Compound", on_delete=models.PROTECT, related_name="+", verbose_name=_("compound")
    )
    building = models.CharField(_("building / unit"), max_length=rules.BUILDING_MAX, blank=True)
    category = models.ForeignKey(
        "cases.Category", on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    description = models.TextField(_("what happened"), max_length=rules.DESCRIPTION_MAX)
    claims = models.TextField(_("what you want"), max_length=rules.CLAIMS_MAX, blank=True)
    other_side = models.CharField(_("the other side"), max_length=rules.OTHER_SIDE_MAX)
    name = models.CharField(_("your name"), max_length=rules.NAME_MAX)
    mobile = models.CharField(_("mobile number"), max_length=11, validators=[validate_mobile])
    email = models.EmailField(_("email"), blank=True)
    # The language the resident used: their messages are sent in it.
    language = models.CharField(max_length=8, default="zh-hans")
    consent_at = models.DateTimeField(_("consented to the privacy notice at"))
    privacy_version = models.CharField(max_length=16)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    # The one-time code (验证码): only its keyed hash is kept.
    code_hash = models.CharField(max_length=64, blank=True)
    code_sent_at = models.DateTimeField(null=True, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    code_attempts = models.PositiveSmallIntegerField(default=0)
    codes_sent = models.PositiveSmallIntegerField(default=0)

    confirmed_at = models.DateTimeField(null=True, blank=True)
    case = models.OneToOneField(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaint",
    )

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        constraints = [
            models.CheckConstraint(
                name="complaint_confirmed_has_case",
                condition=Q(status="pending", case__isnull=True)
                | Q(status="confirmed", case__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="complaint_status_created")]

    def __str__(self) -> str:
        return f"{self.compound_id} {self.created_at:%Y-%m-%d %H:%M}"


class Addition(models.Model):
    """Information a resident added from the tracking page after filing."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="additions")
    text = models.TextField(_("information"), max_length=rules.ADDITION_MAX, blank=True)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    event = models.OneToOneField(
        "cases.CaseEvent", on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("added information")
        verbose_name_plural = _("added information")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.created_at:%Y-%m-%d %H:%M}"


def _upload_path(instance, filename: str) -> str:
    # The stored name is random; the name people recognise is kept in `name`.
    return f"intake/{instance.created_at:%Y/%m}/{filename}"


class Upload(models.Model):
    """A photo or PDF a resident sent. Stored at the first submit (`draft`), even if another
    field of the form was wrong, then attached to the complaint or to an addition."""

    file = models.FileField(upload_to=_upload_path, max_length=200)
    name = models.CharField(_("file name"), max_length=128)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    # The random key of the form the file came with, until the form is submitted successfully.
    draft = models.CharField(max_length=64, blank=True, db_index=True)
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, null=True, blank=True, related_name="uploads"
    )
    addition = models.ForeignKey(
        Addition, on_delete=models.PROTECT, null=True, blank=True, related_name="uploads"
    )

    class Meta:
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="upload_belongs_to_at_most_one",
                condition=Q(complaint__isnull=True) | Q(addition__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PartnerSystem(models.Model):
    """A partner department's system that refers complaints in (信息联通). It signs in as its
    own user with a DRF token and sees only its own referrals."""

    class Kind(models.TextChoices):
        HOTLINE_12345 = "hotline_12345", _("12345 citizen hotline")
        PETITION_OFFICE = "petition_office", _("petition office")
        GOVERNANCE_PLATFORM = "governance_platform", _("comprehensive-governance platform")
        OTHER = "other", _("other department")

    name = models.CharField(_("name"), max_length=128)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="partner_system",
        verbose_name=_("account"),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("partner system")
        verbose_name_plural = _("partner systems")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Referral(models.Model):
    """One complaint a partner referred, under the partner's own reference number. The unique
    constraint makes a repeated referral find the first one's case, even when both arrive at
    the same moment."""

    partner = models.ForeignKey(PartnerSystem, on_delete=models.PROTECT, related_name="referrals")
    partner_reference = models.CharField(_("partner's reference"), max_length=64)
    # Set in the transaction that creates the referral; never empty once committed.
    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, null=True, related_name="referral"
    )
    received_at = models.DateTimeField(_("received by the partner at"), null=True, blank=True)
    created_at = models.DateTimeField(_("referred at"), auto_now_add=True)
    # How it came: api or import (with the file name).
    source = models.CharField(max_length=160)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "partner_reference"], name="referral_once_per_partner_ref"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner_id}:{self.partner_reference}"
