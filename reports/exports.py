"""Ledger exports, streamed: rows come from the database in chunks and go out as they are
written, so 100,000 rows never sit in memory.

- .xlsx: openpyxl's write-only mode appends each row to a temporary file on disk (constant
  memory); the finished file is then streamed from disk by FileResponse.
- .csv: UTF-8 with a byte-order mark (so Excel on Windows reads the Chinese right), produced row
  by row by a StreamingHttpResponse.
Headers and choice labels are Chinese whatever the user's language: these files are filed and
printed as ledgers.
"""

import csv
import io
import tempfile
from collections.abc import Iterable
from datetime import date, datetime
from urllib.parse import quote

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .ledgers import Column

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_LANGUAGE = "zh-hans"
# Text that a spreadsheet would run as a formula (OWASP "CSV injection"): residents write the
# summaries, so such text is kept as text behind a leading apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell_value(column: Column, value, choices: dict):
    if value is None or value == "":
        return ""
    if column.kind == "choice":
        return str(choices.get(column.field, {}).get(value, value))
    if column.kind == "bool":
        return str(pgettext("ledger cell", "yes")) if value else ""
    if isinstance(value, datetime):
        local = timezone.localtime(value)
        return local.date() if column.kind == "date" else local.replace(tzinfo=None, microsecond=0)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _headers(columns: list[Column]) -> list[str]:
    return [str(c.header) for c in columns]


def _attachment(filename: str) -> str:
    # RFC 6266: an ASCII fallback and the UTF-8 name for browsers that read it.
    ascii_name = filename.encode("ascii", "ignore").decode() or "export"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def xlsx_response(
    *, filename: str, title: str, columns: list[Column], rows: Iterable, choices: dict
) -> FileResponse:
    # Removed by the OS once closed, which FileResponse does after streaming it.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    with translation.override(EXPORT_LANGUAGE):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=title[:31])
        for index, column in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.freeze_panes = "A2"
        bold, centred = Font(bold=True), Alignment(horizontal="center", vertical="center")
        header = []
        for text in _headers(columns):
            cell = WriteOnlyCell(sheet, value=text)
            cell.font, cell.alignment = bold, centred
            header.append(cell)
        sheet.append(header)
        for row in rows:
            sheet.append([_cell_value(c, v, choices) for c, v in zip(columns, row, strict=True)])
        workbook.save(handle)
    handle.seek(0)
    response = FileResponse(handle, content_type=XLSX)
    response["Content-Disposition"] = _attachment(f"{filename}.xlsx")
    response["Cache-Control"] = "private, no-store"
    return response


def _csv_lines(columns: list[Column], rows: Iterable, choices: dict):
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    with translation.override(EXPORT_LANGUAGE):
        yield "\ufeff"
        writer.writerow(_headers(columns))
        yield flush()
        for row in rows:
            values = []
            for column, value in zip(columns, row, strict=True):
                value = _cell_value(column, value, choices)
                if isinstance(value, datetime):
                    value = value.strftime("%Y-%m-%d %H:%M")
                elif isinstance(value, date):
                    value = value.isoformat()
                values.append(value)
            writer.writerow(values)
            yield flush()


def csv_response(
    *, filename: str, columns: list[Column], rows: Iterable, choices: dict
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in _csv_lines(columns, rows, choices)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = _attachment(f"{filename}.csv")
    response["Cache-Control"] = "private, no-store"
    return response
