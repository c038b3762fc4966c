"""Writes about residents' personal data: anonymising a case under the retention policy or one
party on request, and the requests of the people whose data it is. Each takes the case's row
lock and writes its change and its record entry in one transaction.

The case record (CaseEvent) is append-only down to the database, so these never touch it:
their own entries carry no personal data, and what earlier entries say stays in the archive
(see privacy.selectors.record_withheld_before for how pages stop showing it).
"""

import logging
import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.apps import apps
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import pgettext

from cases.models import Case, Party
from cases.services.guard import case_lock_for_work
from cases.services.record import event_record
from cases.workflow import Capability, Status
from core.errors import Refused
from intake.models import Complaint, Upload

from . import conf
from .models import Anonymisation, DataRequest
from .scrub import Erasure, placeholders
from .selectors import party_data

if TYPE_CHECKING:
    from mediators.models import User

logger = logging.getLogger(__name__)

# Free text other apps keep about a case: (model, path from it to the case, fields).
TEXT_FIELDS: list[tuple[str, str, tuple[str, ...]]] = [
    ("cases.PartyGroup", "case", ("name", "description")),
    ("cases.ContactAttempt", "case", ("note",)),
    ("cases.MediationSession", "case", ("participants", "minutes", "private_note")),
    ("cases.InterimMeasure", "case", ("measure", "responsible", "result")),
    ("cases.Evidence", "case", ("description", "original_name")),
    ("cases.LegalOpinion", "case", ("question", "opinion", "legal_basis")),
    ("cases.ExpertAssessment", "case", ("scope", "conclusion")),
    ("cases.JointMeeting", "case", ("decisions",)),
    ("cases.ActionItem", "meeting__case", ("description", "owner")),
    ("cases.CaseLink", "case", ("note",)),
    ("intake.Complaint", "case", ("description", "claims", "other_side")),
    ("intake.Addition", "case", ("text",)),
    (
        "agreements.Agreement",
        "case",
        (
            "facts",
            "disputed_matters",
            "responsibilities",
            "terms",
            "performance",
            "correction_reason",
            "return_note",
        ),
    ),
    ("agreements.Obligation", "agreement__case", ("description",)),
    ("followups.FollowUpVisit", "case", ("participants", "remarks")),
    ("followups.ObligationRecord", "obligation__agreement__case", ("note",)),
    ("followups.Reminder", "case", ("text",)),
    ("followups.EarlySign", "case", ("description", "parties")),
    ("notifications.Notification", "case", ("text",)),
]
CASE_TEXT = ("title", "description", "claims", "decline_reason")
# A case has ended for the retention policy: closed, or declined or withdrawn (never closed).
ENDED = (Status.DECLINED, Status.WITHDRAWN)


def _scrub_rows(label: str, case_path: str, fields: tuple[str, ...], case: Case, erasure: Erasure):
    model = apps.get_model(label)
    limits = {f: model._meta.get_field(f).max_length for f in fields}
    changed = []
    for row in model.objects.filter(**{case_path: case.pk}).only("pk", *fields):
        dirty = False
        for name in fields:
            before = getattr(row, name)
            after = erasure.text(before)
            if after != before:
                setattr(row, name, after[: limits[name]] if limits[name] else after)
                dirty = True
        if dirty:
            changed.append(row)
    if changed:
        model.objects.bulk_update(changed, fields)


def _anonymise(case: Case, parties: list[Party], *, whole_case: bool) -> None:
    """Names become placeholders, numbers and addresses go, on the parties and in every free
    text of the case. Placeholders are drawn over all the case's people not yet anonymised,
    so a party gets the same one whether alone (on request) or with the rest (retention)."""

    done = set(
        Anonymisation.objects.filter(case=case, party__isnull=False).values_list(
            "party_id", flat=True
        )
    )
    people = Party.objects.filter(case=case, kind=Party.Kind.PERSON).exclude(pk__in=done)
    aliases = placeholders([p.name for p in people])
    erasure = Erasure()
    for party in parties:
        erasure.phones.add(party.mobile)
        erasure.id_numbers.add(party.id_number)
        if party.kind == Party.Kind.PERSON and party.pk not in done:
            erasure.names[party.name.strip()] = aliases.get(party.name.strip(), party.name)
            party.name = aliases.get(party.name.strip(), party.name)
        party.mobile = party.id_number = party.address = ""
    Party.objects.bulk_update(parties, ["name", "mobile", "id_number", "address"])

    complaint = Complaint.objects.filter(case=case).first()
    filer = next((p for p in parties if p.is_filer), None)
    if complaint and (whole_case or filer):
        erasure.phones.add(complaint.mobile)
        erasure.emails.add(complaint.email)
        if complaint.name.strip():
            erasure.names.setdefault(complaint.name.strip(), filer.name if filer else "某")
        complaint.name = erasure.names.get(complaint.name.strip(), complaint.name)
        complaint.mobile = complaint.email = ""
        complaint.save(update_fields=["name", "mobile", "email"])

    for field in CASE_TEXT:
        setattr(case, field, erasure.text(getattr(case, field)))
    update = list(CASE_TEXT)
    if whole_case:  # the building and unit say where the applicant lives
        case.building = ""
        update.append("building")
        Complaint.objects.filter(case=case).update(building="")
    case.save(update_fields=update)
    for label, path, fields in TEXT_FIELDS:
        _scrub_rows(label, path, fields, case, erasure)


