"""Uploaded evidence and photos: the type is decided by the file's content, never its name.

Only the kinds people really send are accepted (photos, PDFs, office documents); SVG, HTML,
executables and everything else are refused with a message that says what is allowed.
"""

import hashlib
import os
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp", "image/heic"}
PDF_TYPES = {"application/pdf"}
OFFICE_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/x-ole-storage",  # .doc / .xls
}
EVIDENCE_TYPES = PHOTO_TYPES | PDF_TYPES | OFFICE_TYPES

EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/heic": ".heic",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/x-ole-storage": ".doc",
}


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    extension: str
    size: int
    sha256: str
    safe_name: str


def sniff(uploaded) -> str | None:
    """The content type the bytes say, or None if they are not a kind we accept."""
    uploaded.seek(0)
    head = uploaded.read(64)
    uploaded.seek(0)
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in {b"heic", b"heix", b"mif1", b"msf1", b"hevc"}:
        return "image/heic"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/x-ole-storage"
    if head.startswith(b"PK\x03\x04"):
        return _office_zip_type(uploaded)
    return None


def _office_zip_type(uploaded) -> str | None:
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return None
    finally:
        uploaded.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if "xl/workbook.xml" in names:
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


def safe_filename(name: str) -> str:
    """Keep what people recognise (Chinese included), drop paths and control characters."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = re.sub(r"[\x00-\x1f\x7f<>:\"/\\|?*]", "", base).strip(" .")
    return base[:120] or "file"


def check_upload(uploaded, *, allowed: set[str] = EVIDENCE_TYPES, max_bytes: int | None = None):
    """Validate one uploaded file by content and size; returns what we learnt about it."""
    max_bytes = max_bytes or getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size).1f MB; files may be at most %(max).0f MB."),
            params={
                "name": safe_filename(uploaded.name),
                "size": uploaded.size / 1048576,
                "max": max_bytes / 1048576,
            },
            code="too_large",
        )
    content_type = sniff(uploaded)
    if content_type not in allowed:
        raise ValidationError(
            _(
                "“%(name)s” is not a photo (JPEG, PNG, WebP, HEIC), PDF or Office document; "
                "other kinds of file cannot be accepted."
            ),
            params={"name": safe_filename(uploaded.name)},
            code="bad_type",
        )
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    stem = os.path.splitext(safe_filename(uploaded.name))[0] or "file"
    extension = EXTENSIONS[content_type]
    return CheckedUpload(
        content_type=content_type,
        extension=extension,
        size=uploaded.size,
        sha256=digest.hexdigest(),
        safe_name=stem + extension,
    )
