"""Linking related cases (the same complaint from two channels, earlier cases of the same
compound or parties). The link is recorded on both cases' files."""

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.access import case_capabilities
from cases.models import Case, CaseLink
from cases.workflow import Capability
from core.errors import Refused

from .guard import case_lock_for_work
from .record import event_record

if TYPE_CHECKING:
    from mediators.models import User


def case_link(
    *, case_id: int, actor: "User", other_reference: str, kind: str, note: str = ""
) -> CaseLink:
    if kind not in CaseLink.Kind.values:
        raise Refused("invalid", _("Choose how the cases are related."))
    with transaction.atomic():
        case = case_lock_for_work(case_id=case_id, actor=actor, any_status=True)
        other = Case.objects.filter(reference=(other_reference or "").strip()).first()
        # A case the actor may not see is reported exactly like one that does not exist.
        if other is None or Capability.VIEW not in case_capabilities(actor, other):
            raise Refused("invalid", _("No case you can see has that reference number."))
        if other.pk == case.pk:
            raise Refused("invalid", _("A case cannot be linked to itself."))
        low, high = sorted((case.pk, other.pk))
        if CaseLink.objects.filter(case_id=low, other_id=high).exists():
            raise Refused("illegal", _("These cases are already linked."))
        now = timezone.now()
        link = CaseLink.objects.create(
            case_id=low, other_id=high, kind=kind, note=note, created_by=actor, created_at=now
        )
        label = CaseLink.Kind(kind).label
        for this, that in ((case, other), (other, case)):
            event_record(
                case=this,
                kind="linked",
                actor=actor,
                at=now,
                summary=_("Linked to %(reference)s (%(kind)s).")
                % {"reference": that.reference, "kind": label}
                + (f" {note}" if note else ""),
                detail={"link_id": link.pk, "other_case_id": that.pk, "kind": kind},
            )
    return link
