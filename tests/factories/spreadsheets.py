"""Spreadsheets for the import tests: ordinary ones, and the hostile ones a tester crafts (the
zip bomb of issue 19, a sheet that lies about its size, a CSV with a giant field), with a
counter of the bytes zipfile inflates while a file is read."""

import contextlib
import csv
import functools
import io
import zipfile
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

SHEET = "xl/worksheets/sheet1.xml"
SHEET_OPEN = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def xlsx(rows: Iterable[list], *, dimension: bool = True) -> bytes:
    """As openpyxl saves a workbook: with the sheet's size declared (as Excel does), or without
    (write-only mode), when the reader only learns the size by reading the rows."""
    book = Workbook(write_only=not dimension)
    sheet = book.active if dimension else book.create_sheet()
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Iterable[list], encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def row_xml(values: list[str], *, number: int | None = None) -> bytes:
    """A row of inline strings; numbered (row and cells) as Excel writes them, or not."""
    cells = []
    for column, value in enumerate(values, start=1):
        where = f' r="{get_column_letter(column)}{number}"' if number else ""
        cells.append(f'<c{where} t="inlineStr"><is><t>{escape(str(value))}</t></is></c>')
    attribute = f' r="{number}"' if number else ""
    return f"<row{attribute}>{''.join(cells)}</row>".encode()


def sheet_xlsx(rows: Iterable[bytes], *, dimension: str = "") -> bytes:
    """A workbook whose first sheet is the given rows of XML, streamed into the zip so that a
    sheet of 150 MB builds in about a second; `dimension` is the size it declares, if any."""
    skeleton = _skeleton()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in skeleton.infolist():
            if info.filename != SHEET:
                archive.writestr(info.filename, skeleton.read(info))
                continue
            with archive.open(SHEET, "w", force_zip64=True) as sheet:
                sheet.write(SHEET_OPEN)
                if dimension:
                    sheet.write(f'<dimension ref="{dimension}"/>'.encode())
                sheet.write(b"<sheetData>")
                for row in rows:
                    sheet.write(row)
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


@functools.cache
def _skeleton() -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(xlsx([["x"]])))


@functools.cache
def bomb_xlsx(rows: int = 2001, columns: int = 5000) -> bytes:
    """The tester's owners' list: 2,001 rows × 5,000 cells, about 300 KB packed and 143 MB
    unpacked (a row of identical cells packs a thousand times)."""
    row = b"<row>" + b"<c><v>1</v></c>" * columns + b"</row>"
    return sheet_xlsx(row for _ in range(rows))


def unpacked_size(data: bytes, part: str | None = SHEET) -> int:
    """What one part of an .xlsx file unpacks to, or all of them together (part=None)."""
    parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    return sum(p.file_size for p in parts if part is None or p.filename == part)


@contextlib.contextmanager
def inflated() -> Iterator[list[int]]:
    """Counts the bytes zipfile inflates inside the block: `with inflated() as n: ...; n[0]`.
    Every read of a zip part (openpyxl's, ElementTree's) goes through ZipExtFile._read1; only
    the parts of a workbook count, since a module imported lazily from a zipped package during
    the request reads through it too (16 KB, depending on which tests ran before)."""
    count = [0]
    original = zipfile.ZipExtFile._read1
    workbook_parts = ("xl/", "[Content_Types].xml", "_rels/", "docProps/")

    def counting(self, n):
        data = original(self, n)
        if self.name.startswith(workbook_parts):
            count[0] += len(data)
        return data

    zipfile.ZipExtFile._read1 = counting
    try:
        yield count
    finally:
        zipfile.ZipExtFile._read1 = original
