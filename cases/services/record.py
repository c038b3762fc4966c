"""Writing the case record (一案一档). Every service that changes a case calls `event_record`
inside its transaction, so the change and its record entry commit or fail together."""

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from cases.models import Case, CaseEvent

if TYPE_CHECKING:
    from mediators.models import User


def event_record(
    *,
    case: Case,
    kind: str,
    summary: str,
    actor: "User | None" = None,
    detail: dict[str, Any] | None = None,
    visibility: str = CaseEvent.Visibility.INTERNAL,
    side: str = "",
    corrects: CaseEvent | None = None,
    at=None,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        created_at=at or timezone.now(),
        visibility=visibility,
        side=side if visibility == CaseEvent.Visibility.SIDE else "",
        summary=summary,
        detail=detail or {},
        corrects=corrects,
    )


def event_correct(
    *, original: CaseEvent, actor: "User", summary: str, reason: str, detail: dict | None = None
) -> CaseEvent:
    """A correction is a new entry pointing at the one it corrects; the original stays. It is
    read by whoever could read the original, no one else."""
    return event_record(
        case=original.case,
        kind="correction",
        summary=summary,
        actor=actor,
        detail={**(detail or {}), "reason": reason, "corrected_kind": original.kind},
        visibility=original.visibility,
        side=original.side,
        corrects=original,
    )
