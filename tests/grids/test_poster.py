"""The A4 poster of a compound (PDF, Chinese) with a QR code that opens the complaint form set
to that compound; and one PDF with all posters of a street. The QR code is decoded for real:
the page is rasterised with poppler's pdftoppm and read with zbar (pyzbar)."""

import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.factories.grids import CompoundFactory

pytestmark = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs poppler-utils")


def qr_codes(pdf: bytes, folder) -> list[str]:
    """What a phone's camera would read off the printed first page."""
    from PIL import Image
    from pyzbar.pyzbar import decode

    (folder / "poster.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-singlefile", folder / "poster.pdf", folder / "page"],
        check=True,
    )
    with Image.open(folder / "page.png") as image:
        return [symbol.data.decode() for symbol in decode(image)]


def test_the_poster_names_the_compound_and_its_qr_code_opens_the_complaint_form(
    client, town, tmp_path
):
    compound = town.a.compound
    client.force_login(town.a.grid_worker)
    response = client.get(
        reverse("grids:poster", args=[compound.code]), HTTP_HOST="tiaojie.example.cn"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1  # one A4 page
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    text = reader.pages[0].extract_text()
    assert compound.name in text
    assert town.a.grid_worker.name in text
    assert "信息公示" in text  # Chinese, whatever the staff member's language
    assert qr_codes(pdf, tmp_path) == [
        f"http://tiaojie.example.cn/complaint/new/?compound={compound.code}"
    ]


def test_the_poster_is_chinese_even_for_an_english_reader(client, town):
    client.force_login(town.a.grid_worker)
    client.cookies["django_language"] = "en"
    pdf = client.get(reverse("grids:poster", args=[town.a.compound.code])).content
    assert "信息公示" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_posters_are_printed_by_staff(client, town):
    url = reverse("grids:poster", args=[town.a.compound.code])
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_street_pdf_has_one_poster_per_compound(client, town):
    extra = CompoundFactory(grid=town.a.grid)
    client.force_login(town.a.lead)
    response = client.get(reverse("grids:street-posters", args=[town.a.street.code]))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    compounds = [town.a.compound, town.a.uncovered_compound, extra]
    assert len(reader.pages) == len(compounds)
    texts = [page.extract_text() for page in reader.pages]
    for compound in compounds:
        assert sum(compound.name in t for t in texts) == 1


def test_another_streets_staff_cannot_print_this_streets_posters(client, town):
    client.force_login(town.b.lead)
    response = client.get(reverse("grids:street-posters", args=[town.a.street.code]))
    assert response.status_code == 404


def test_a_large_streets_posters_come_in_parts(client, town, monkeypatch):
    from grids import views

    monkeypatch.setattr(views, "POSTERS_PER_PDF", 2)
    third = CompoundFactory(grid=town.a.grid, code="ZZZ-LAST")  # last in code order
    client.force_login(town.a.lead)
    url = reverse("grids:street-posters", args=[town.a.street.code])
    first = PdfReader(io.BytesIO(client.get(url).content))
    second = PdfReader(io.BytesIO(client.get(url, {"part": 2}).content))
    assert (len(first.pages), len(second.pages)) == (2, 1)
    assert third.name in second.pages[0].extract_text()
    assert client.get(url, {"part": 3}).status_code == 404
    street_page = client.get(reverse("mediators:street", args=[town.a.street.code]))
    assert street_page.context["poster_parts"] == [(1, 1, 2), (2, 3, 3)]
