"""What a resident does with the tracking code: look the case up, add information or photos,
withdraw the complaint."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases import tracking
from cases.models import Case, CaseEvent, Party
from cases.services.moves import case_withdraw
from cases.services.notify import notify_on_commit
from cases.services.record import event_record
from core.errors import Refused
from intake import rules
from intake.models import Addition, Upload

from .uploads import draft_is_valid

SUMMARY_TEXT_MAX = 300


def tracking_lookup(*, code: str, mobile_last4: str) -> Case | None:
    """The case whose tracking code and filer's mobile match, or None. Whether the code exists
    is never told apart from a wrong phone number: both are None."""
    code = tracking.normalize(code)
    last4 = "".join(c for c in (mobile_last4 or "") if c.isdigit())
    if not tracking.is_well_formed(code) or len(last4) != 4:
        return None
    case = Case.objects.filter(tracking_code=code).first()
    if case is None:
        return None
    filers = Party.objects.filter(case=case, is_filer=True, mobile__endswith=last4)
    return case if filers.exists() else None


def filer_side(case: Case) -> str:
    side = Party.objects.filter(case=case, is_filer=True).values_list("side", flat=True).first()
    return side or Party.Side.APPLICANT


def addition_add(*, case: Case, text: str, draft: str = "") -> Addition:
    """The resident adds information or files; a record entry shared with the parties says so,
    and the mediators are told."""
    text = (text or "").strip()
    files = (
        list(Upload.objects.filter(draft=draft, complaint=None, addition=None))
        if draft_is_valid(draft)
        else []
    )
    if not text and not files:
        raise Refused("invalid", _("Write something or add a file."))
    if len(text) > rules.ADDITION_MAX:
        raise Refused(
            "invalid",
            _("Please keep it under %(n)d characters.") % {"n": rules.ADDITION_MAX},
        )
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if not case.is_open:
            raise Refused(
                "illegal", _("This case is concluded; call the mediation office instead.")
            )
        addition = Addition.objects.create(case=case, text=text)
        Upload.objects.filter(pk__in=[u.pk for u in files]).update(addition=addition, draft="")
        shown = text if len(text) <= SUMMARY_TEXT_MAX else text[: SUMMARY_TEXT_MAX - 1] + "…"
        if shown:
            summary = _("The applicant added information: %(text)s") % {"text": shown}
        else:
            summary = _("The applicant added information.")
        if files:
            # The leading space is in the message: English wants it, Chinese does not.
            summary += ngettext(" (%(n)d file)", " (%(n)d files)", len(files)) % {"n": len(files)}
        event = event_record(
            case=case,
            kind="applicant_added",
            summary=summary,
            visibility=CaseEvent.Visibility.PARTIES,
            detail={"addition_id": addition.pk, "files": len(files)},
        )
        addition.event = event
        addition.save(update_fields=["event"])
        notify_on_commit(event)
    return addition


def complaint_withdraw(*, case: Case, reason: str) -> Case:
    """The resident withdraws through the workflow's own move, as the applicant."""
    reason = (reason or "").strip()[: rules.REASON_MAX]
    return case_withdraw(case_id=case.pk, reason=reason, as_applicant=True)
