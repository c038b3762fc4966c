"""Reads about personal data that the pages, the API and the export share."""

from datetime import datetime

from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from cases.models import Case, ContactAttempt, Party
from cases.panels import known_empty
from cases.selectors import events_for_side
from intake.models import Complaint

from .models import Anonymisation, DataRequest


def case_has_data_requests() -> Exists:
    """Asked with the case page's presence query (cases.panels.register_check)."""
    return Exists(DataRequest.objects.filter(case=OuterRef("pk")))


def case_was_anonymised() -> Exists:
    """Asked with the case page's presence query: most cases never were, and their record
    needs no cut-off (record_withheld_before)."""
    return Exists(Anonymisation.objects.filter(case=OuterRef("pk")))


def data_requests_for_case(case: Case) -> QuerySet[DataRequest]:
    return DataRequest.objects.filter(case=case).select_related(
        "party", "recorded_by", "fulfilled_by"
    )


def record_withheld_before(case: Case) -> datetime | None:
    """Record entries written before this may name people whose data is gone (the record
    itself cannot be rewritten): pages show their kind, time and author, not their text."""
    if known_empty(case, "anonymised"):
        return None
    return Anonymisation.objects.filter(case=case).aggregate(at=Max("at"))["at"]


# Entries these kinds never carry personal data: they stay readable.
OWN_KINDS = frozenset(
    {"anonymised", "data_request", "data_access_given", "data_exported", "data_deleted"}
)
WITHHELD = pgettext_lazy(
    "privacy",
    "(Text withheld: written before personal data on this case was anonymised, it may name "
    "the people concerned. It is kept in the archive.)",
)


def record_summary(event, case: Case) -> str:
    """What pages show of a record entry. The record cannot be rewritten, so an entry written
    before the case (or one party) was anonymised keeps the names it had; from then on pages,
    printed copies and the API show its kind, time and author but not its text (PIPL art. 47:
    what cannot be deleted is only stored). One query per case, cached on it."""
    if not hasattr(case, "_record_withheld_before"):
        case._record_withheld_before = record_withheld_before(case)
    cutoff = case._record_withheld_before
    if cutoff is not None and event.created_at < cutoff and event.kind not in OWN_KINDS:
        return str(WITHHELD)
    return event.summary


def _when(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def party_data(case: Case, party: Party) -> dict:
    """Everything the case holds about one party, as they may read it: their details, the
    complaint they filed, the contacts with them and their side's file."""

    data = {
        "case": {
            "reference": case.reference,
            "category": case.category.name,
            "compound": case.compound.name,
            "registered_at": _when(case.registered_at),
            "status": case.get_status_display(),
        },
        "party": {
            "name": party.name,
            "side": party.get_side_display(),
            "mobile": party.mobile,
            "id_number": party.id_number,
            "address": party.address,
            "group": party.group.name if party.group_id else None,
            "representative": party.is_representative,
            "position": party.get_position_display(),
        },
        "complaint": None,
        "contacts": [
            {
                "at": _when(c.contacted_at),
                "how": c.get_method_display(),
                "result": c.get_result_display(),
                "note": c.note,
            }
            for c in ContactAttempt.objects.filter(case=case, party=party).order_by("pk")
        ],
        "record": [
            {"at": _when(e.created_at), "summary": record_summary(e, case)}
            for e in events_for_side(case, party.side)
        ],
        "exported_at": _when(timezone.now()),
    }
    complaint = Complaint.objects.filter(case=case).first() if party.is_filer else None
    if complaint is not None:
        data["complaint"] = {
            "name": complaint.name,
            "mobile": complaint.mobile,
            "email": complaint.email,
            "building": complaint.building,
            "what_happened": complaint.description,
            "what_you_want": complaint.claims,
            "other_side": complaint.other_side,
            "submitted_at": _when(complaint.created_at),
            "consented_at": _when(complaint.consent_at),
            "privacy_notice_version": complaint.privacy_version,
        }
    return data
