"""The parties of a case: people and organisations, and groups of owners acting together."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.validators import validate_id_number, validate_mobile


class Side(models.TextChoices):
    APPLICANT = "applicant", _("applicant")
    RESPONDENT = "respondent", _("respondent")
    THIRD_PARTY = "third_party", _("third party")


class PartyGroup(models.Model):
    """A collective side: dozens or hundreds of owners acting through representatives."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="party_groups")
    side = models.CharField(_("side"), max_length=16, choices=Side.choices)
    name = models.CharField(_("name"), max_length=128)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("group of owners")
        verbose_name_plural = _("groups of owners")

    def __str__(self) -> str:
        return self.name


class Party(models.Model):
    Side = Side

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        ORGANISATION = "organisation", _("organisation")

    class Position(models.TextChoices):
        UNDECIDED = "undecided", _("undecided")
        AGREES = "agrees", _("agrees")
        REFUSES = "refuses", _("refuses")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="parties")
    side = models.CharField(_("side"), max_length=16, choices=Side.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("name"), max_length=128)
    mobile = models.CharField(
        _("mobile number"), max_length=11, blank=True, validators=[validate_mobile]
    )
    id_number = models.CharField(
        _("resident ID number"), max_length=18, blank=True, validators=[validate_id_number]
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    # An organisation party points at the company or committee it is.
    property_company = models.ForeignKey(
        "grids.PropertyCompany", on_delete=models.SET_NULL, null=True, blank=True
    )
    owners_committee = models.ForeignKey(
        "grids.OwnersCommittee", on_delete=models.SET_NULL, null=True, blank=True
    )
    group = models.ForeignKey(
        PartyGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="members"
    )
    is_representative = models.BooleanField(_("representative"), default=False)
    position = models.CharField(
        pgettext_lazy("party stance", "position"),
        max_length=16,
        choices=Position.choices,
        default=Position.UNDECIDED,
    )
    # The applicant who filed through the web form; the tracking page speaks for them.
    is_filer = models.BooleanField(default=False)
    # The record entry that added this party; a correction points at it (never edits it).
    origin = models.ForeignKey(
        "cases.CaseEvent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["side", "-is_representative", "id"]
        indexes = [
            models.Index(fields=["mobile"], name="party_mobile"),
            models.Index(fields=["case", "side"], name="party_case_side"),
        ]

    def __str__(self) -> str:
        return self.name