def _resident_files_remove(case: Case) -> int:
    """The photos and files residents sent with the complaint or added later show their homes
    and papers: they go with the rest of the personal data. Evidence the mediators took into
    the file and the generated documents (the signed agreement has legal weight) stay."""

    uploads = list(Upload.objects.filter(Q(complaint__case=case) | Q(addition__case=case)))
    if not uploads:
        return 0
    storage = Upload._meta.get_field("file").storage
    names = [u.file.name for u in uploads if u.file]
    Upload.objects.filter(pk__in=[u.pk for u in uploads]).delete()
    # the files go only once the rows' removal is committed
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
    return len(uploads)


def case_anonymise(*, case_id: int, at: datetime | None = None) -> Anonymisation | None:
    """Anonymise every party of one ended case under the retention policy. Safe to run twice:
    a case already done is left alone (None)."""
    at = at or timezone.now()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id)
        if Anonymisation.objects.filter(case=case, reason=Anonymisation.Reason.RETENTION).exists():
            return None
        parties = list(Party.objects.filter(case=case))
        _anonymise(case, parties, whole_case=True)
        files = _resident_files_remove(case)
        years = conf.retention_years()
        event = event_record(
            case=case,
            kind="anonymised",
            summary=pgettext("privacy", "Personal data anonymised under the retention policy."),
            detail={"reason": "retention", "years": years, "parties": len(parties), "files": files},
            at=at,
        )
        return Anonymisation.objects.create(
            case=case,
            reason=Anonymisation.Reason.RETENTION,
            at=at,
            parties=len(parties),
            event=event,
        )


def retention_cutoff(now: datetime) -> datetime:
    """Cases that ended before this are due: `retention_years` whole years ago (29 February
    counts from 28 February)."""
    years = conf.retention_years()
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def cases_due(*, cutoff: datetime, after_pk: int = 0, limit: int) -> list[int]:
    """The next ids of ended cases past the period and not yet anonymised, in id order: each
    batch starts where the last one stopped, so a million cases are walked once."""
    ended = Q(status=Status.CLOSED, closed_at__lt=cutoff) | Q(
        status__in=ENDED, concluded_at__lt=cutoff
    )
    done = Anonymisation.objects.filter(case=OuterRef("pk"), reason=Anonymisation.Reason.RETENTION)
    due = Case.objects.filter(ended, pk__gt=after_pk).filter(~Exists(done)).order_by("pk")
    return list(due.values_list("pk", flat=True)[:limit])


@dataclass
class RetentionRun:
    anonymised: int = 0
    last_pk: int = 0
    finished: bool = False


def retention_run(*, after_pk: int = 0, seconds: float | None = None) -> RetentionRun:
    """Anonymise the cases due, batch after batch, until none is left or `seconds` have passed
    (then `finished` is False and `last_pk` says where to go on)."""
    now = timezone.now()
    cutoff = retention_cutoff(now)
    started = time.monotonic()
    run = RetentionRun(last_pk=after_pk)
    while True:
        ids = cases_due(cutoff=cutoff, after_pk=run.last_pk, limit=conf.batch_size())
        if not ids:
            run.finished = True
            break
        for case_id in ids:
            if case_anonymise(case_id=case_id, at=now):
                run.anonymised += 1
        run.last_pk = ids[-1]
        logger.info("retention: %d cases anonymised so far, up to case %d", run.anonymised, ids[-1])
        if seconds is not None and time.monotonic() - started > seconds:
            break
    logger.info(
        "retention: %d cases anonymised (ended before %s)%s",
        run.anonymised,
        cutoff.date().isoformat(),
        "" if run.finished else ", more to do",
    )
    return run


# ---------------------------------------------------------------------------------------------
# Requests of the people whose data it is
# ---------------------------------------------------------------------------------------------


def _person_of(case: Case, party_id: int) -> Party:
    party = Party.objects.filter(case=case, pk=party_id, kind=Party.Kind.PERSON).first()
    if party is None:
        raise Refused(
            "invalid", pgettext("privacy", "Choose a person who is a party of this case.")
        )
    return party


