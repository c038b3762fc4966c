import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import PHOTO_TYPES, check_upload, safe_filename

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
PDF = b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<html><script>alert(1)</script></html>"


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    "name, content, kind",
    [("a.jpg", JPEG, "image/jpeg"), ("b", PNG, "image/png"), ("c.pdf", PDF, "application/pdf")],
)
def test_it_decides_the_type_by_content(name, content, kind):
    checked = check_upload(upload(name, content))
    assert checked.content_type == kind
    assert len(checked.sha256) == 64


def test_a_real_docx_is_accepted():
    checked = check_upload(upload("协议.docx", docx()))
    assert checked.extension == ".docx" and checked.safe_name == "协议.docx"


@pytest.mark.parametrize(
    "name, content",
    [
        ("photo.jpg", EXE),
        ("x.svg", SVG),
        ("x.jpg", SVG),
        ("page.html", HTML),
        ("a.zip", b"PK\x03\x04junk"),
    ],
)
def test_disguised_or_dangerous_files_are_refused(name, content):
    with pytest.raises(ValidationError) as exc:
        check_upload(upload(name, content))
    assert exc.value.code == "bad_type"
    assert name in exc.value.messages[0]


def test_the_extension_follows_the_content_not_the_name():
    assert check_upload(upload("evil.exe", PNG)).safe_name == "evil.png"


def test_oversize_files_are_refused_with_the_limit():
    with pytest.raises(ValidationError) as exc:
        check_upload(upload("big.jpg", JPEG + b"\x00" * 2048), max_bytes=1024)
    assert exc.value.code == "too_large"


def test_photos_only_refuses_pdfs():
    with pytest.raises(ValidationError):
        check_upload(upload("c.pdf", PDF), allowed=PHOTO_TYPES)


def test_safe_filename_drops_paths_and_control_characters():
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename('a<b>"c\x00.jpg') == "abc.jpg"
    assert safe_filename("") == "file"
