"""The one reader of uploaded spreadsheets (Excel .xlsx or CSV) for every import: the owners'
list of a party group, the partners' referrals, the geography, the companies and the staff.
Each import states its `Limits`; the reader refuses a file that crosses one, with a message
that names the limit and what the file has, before the file can make a request run long.

An .xlsx file is a zip of XML parts, and a few hundred kilobytes can unpack to gigabytes (the
tester's 310 KB owners' list of 2,001 rows × 5,000 cells unpacks to 150 MB). So the parts'
sizes are read from the zip's directory and checked before anything is inflated; zipfile never
hands out more than the directory declares (it stops there and fails the CRC), so a forged
directory cannot lie its way past the check. The sheet's declared size is checked next, then
openpyxl streams the first sheet in read-only mode and the reader stops at the first limit a
row crosses: rows, columns, cells (blank ones too, and at least one a row: a sheet may jump to
row 1,048,576) and the characters of a cell. The work is bounded by bytes and cells, not by a
clock, so a busy moment never refuses a valid file.

A CSV may be UTF-8 (with or without BOM) or GB18030, as Excel saves it on a Chinese Windows,
with commas, semicolons or tabs; the same limits apply, and a line may not be longer than a
full row of full cells. The kind of file is decided by its content, never by its name.

Pure: no database.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.translation import gettext as _
from openpyxl import load_workbook

MB = 1024 * 1024
# An .xlsx file holds a dozen parts; hundreds are a trick, and openpyxl reads every sheet's.
MAX_PARTS = 200
# Sheet XML packs 5 to 20 times; a part over 1 MB that packs more than 100 times is a bomb
# (Apache POI refuses at the same ratio). Small parts may pack as well as they like.
MAX_RATIO = 100
RATIO_FROM = MB
SNIFF_CHARS = 4096


@dataclass(frozen=True)
class Limits:
    """What one import accepts. `rows` counts data rows after the header, blank rows aside;
    `cells` counts every cell read, blank or not, and at least one for each row."""

    file_mb: int
    unpacked_mb: int  # an .xlsx file's parts together, inflated
    rows: int
    columns: int
    cells: int
    cell_chars: int

    def scaled(self, factor: int) -> "Limits":
        """The same shape of file, `factor` times as long: for a command run on the server,
        which no gunicorn timeout stops, a city's 50,000 compounds in one file."""
        return Limits(
            file_mb=self.file_mb * factor,
            unpacked_mb=self.unpacked_mb * factor,
            rows=self.rows * factor,
            columns=self.columns,
            cells=self.cells * factor,
            cell_chars=self.cell_chars,
        )

    @property
    def file_bytes(self) -> int:
        return self.file_mb * MB

    @property
    def unpacked_bytes(self) -> int:
        return self.unpacked_mb * MB

    @property
    def line_chars(self) -> int:
        """A CSV line as long as a full row of full cells, quoted, with their separators."""
        return self.columns * (self.cell_chars + 3)


class SpreadsheetRefused(Exception):
    """The file as a whole cannot be imported; `message` says why, for the file's field."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Line:
    number: int  # as Excel or a text editor shows it: the header is line 1 of most files
    cells: list[str]  # up to the last cell that is not blank


@dataclass(frozen=True)
class Table:
    header: Line  # the first line that is not blank
    rows: list[Line]  # the lines after it that are not blank


def spreadsheet_read(source: bytes | BinaryIO, *, limits: Limits, name: str = "") -> Table:
    """The header and the data lines of an .xlsx (first sheet) or CSV file, as text.

    `source` is the file's bytes or a binary file (an upload); at most one byte more than the
    limit is read from it. Raises SpreadsheetRefused."""
    data = _read_at_most(source, limits)
    looks_like_zip = data.startswith(b"PK\x03\x04")
    if looks_like_zip or name.lower().endswith(".xlsx"):
        if not looks_like_zip:
            raise SpreadsheetRefused(_("The file could not be read as an .xlsx workbook."))
        lines = _xlsx_lines(data, limits)
    else:
        lines = _csv_lines(data, limits)
    try:
        return _table(lines, limits)
    finally:
        lines.close()  # the workbook too, when a limit stopped the reading


def cell_text(value) -> str:
    """A cell as the person typed it: 310112 typed as a number is not "310112.0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _read_at_most(source, limits: Limits) -> bytes:
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        source.seek(0)
        data = source.read(limits.file_bytes + 1)
    if len(data) > limits.file_bytes:
        size = len(data) if isinstance(source, bytes | bytearray) else _size(source)
        raise SpreadsheetRefused(
            _(
                "The file is %(size)s MB; at most %(limit)d MB can be imported at once. "
                "Split it into several files."
            )
            % {"size": _megabytes(size), "limit": limits.file_mb}
        )
    return data


def _size(file) -> int:
    return getattr(file, "size", None) or file.seek(0, io.SEEK_END)


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f}"


# .xlsx -----------------------------------------------------------------------------------