def data_request_record(
    *,
    case_id: int,
    actor: "User",
    party_id: int,
    kind: str,
    asked_at: datetime,
    verification: str,
    verification_note: str = "",
) -> DataRequest:
    """Record that a party asked to see or delete their data, and how they were verified."""
    if kind not in DataRequest.Kind.values:
        raise Refused("invalid", pgettext("privacy", "Say whether they ask to see or delete."))
    if verification not in DataRequest.Verification.values:
        raise Refused("invalid", pgettext("privacy", "Say how the person was verified."))
    now = timezone.now()
    if asked_at > now:
        raise Refused("invalid", pgettext("privacy", "The request cannot be in the future."))
    with transaction.atomic():
        case = case_lock_for_work(case_id=case_id, actor=actor, any_status=True)
        party = _person_of(case, party_id)
        request = DataRequest.objects.create(
            case=case,
            party=party,
            kind=kind,
            asked_at=asked_at,
            verification=verification,
            # A note is no place for the ID number that was checked.
            verification_note=Erasure().text(verification_note.strip()),
            recorded_by=actor,
            recorded_at=now,
        )
        event_record(
            case=case,
            kind="data_request",
            actor=actor,
            summary=pgettext(
                "privacy",
                "A party (%(side)s) asked to %(kind)s on %(date)s; verified by: %(how)s.",
            )
            % {
                "side": Party.Side(party.side).label,
                "kind": request.get_kind_display(),
                "date": f"{timezone.localtime(asked_at):%Y-%m-%d}",
                "how": request.get_verification_display(),
            },
            detail={"request_id": request.pk, "party_id": party.pk, "request": kind},
        )
    return request


def data_request_fulfil(
    *, case_id: int, request_id: int, actor: "User", note: str = ""
) -> DataRequest:
    """Carry a request out: for access, record that the copy was given; for deletion (the
    team lead, once the case has ended), anonymise that party as the retention job would."""
    with transaction.atomic():
        case = case_lock_for_work(case_id=case_id, actor=actor, any_status=True)
        request = (
            DataRequest.objects.select_for_update()
            .select_related("party")
            .filter(case=case, pk=request_id)
            .first()
        )
        if request is None:
            raise Refused("invalid", pgettext("privacy", "No such request on this case."))
        if request.status == DataRequest.Status.FULFILLED:
            raise Refused("illegal", pgettext("privacy", "This request was already carried out."))
        now = timezone.now()
        side = Party.Side(request.party.side).label
        if request.kind == DataRequest.Kind.DELETION:
            if Capability.LEAD not in case.capabilities:
                raise Refused(
                    "forbidden",
                    pgettext("privacy", "Only the team lead may delete a party's data."),
                )
            if case.status not in (Status.CLOSED, *ENDED):
                raise Refused(
                    "illegal",
                    pgettext(
                        "privacy",
                        "The case is still being worked: its data is needed until it is closed, "
                        "withdrawn or declined.",
                    ),
                )
            _anonymise(case, [request.party], whole_case=False)
            event = event_record(
                case=case,
                kind="data_deleted",
                actor=actor,
                summary=pgettext(
                    "privacy", "Personal data of a party (%(side)s) deleted at their request."
                )
                % {"side": side},
                detail={"request_id": request.pk, "party_id": request.party_id},
                at=now,
            )
            Anonymisation.objects.create(
                case=case,
                party=request.party,
                reason=Anonymisation.Reason.REQUEST,
                at=now,
                parties=1,
                event=event,
            )
        else:
            event_record(
                case=case,
                kind="data_access_given",
                actor=actor,
                summary=pgettext(
                    "privacy", "A copy of their personal data was given to a party (%(side)s)."
                )
                % {"side": side},
                detail={"request_id": request.pk, "party_id": request.party_id},
                at=now,
            )
        request.status = DataRequest.Status.FULFILLED
        request.fulfilled_by = actor
        request.fulfilled_at = now
        request.fulfilment_note = Erasure().text(note.strip())
        request.save(update_fields=["status", "fulfilled_by", "fulfilled_at", "fulfilment_note"])
    return request


def data_request_export(*, case_id: int, request_id: int, actor: "User") -> dict:
    """The personal data of the party who asked for access, as plain data for a file handed to
    them (full numbers: only those who work the case may export, and each export is recorded)."""

    with transaction.atomic():
        case = case_lock_for_work(
            case_id=case_id, actor=actor, capability=Capability.REVEAL, any_status=True
        )
        request = (
            DataRequest.objects.select_related("party")
            .filter(case=case, pk=request_id, kind=DataRequest.Kind.ACCESS)
            .first()
        )
        if request is None:
            raise Refused("invalid", pgettext("privacy", "No such access request on this case."))
        data = party_data(case, request.party)
        event_record(
            case=case,
            kind="data_exported",
            actor=actor,
            summary=pgettext(
                "privacy", "Personal data of a party (%(side)s) exported for their access request."
            )
            % {"side": Party.Side(request.party.side).label},
            detail={"request_id": request.pk, "party_id": request.party_id},
        )
    return data
