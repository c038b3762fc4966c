"""Requesting, rendering and storing the case's documents.

A request writes a queued row and queues the render task after the commit. The task claims
the row under its lock (queued → rendering), renders outside any transaction, then under the
lock again writes the file once, with its SHA-256, and marks it ready. Run twice, the second
run finds the row ready (or being rendered) and does nothing; the row's unique version and
unique file name are enforced by the database. A failure keeps the row, with its error, for
the retry button; nothing the user asked for is lost.
"""

import hashlib
import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.access import case_capabilities
from cases.models import Case, CaseEvent, MediationSession
from cases.services.record import event_record
from cases.workflow import Capability
from core.errors import Refused
from core.uploads import PDF_TYPES, PHOTO_TYPES, check_upload

from .models import Document
from .tasks import document_render_task

if TYPE_CHECKING:
    from mediators.models import User

logger = logging.getLogger(__name__)

# Kinds staff may ask for on the case page (the agreement is rendered when it is final).
REQUESTABLE_KINDS = {
    Document.Kind.ACCEPTANCE_FORM,
    Document.Kind.CASE_FILE,
    Document.Kind.SESSION_MINUTES,
}
# A render that started longer ago than the task's hard time limit died with its worker.
STALE_AFTER = timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 180) + 60)


def _subject_key(kind: str, agreement=None) -> str:
    return f"agreement:{agreement.pk}" if agreement is not None else ""


def _queue_render(document: Document) -> None:
    document_id = document.pk

    def send() -> None:
        try:
            document_render_task.delay(document_id)
        except Exception:  # the broker is down: the periodic requeue picks it up
            logger.warning("broker unavailable; document %s waits for the requeue", document_id)

    transaction.on_commit(send)


def document_request(
    *,
    case: Case,
    kind: str,
    actor: "User | None" = None,
    agreement=None,
    audience: str = Document.Audience.ALL,
    subject_key: str = "",
) -> Document:
    """Queue a document. An agreement's PDF is made once per agreement version (its text is
    fixed); other documents get a new version each time, so earlier copies stay."""
    subject_key = subject_key or _subject_key(kind, agreement)
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).first()  # serialises versions
        existing = Document.objects.filter(
            case=case, kind=kind, subject_key=subject_key, audience=audience
        )
        if kind == Document.Kind.AGREEMENT:
            current = existing.order_by("-version").first()
            if current is not None:
                return current
        last = existing.aggregate(last=Max("version"))["last"] or 0
        document = Document.objects.create(
            case=case,
            kind=kind,
            subject_key=subject_key,
            agreement=agreement,
            audience=audience,
            version=last + 1,
            requested_by=actor if getattr(actor, "is_authenticated", False) else None,
            requested_at=timezone.now(),
        )
        event_record(
            case=case,
            kind="document_requested",
            actor=actor,
            summary=_("%(kind)s requested (version %(version)s, %(audience)s).")
            % {
                "kind": document.get_kind_display(),
                "version": document.version,
                "audience": document.get_audience_display(),
            },
            detail={"document_id": document.pk},
        )
        _queue_render(document)
    return document


def document_request_for_user(
    *, case_id: int, actor: "User", kind: str, audience: str, session_id: int | None = None
) -> Document:
    """What the case page's buttons call: checks the kind and the actor's capability."""

    case = Case.objects.get(pk=case_id)
    if Capability.WORK not in case_capabilities(actor, case):
        raise Refused("forbidden", _("Only those who work the case make its documents."))
    if kind not in REQUESTABLE_KINDS:
        raise Refused("invalid", _("This document cannot be made here."))
    if kind == Document.Kind.SESSION_MINUTES:
        session = MediationSession.objects.filter(pk=session_id or 0, case=case).first()
        if session is None:
            raise Refused("invalid", _("Choose a session of this case."))
        # a back-to-back session's minutes are that side's copy; a joint one's everyone's
        return document_request(
            case=case,
            kind=kind,
            actor=actor,
            audience=session.side or Document.Audience.ALL,
            subject_key=f"session:{session.pk}",
        )
    if audience not in Document.Audience.values or (
        kind == Document.Kind.ACCEPTANCE_FORM and audience != Document.Audience.ALL
    ):
        raise Refused("invalid", _("Choose whose copy it is."))
    if kind == Document.Kind.CASE_FILE and audience == Document.Audience.ALL:
        raise Refused("invalid", _("Choose whose copy it is."))
    return document_request(case=case, kind=kind, actor=actor, audience=audience)


def document_retry(*, document_id: int, actor: "User") -> Document:
    with transaction.atomic():
        document = Document.objects.select_for_update().select_related("case").get(pk=document_id)
        if Capability.WORK not in case_capabilities(actor, document.case):
            raise Refused("forbidden", _("Only those who work the case make its documents."))
        if document.state != Document.State.FAILED:
            raise Refused("illegal", _("Only a failed document is tried again."))
        document.state = Document.State.QUEUED
        document.error = ""
        document.save(update_fields=["state", "error"])
        _queue_render(document)
    return document


