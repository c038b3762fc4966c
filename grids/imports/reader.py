"""Rows of a reference-data spreadsheet keyed by column: the header is matched against each
import's columns (Chinese or English, notes in brackets ignored). The file itself is read by
core.spreadsheets, within the limits each importer states."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.spreadsheets import Limits, SpreadsheetRefused, spreadsheet_read


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


def read_rows(data: bytes, columns: list[Column], limits: Limits) -> list[Row]:
    """The data rows (empty rows skipped), each with the values of the known columns."""
    try:
        table = spreadsheet_read(data, limits=limits)
    except SpreadsheetRefused as refused:
        raise ImportFileError(refused.message) from None
    index = _map_header(table.header.cells, columns)
    rows = []
    for line in table.rows:
        cells = line.cells
        values = {key: (cells[i] if i < len(cells) else "") for key, i in index.items()}
        if any(values.values()):
            rows.append(Row(line=line.number, values=values))
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
