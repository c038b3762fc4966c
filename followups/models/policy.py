"""When follow-up visits fall and when reminders go out, per category and tier, with a default."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.workflow import Tier

DEFAULT_VISIT_DAYS = (7, 30, 90)


def parse_days(text: str) -> list[int]:
    """'7, 30, 90' → [7, 30, 90]; refuses anything that is not whole days between 1 and 730."""
    parts = [p.strip() for p in (text or "").replace("，", ",").split(",") if p.strip()]
    try:
        days = sorted({int(p) for p in parts})
    except ValueError:
        raise ValidationError(
            _("Write whole numbers of days separated by commas, e.g. 7, 30, 90."), code="invalid"
        ) from None
    if not days or days[0] < 1 or days[-1] > 730:
        raise ValidationError(
            _("Give at least one visit, each between 1 and 730 days."), code="invalid"
        )
    return days


def validate_days(text: str) -> None:
    parse_days(text)


class FollowUpPolicy(models.Model):
    """The most specific active policy applies: category and tier, then category, then tier,
    then the default (neither). Without any row the built-in values below apply."""

    category = models.ForeignKey(
        "cases.Category",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("category"),
        help_text=_("Empty: every category."),
    )
    tier = models.CharField(
        _("tier"),
        max_length=16,
        choices=Tier.choices,
        blank=True,
        help_text=_("Empty: every tier."),
    )
    visit_days = models.CharField(
        _("follow-up visits, days after"),
        max_length=100,
        default="7, 30, 90",
        validators=[validate_days],
        help_text=_(
            "Days after the agreement takes effect (or the case closes without one), "
            "separated by commas."
        ),
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind this many days before an obligation is due"), default=3
    )
    overdue_grace_days = models.PositiveSmallIntegerField(
        _("flag an overdue obligation to the team lead after this many days"), default=7
    )
    jc_remind_days_before = models.PositiveSmallIntegerField(
        _("remind this many days before the judicial-confirmation window closes"), default=7
    )
    retry_after_days = models.PositiveSmallIntegerField(
        _("retry an unreachable visit after this many days"), default=2
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts before a visit is given up as unreachable"), default=3
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("follow-up policy")
        verbose_name_plural = _("follow-up policies")
        ordering = ["category__order", "tier"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "tier"],
                condition=Q(category__isnull=False),
                name="policy_category_tier",
            ),
            models.UniqueConstraint(
                fields=["tier"], condition=Q(category__isnull=True), name="policy_tier_default"
            ),
            models.CheckConstraint(
                name="policy_attempts_positive", condition=Q(max_attempts__gte=1)
            ),
        ]

    def __str__(self) -> str:
        scope = [str(self.category) if self.category_id else "", self.get_tier_display()]
        return " · ".join(s for s in scope if s) or str(_("default policy"))

    @property
    def offsets(self) -> list[int]:
        return parse_days(self.visit_days)

    @property
    def specificity(self) -> int:
        return (2 if self.category_id else 0) + (1 if self.tier else 0)


# What applies when the table is empty (a fresh database before its data migration).
BUILT_IN = FollowUpPolicy(visit_days="7, 30, 90")
