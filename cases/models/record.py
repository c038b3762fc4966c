"""一案一档: the append-only record of everything that happened on a case.

Rows are only ever inserted. A correction is a new row pointing at the one it corrects. The
guards here stop the ORM from editing or deleting rows; on PostgreSQL a trigger (migration
0002) refuses UPDATE and DELETE from any client.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .party import Side


class AppendOnlyError(Exception):
    pass


class CaseEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The case record is append-only: add a correction instead.")

    def delete(self):
        raise AppendOnlyError("The case record is append-only: entries are never deleted.")

    def visible_to_side(self, side: str):
        """Entries a party of this side may see: shared ones and their own side's."""
        return self.filter(
            models.Q(visibility=CaseEvent.Visibility.PARTIES)
            | models.Q(visibility=CaseEvent.Visibility.SIDE, side=side)
        )


class CaseEvent(models.Model):
    class Visibility(models.TextChoices):
        INTERNAL = "internal", _("internal")
        PARTIES = "parties", _("shared with all parties")
        SIDE = "side", _("one side only")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("time"))
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    # For visibility=side: the side that may see it (the other side never does).
    side = models.CharField(_("side"), max_length=16, choices=Side.choices, blank=True)
    # Plain text for people; rendered escaped everywhere.
    summary = models.TextField(_("summary"))
    detail = models.JSONField(_("details"), default=dict, blank=True)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("record entry")
        verbose_name_plural = _("record entries")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at", "id"], name="event_case_time")]
        constraints = [
            models.CheckConstraint(
                name="event_side_only_for_side_visibility",
                condition=models.Q(visibility="side", side__in=[s.value for s in Side])
                | (~models.Q(visibility="side") & models.Q(side="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The case record is append-only: add a correction instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The case record is append-only: entries are never deleted.")
