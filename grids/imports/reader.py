"""Reading a spreadsheet into rows of text keyed by column, whatever produced it: Excel's .xlsx,
a CSV saved by Excel on a Chinese Windows (GB18030) or anywhere else (UTF-8, with or without
BOM), with commas, semicolons or tabs. The kind is decided by the content, never the name."""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong kind, no header, a required column missing)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Column:
    key: str
    headers: tuple[str, ...]  # accepted headers, Chinese and English; the first is documented
    required: bool = False

    @property
    def label(self) -> str:
        return self.headers[0]


@dataclass
class Row:
    line: int  # as a person sees it in Excel or a text editor: the header is line 1
    values: dict[str, str]

    def get(self, key: str) -> str:
        return self.values.get(key, "")


def normalize_header(text: str) -> str:
    """'小区代码*', ' Compound Code ', '小区代码（必填）' all become comparable."""
    text = (text or "").strip().lower()
    text = re.sub(r"[（(][^）)]*[）)]", "", text)  # a note in brackets: (必填), (optional)
    return re.sub(r"[\s*＊_\-:：]", "", text)


def read_rows(data: bytes, columns: list[Column]) -> list[Row]:
    """The data rows (empty rows skipped), each with the values of the known columns."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _("The file is larger than %(mb)d MB; split it into several files.")
            % {"mb": MAX_BYTES // 1048576}
        )
    lines = _xlsx_lines(data) if _is_xlsx(data) else _csv_lines(data)
    _header_line, header = next(lines, (0, None))
    if not header:
        raise ImportFileError(_("The file is empty: the first row must name the columns."))
    index = _map_header(header, columns)
    rows = []
    for line, cells in lines:
        values = {key: (cells[i] if i < len(cells) else "") for key, i in index.items()}
        if any(values.values()):
            rows.append(Row(line=line, values=values))
        if len(rows) > MAX_ROWS:
            raise ImportFileError(
                _("A file may hold at most %(n)d rows; split it into several files.")
                % {"n": MAX_ROWS}
            )
    return rows


def _map_header(header: list[str], columns: list[Column]) -> dict[str, int]:
    wanted = {normalize_header(h): c for c in columns for h in c.headers}
    index: dict[str, int] = {}
    for i, text in enumerate(header):
        column = wanted.get(normalize_header(text))
        if column is not None and column.key not in index:
            index[column.key] = i
    missing = [c.label for c in columns if c.required and c.key not in index]
    if missing:
        raise ImportFileError(
            _("The first row must name these columns, which are missing: %(columns)s.")
            % {"columns": "、".join(missing)}
        )
    return index


def _is_xlsx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _xlsx_lines(data: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(
            _("This .xlsx file cannot be opened: %(error)s") % {"error": exc}
        ) from None
    sheet = workbook.worksheets[0]
    started = False
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        texts = [_cell_text(v) for v in cells]
        if not started and not any(texts):
            continue  # blank rows above the header
        started = True
        yield number, texts
    workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 310112 typed as a number, not "310112.0"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _csv_lines(data: bytes):
    if b"\x00" in data[:4096]:
        raise ImportFileError(
            _("This is neither a CSV file nor an Excel .xlsx file. Save the sheet as .xlsx or CSV.")
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("The CSV file's characters cannot be read; save it as UTF-8."))
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t，")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    started = False
    last = 0
    for cells in reader:
        first_line = last + 1
        last = reader.line_num
        texts = [c.strip() for c in cells]
        if not started and not any(texts):
            continue
        started = True
        yield first_line, texts
