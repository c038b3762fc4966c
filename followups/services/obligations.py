"""Tracking each obligation (履行): the schedule marks it due; a mediator records it performed,
partly performed or breached, with evidence; every change writes a performance record and an
entry in the case record in the same transaction."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement, Obligation
from cases.access import case_capabilities
from cases.models import CaseEvent
from cases.services.record import event_record
from cases.workflow import Capability
from core.errors import Refused
from core.uploads import check_upload
from followups import rules
from followups.models import ObligationEvidence, ObligationRecord

from .checks import obligation_missed_notify
from .jobs import run_each

if TYPE_CHECKING:
    from mediators.models import User

S = Obligation.Status


@dataclass(frozen=True)
class Upload:
    """One uploaded file with what core.uploads learnt from its content."""

    file: object
    checked: object


def evidence_check(files) -> list[Upload]:
    """Validate every file by its content before anything is written (raises ValidationError
    naming the file that is refused)."""
    return [Upload(file=f, checked=check_upload(f)) for f in files]


def _obligation_for_update(obligation_id: int) -> Obligation:
    return (
        Obligation.objects.select_for_update(of=("self",))
        .select_related("agreement", "agreement__case", "debtor")
        .get(pk=obligation_id)
    )


def obligation_record(
    *,
    obligation_id: int,
    actor: "User",
    status: str,
    performed_on: date | None = None,
    amount_paid: Decimal | None = None,
    note: str = "",
    files=(),
) -> ObligationRecord:
    """A mediator records what became of an obligation. Refused (Refused) when the move is
    not possible from its current status, the actor does not work the case, or evidence is
    missing; an unacceptable file raises ValidationError. Nothing is written then."""
    uploads = evidence_check(files)
    with transaction.atomic():
        obligation = _obligation_for_update(obligation_id)
        case = obligation.agreement.case
        if Capability.WORK not in case_capabilities(actor, case):
            raise Refused("forbidden", _("Only those who work this case record performance."))
        if obligation.agreement.status != Agreement.Status.EFFECTIVE:
            raise Refused("illegal", _("The agreement is not in effect."))
        if status not in rules.RECORDABLE.get(obligation.status, ()):
            raise Refused(
                "illegal",
                _("An obligation that is %(now)s cannot be recorded as %(new)s.")
                % {"now": obligation.get_status_display(), "new": S(status).label},
            )
        _check_input(status, performed_on, amount_paid, note, uploads)
        now = timezone.now()
        record = ObligationRecord.objects.create(
            obligation=obligation,
            status_from=obligation.status,
            status_to=status,
            performed_on=performed_on,
            amount_paid=amount_paid,
            note=note.strip(),
            recorded_by=actor,
            recorded_at=now,
        )
        for upload in uploads:
            evidence = ObligationEvidence(
                record=record,
                name=upload.checked.safe_name,
                extension=upload.checked.extension,
                content_type=upload.checked.content_type,
                size=upload.checked.size,
                sha256=upload.checked.sha256,
            )
            evidence.file.save(upload.checked.safe_name, upload.file, save=True)
        obligation.status, obligation.status_changed_at = status, now
        obligation.save(update_fields=["status", "status_changed_at"])
        event_record(
            case=case,
            kind=f"obligation_{status}",
            actor=actor,
            at=now,
            visibility=CaseEvent.Visibility.PARTIES,
            summary=_obligation_summary(obligation, record),
            detail={
                "obligation_id": obligation.pk,
                "record_id": record.pk,
                "from": record.status_from,
                "to": status,
                "performed_on": performed_on.isoformat() if performed_on else None,
                "amount_paid": str(amount_paid) if amount_paid is not None else None,
                "evidence": len(uploads),
            },
        )
        if status == S.BREACHED:
            obligation_missed_notify(obligation, record.pk)
    return record


def _check_input(status, performed_on, amount_paid, note, uploads) -> None:
    if status in rules.NEEDS_EVIDENCE:
        if performed_on is None:
            raise Refused("invalid", _("Give the date it was performed."))
        if performed_on > timezone.localdate():
            raise Refused("invalid", _("The date cannot be in the future."))
        if not uploads:
            raise Refused(
                "invalid",
                _("Attach the evidence: a receipt, a transfer record or a photo of the work."),
            )
    if status == S.BREACHED and not note.strip():
        raise Refused("invalid", _("Say how the obligation was breached."))
    if amount_paid is not None and amount_paid <= 0:
        raise Refused("invalid", _("The amount paid must be more than zero."))


def _obligation_summary(obligation: Obligation, record: ObligationRecord) -> str:
    label = {
        S.PERFORMED: _("performed"),
        S.PARTLY_PERFORMED: _("partly performed"),
        S.BREACHED: _("breached"),
        S.DUE: _("now due"),
    }[record.status_to]
    text = _("Obligation of %(debtor)s (%(what)s, due %(date)s): %(status)s.") % {
        "debtor": obligation.debtor.name,
        "what": obligation.description[:60],
        "date": obligation.due_on.isoformat(),
        "status": label,
    }
    if record.amount_paid is not None:
        text += " " + _("Paid: %(amount)s yuan.") % {"amount": record.amount_paid}
    return text


def obligations_mark_due(*, today: date | None = None) -> int:
    """The job: every pending obligation of an agreement in effect whose date has come is due."""
    today = today or timezone.localdate()
    ids = Obligation.objects.filter(
        status=S.PENDING, due_on__lte=today, agreement__status=Agreement.Status.EFFECTIVE
    ).values_list("pk", flat=True)
    return run_each("obligation_mark_due", list(ids), lambda pk: obligation_mark_due(pk))


def obligation_mark_due(obligation_id: int) -> bool:
    obligation = _obligation_for_update(obligation_id)
    if obligation.status != S.PENDING:
        return False
    now = timezone.now()
    try:
        with transaction.atomic():
            record = ObligationRecord.objects.create(
                obligation=obligation, status_from=S.PENDING, status_to=S.DUE, recorded_at=now
            )
    except IntegrityError:  # marked by another worker a moment ago
        return False
    obligation.status, obligation.status_changed_at = S.DUE, now
    obligation.save(update_fields=["status", "status_changed_at"])
    event_record(
        case=obligation.agreement.case,
        kind="obligation_due",
        at=now,
        summary=_obligation_summary(obligation, record),
        detail={"obligation_id": obligation.pk, "record_id": record.pk},
    )
    return True


__all__ = ["ValidationError", "evidence_check", "obligation_record", "obligations_mark_due"]