def _check_parts(data: bytes, limits: Limits) -> None:
    """Refuse a zip bomb from the zip's directory alone, without inflating a byte."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise SpreadsheetRefused(_("The file could not be read as an .xlsx workbook.")) from None
    if len(parts) > MAX_PARTS:
        raise SpreadsheetRefused(
            _("This .xlsx file holds %(n)d parts; a workbook to import may hold %(limit)d.")
            % {"n": len(parts), "limit": MAX_PARTS}
        )
    unpacked = sum(part.file_size for part in parts)
    if unpacked > limits.unpacked_bytes:
        raise SpreadsheetRefused(
            _(
                "Unpacked, this .xlsx file holds %(size)s MB; at most %(limit)d MB can be "
                "read. Delete the empty rows and columns, or split the file."
            )
            % {"size": _megabytes(unpacked), "limit": limits.unpacked_mb}
        )
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > RATIO_FROM and ratio > MAX_RATIO:
            raise SpreadsheetRefused(
                _(
                    "The part %(part)s of this .xlsx file unpacks to %(ratio)d times its "
                    "packed size (at most %(limit)d): this is no ordinary workbook."
                )
                % {"part": part.filename[:80], "ratio": ratio, "limit": MAX_RATIO}
            )


def _xlsx_lines(data: bytes, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    _check_parts(data, limits)

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a damaged file
        raise SpreadsheetRefused(_("The file could not be read as an .xlsx workbook.")) from None
    try:
        if not workbook.worksheets:
            raise SpreadsheetRefused(_("The file could not be read as an .xlsx workbook."))
        sheet = workbook.worksheets[0]
        _check_dimension(sheet, limits)
        # Read the cells there are; openpyxl would pad every row to the declared width.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        number = 0
        while True:
            try:
                values = next(rows, None)
            except Exception:  # a damaged part shows only when its rows are read
                raise SpreadsheetRefused(
                    _("The file could not be read as an .xlsx workbook.")
                ) from None
            if values is None:
                return
            number += 1
            yield number, [cell_text(v) for v in values]
    finally:
        workbook.close()


def _check_dimension(sheet, limits: Limits) -> None:
    """The size the sheet declares, when it declares one (Excel always does): refused at once
    if it is too big. A sheet may also understate it; the rows are counted as they come."""
    rows, columns = sheet.max_row, sheet.max_column
    if not rows or not columns:
        return
    if columns > limits.columns or rows - 1 > limits.rows or rows * columns > limits.cells:
        raise SpreadsheetRefused(
            _(
                "The sheet declares %(rows)d rows × %(columns)d columns; at most %(limit_rows)d "
                "rows after the header, %(limit_columns)d columns and %(limit_cells)d cells "
                "can be read. Delete the empty rows and columns, or split the file."
            )
            % {
                "rows": rows,
                "columns": columns,
                "limit_rows": limits.rows,
                "limit_columns": limits.columns,
                "limit_cells": limits.cells,
            }
        )


# CSV -------------------------------------------------------------------------------------


def _csv_lines(data: bytes, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    if b"\x00" in data[:SNIFF_CHARS]:
        raise SpreadsheetRefused(
            _("This is neither a CSV file nor an Excel .xlsx file. Save the sheet as .xlsx or CSV.")
        )
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:SNIFF_CHARS], delimiters=",;\t，")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(_bounded_lines(text, limits), dialect)
    last = 0
    while True:
        try:
            cells = next(reader, None)
        except csv.Error:
            # csv's own limit on a field (128 KB) is above every import's limit on a cell
            raise SpreadsheetRefused(_cell_too_long(last + 1, limits)) from None
        if cells is None:
            return
        first, last = last + 1, reader.line_num
        yield first, [c.strip() for c in cells]


def _decode(data: bytes) -> str:
    # Excel in China saves CSV as GB18030 unless told otherwise.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetRefused(_("The CSV file is neither UTF-8 nor GB18030 text."))


def _bounded_lines(text: str, limits: Limits) -> Iterator[str]:
    """The text's lines for csv, refusing one that is longer than a row can be, before csv
    splits it into fields (a line of a million commas is a million strings)."""
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if len(line) > limits.line_chars:
            raise SpreadsheetRefused(
                _(
                    "Line %(line)d has %(n)d characters; a line may hold at most %(limit)d "
                    "(%(columns)d cells of %(chars)d characters)."
                )
                % {
                    "line": number,
                    "n": len(line),
                    "limit": limits.line_chars,
                    "columns": limits.columns,
                    "chars": limits.cell_chars,
                }
            )
        yield line


# Both ------------------------------------------------------------------------------------


def _table(lines: Iterator[tuple[int, list[str]]], limits: Limits) -> Table:
    header, rows, cells = None, [], 0
    for number, values in lines:
        cells += max(1, len(values))
        if cells > limits.cells:
            raise SpreadsheetRefused(
                _(
                    "The file has more than %(limit)d cells (blank ones included) by line "
                    "%(line)d. Delete the empty rows and columns, or split the file."
                )
                % {"limit": limits.cells, "line": number}
            )
        width = len(values)
        while width and not values[width - 1]:
            width -= 1
        if width > limits.columns:
            raise SpreadsheetRefused(
                _("Line %(line)d has %(n)d columns; at most %(limit)d can be read.")
                % {"line": number, "n": width, "limit": limits.columns}
            )
        if any(len(value) > limits.cell_chars for value in values):
            raise SpreadsheetRefused(_cell_too_long(number, limits))
        if not width:
            continue  # a blank line
        line = Line(number=number, cells=values[:width])
        if header is None:
            header = line
            continue
        rows.append(line)
        if len(rows) > limits.rows:
            raise SpreadsheetRefused(
                _(
                    "The file has more than %(limit)d rows after the header; split it into "
                    "several files."
                )
                % {"limit": limits.rows}
            )
    if header is None:
        raise SpreadsheetRefused(_("The file is empty: the first row must name the columns."))
    return Table(header=header, rows=rows)


def _cell_too_long(line: int, limits: Limits) -> str:
    return _("Line %(line)d has a cell of more than %(limit)d characters.") % {
        "line": line,
        "limit": limits.cell_chars,
    }
