"""Geography: district → street → community → grid → compound, and the property companies.

Each level has a stable code (from the administrative division codes or the grid platform)
that imports match on, and its Chinese name.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.validators import validate_credit_code


class District(models.Model):
    """区/县."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=64)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Street(models.Model):
    """街道/镇: the unit that numbers its cases and has a specialist mediation team."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="streets")
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=64)
    # 浦江调〔2026〕第0123号: the prefix before the year in the reference number.
    case_prefix = models.CharField(
        _("case number prefix"),
        max_length=16,
        help_text=_("Printed before the year in case reference numbers, e.g. 浦江调."),
    )
    hotline = models.CharField(_("mediation hotline"), max_length=32, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=128, blank=True)
    address = models.CharField(_("office address"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("street")
        verbose_name_plural = _("streets")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Community(models.Model):
    """社区/村居, with its workstation."""

    street = models.ForeignKey(Street, on_delete=models.PROTECT, related_name="communities")
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=64)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Grid(models.Model):
    """网格: the smallest unit of the social-governance grid; its "1+3" team works it."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="grids")
    # Denormalised so that case lists and dashboards filter by street without joins.
    street = models.ForeignKey(Street, on_delete=models.PROTECT, related_name="grids")
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=64)

    class Meta:
        verbose_name = _("grid")
        verbose_name_plural = _("grids")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # The denormalised street must be the community's, or routing and scoping disagree.
        if self.community_id and self.street_id and self.community.street_id != self.street_id:
            raise ValidationError(
                {
                    "street": _("Community %(community)s belongs to street %(street)s.")
                    % {"community": self.community, "street": self.community.street}
                }
            )


class PropertyCompany(models.Model):
    """物业服务企业."""

    name = models.CharField(_("name"), max_length=128)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
    )
    contact_name = models.CharField(_("contact person"), max_length=64, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    service_phone = models.CharField(_("service hotline"), max_length=32, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("property company")
        verbose_name_plural = _("property companies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Compound(models.Model):
    """小区: the residential compound a complaint is about; routing starts here."""

    grid = models.ForeignKey(
        Grid, on_delete=models.PROTECT, related_name="compounds", null=True, blank=True
    )
    # The street is kept even for a compound not (yet) placed in a grid, so routing never
    # loses a complaint.
    street = models.ForeignKey(Street, on_delete=models.PROTECT, related_name="compounds")
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=128)
    address = models.CharField(_("address"), max_length=255)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    property_company = models.ForeignKey(
        PropertyCompany,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="compounds",
        verbose_name=_("property company"),
    )
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)

    # The compound search (grids.selectors.compound_search) is served on PostgreSQL by two
    # pg_trgm GIN indexes on UPPER(name) and UPPER(address), created by migration 0003 only
    # there (SQLite has no pg_trgm), so they are not declared in Meta.indexes.

    class Meta:
        verbose_name = _("compound")
        verbose_name_plural = _("compounds")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.grid_id and self.street_id and self.grid.street_id != self.street_id:
            raise ValidationError(
                {
                    "grid": _("Grid %(grid)s lies in street %(street)s, not in this street.")
                    % {"grid": self.grid, "street": self.grid.street}
                }
            )


class OwnersCommittee(models.Model):
    """业主委员会 of a compound (many compounds have none)."""

    compound = models.OneToOneField(
        Compound, on_delete=models.CASCADE, related_name="owners_committee"
    )
    name = models.CharField(_("name"), max_length=128)
    chair_name = models.CharField(_("chair"), max_length=64, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    # The committee's number goes on the compound's disclosure board only when it agreed.
    publish_phone = models.BooleanField(
        _("publish the number on the disclosure board"), default=False
    )
    term_ends = models.DateField(_("term ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("owners' committee")
        verbose_name_plural = _("owners' committees")

    def __str__(self) -> str:
        return self.name


class PropertyCompanyContact(models.Model):
    """Someone residents or mediators can reach at a property company: the head office's
    complaints desk, or the on-site service centre (物业服务中心) of one compound it serves."""

    company = models.ForeignKey(PropertyCompany, on_delete=models.CASCADE, related_name="contacts")
    # Empty: a contact for every compound the company serves; set: this compound's site only.
    compound = models.ForeignKey(
        Compound,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="company_contacts",
        verbose_name=_("compound"),
        help_text=_("Leave empty for a contact at the head office, for every compound."),
    )
    name = models.CharField(_("name"), max_length=64)
    position = models.CharField(
        pgettext_lazy("job title", "position"),
        max_length=64,
        blank=True,
        help_text=_("e.g. 项目经理, 客服主管"),
    )
    phone = models.CharField(_("phone"), max_length=32)
    # A company's work numbers are usually public; a manager's own mobile may not be.
    publish = models.BooleanField(_("show on disclosure boards"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("property company contact")
        verbose_name_plural = _("property company contacts")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.name} · {self.company}"

    def clean(self) -> None:
        if (
            self.compound_id
            and self.company_id
            and self.compound.property_company_id != self.company_id
        ):
            raise ValidationError(
                {"compound": _("This compound is not served by this property company.")}
            )