def document_render(*, document_id: int, takeover: bool = False) -> str:
    """The task's body; returns the state it left the document in. With takeover (the broker
    delivered the message again: the worker that had it died mid-render) a row still marked
    rendering is rendered now rather than left for the periodic requeue."""
    with transaction.atomic():
        document = Document.objects.select_for_update().filter(pk=document_id).first()
        if document is None:
            return "missing"
        now = timezone.now()
        busy = (
            document.state == Document.State.RENDERING
            and document.started_at > now - STALE_AFTER
            and not takeover
        )
        if document.state in (Document.State.READY, Document.State.FAILED) or busy:
            return document.state
        document.state = Document.State.RENDERING
        document.started_at = now
        document.attempts += 1
        document.save(update_fields=["state", "started_at", "attempts"])
    try:
        from .rendering import render_document

        content, pages = render_document(document)
    except Exception as exc:
        logger.exception("document %s failed to render", document_id)
        return _fail(document_id, exc)
    return _store(document_id, content, pages)


def _fail(document_id: int, exc: Exception) -> str:
    with transaction.atomic():
        document = Document.objects.select_for_update().select_related("case").get(pk=document_id)
        if document.state != Document.State.RENDERING:
            return document.state
        document.state = Document.State.FAILED
        document.error = f"{type(exc).__name__}: {exc}"[:2000]
        document.finished_at = timezone.now()
        document.save(update_fields=["state", "error", "finished_at"])
        event_record(
            case=document.case,
            kind="document_failed",
            summary=_("%(kind)s (version %(version)s) could not be made; it can be tried again.")
            % {"kind": document.get_kind_display(), "version": document.version},
            detail={"document_id": document.pk},
        )
    return Document.State.FAILED


def _file_name(document: Document, extension: str) -> str:
    # The row's id makes the name unique: no two rows can ever write the same file.
    return (
        f"documents/{document.case_id}/{document.kind}-{document.pk}-v{document.version}{extension}"
    )


def _write_once(name: str, content: bytes) -> str:
    """Write a new file under exactly this name. A file already there belongs to an attempt
    that died before it committed (a ready row's file is never reached: the row is locked and
    not ready), so it is replaced rather than left beside a renamed copy."""
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(content))
    if saved != name:  # pragma: no cover - the storage renamed it: never leave a stray copy
        default_storage.delete(saved)
        raise RuntimeError(f"storage would not write {name}")
    return saved


def _store(document_id: int, content: bytes, pages: int | None) -> str:
    with transaction.atomic():
        document = Document.objects.select_for_update().select_related("case").get(pk=document_id)
        if document.state != Document.State.RENDERING:
            return document.state  # another run finished it meanwhile: keep its file
        document.file.name = _write_once(_file_name(document, ".pdf"), content)
        document.sha256 = hashlib.sha256(content).hexdigest()
        document.size, document.pages = len(content), pages
        document.state = Document.State.READY
        document.finished_at = timezone.now()
        document.error = ""
        document.save()
        event_record(
            case=document.case,
            kind="document_ready",
            summary=_("%(kind)s (version %(version)s) is ready.")
            % {"kind": document.get_kind_display(), "version": document.version},
            detail={"document_id": document.pk, "sha256": document.sha256},
        )
    return Document.State.READY


def document_store_upload(
    *, case: Case, kind: str, uploaded, actor: "User", agreement=None
) -> Document:
    """Keep an uploaded scan (the signed paper copy) as a ready document: checked by content,
    a new version each time, never overwriting an earlier one. Call inside the caller's
    transaction, after its own permission checks."""

    try:
        checked = check_upload(uploaded, allowed=PDF_TYPES | PHOTO_TYPES)
    except ValidationError as error:
        raise Refused("invalid", " ".join(error.messages)) from error
    subject_key = _subject_key(kind, agreement)
    last = (
        Document.objects.filter(case=case, kind=kind, subject_key=subject_key).aggregate(
            last=Max("version")
        )["last"]
        or 0
    )
    now = timezone.now()
    document = Document.objects.create(
        case=case,
        kind=kind,
        subject_key=subject_key,
        agreement=agreement,
        version=last + 1,
        requested_by=actor,
        requested_at=now,
        started_at=now,
        state=Document.State.RENDERING,
        content_type=checked.content_type,
    )
    uploaded.seek(0)
    document.file.name = _write_once(_file_name(document, checked.extension), uploaded.read())
    document.sha256, document.size = checked.sha256, checked.size
    document.state, document.finished_at, document.attempts = Document.State.READY, now, 1
    document.save()
    event_record(
        case=case,
        kind="document_uploaded",
        actor=actor,
        summary=_("%(kind)s uploaded (version %(version)s).")
        % {"kind": document.get_kind_display(), "version": document.version},
        detail={"document_id": document.pk, "sha256": document.sha256},
        visibility=CaseEvent.Visibility.INTERNAL,
    )
    return document


def documents_requeue_stale() -> int:
    """Periodic: queue again what no worker is doing (the broker was down at request time,
    or the worker died mid-render). Rendering twice is harmless: see document_render."""
    now = timezone.now()
    stale = Document.objects.filter(
        state=Document.State.QUEUED, requested_at__lt=now - timedelta(minutes=2)
    ) | Document.objects.filter(state=Document.State.RENDERING, started_at__lt=now - STALE_AFTER)

    count = 0
    for document_id in stale.values_list("pk", flat=True)[:200]:
        document_render_task.delay(document_id)
        count += 1
    return count
