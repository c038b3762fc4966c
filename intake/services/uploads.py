"""Files residents send: checked by content (core.uploads), counted against the sender's
limits, then stored under the form's draft key (the page's round trips keep them, so that a
mistake in another field never costs the resident their photos) and attached to the complaint
or addition when the form goes through."""

import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.uploads import PDF_TYPES, PHOTO_TYPES, CheckedUpload, check_upload, safe_filename
from intake import rules
from intake.models import Upload

ALLOWED = PHOTO_TYPES | PDF_TYPES
DRAFT_LENGTH = 43  # secrets.token_urlsafe(32)


def draft_new() -> str:
    return secrets.token_urlsafe(32)


def draft_is_valid(value: str) -> bool:
    return (
        isinstance(value, str)
        and len(value) == DRAFT_LENGTH
        and all(c.isalnum() or c in "-_" for c in value)
    )


def uploads_of_draft(draft: str) -> list[Upload]:
    if not draft_is_valid(draft):
        return []
    return list(Upload.objects.filter(draft=draft, complaint=None, addition=None))


@dataclass(frozen=True)
class Received:
    """A file of the request that passed the checks and is not stored yet."""

    uploaded: object
    checked: CheckedUpload


def uploads_check(*, files: Iterable, draft: str = "") -> tuple[list[Received], list[str]]:
    """Check each file by content and size, and whether the draft has room for it; returns
    the files to store and a message per file refused (wrong kind, too large, or one too
    many). Nothing is written: the caller counts the files against the limits first."""
    received, errors = [], []
    room = rules.MAX_FILES - len(uploads_of_draft(draft))
    for uploaded in files:
        if room <= 0:
            errors.append(
                _("At most %(n)d files can be sent; “%(name)s” was not added.")
                % {"n": rules.MAX_FILES, "name": safe_filename(uploaded.name)}
            )
            continue
        try:
            checked = check_upload(
                uploaded, allowed=ALLOWED, max_bytes=rules.get("UPLOAD_MAX_BYTES")
            )
        except ValidationError as error:
            if error.code == "bad_type":  # here only photos and PDFs, not office documents
                errors.append(
                    _(
                        "“%(name)s” is not a photo (JPEG, PNG, WebP, HEIC) or a PDF; "
                        "only those can be sent here."
                    )
                    % {"name": safe_filename(uploaded.name)}
                )
            else:
                errors.extend(error.messages)
            continue
        received.append(Received(uploaded=uploaded, checked=checked))
        room -= 1
    return received, errors


def uploads_store(*, received: Iterable[Received], draft: str) -> list[Upload]:
    """Store checked files under the draft."""
    return [_store(item.uploaded, item.checked, draft=draft) for item in received]


def upload_store(*, uploaded, draft: str) -> Upload:
    """Check and store one file (the demo data and the tests' worlds)."""
    checked = check_upload(uploaded, allowed=ALLOWED, max_bytes=rules.get("UPLOAD_MAX_BYTES"))
    return _store(uploaded, checked, draft=draft)


def _store(uploaded, checked: CheckedUpload, *, draft: str) -> Upload:
    upload = Upload(
        name=checked.safe_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        created_at=timezone.now(),
        draft=draft,
    )
    # The stored name is random: nothing a resident types becomes part of a path.
    upload.file.save(f"{uuid.uuid4().hex}{checked.extension}", File(uploaded), save=False)
    upload.save()
    return upload


def uploads_discard(*, draft: str, ids: Iterable[int]) -> int:
    """The resident took files back before submitting."""
    ids = set(ids)
    if not ids:  # most posts remove nothing: no query
        return 0
    doomed = [u for u in uploads_of_draft(draft) if u.pk in ids]
    uploads_delete(doomed)
    return len(doomed)


def uploads_delete(uploads: list[Upload]) -> None:
    """Delete the rows now and the files once the deletion is committed."""
    names = [u.file.name for u in uploads]
    storage = Upload._meta.get_field("file").storage
    Upload.objects.filter(pk__in=[u.pk for u in uploads]).delete()

    def remove_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove_files)
