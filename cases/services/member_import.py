"""Reading a group's list of owners from a spreadsheet (.xlsx with openpyxl, or .csv).

Pure: no database. Every row is checked; the caller imports nothing if any row is wrong, and
shows each error with its row number and column so the sheet can be fixed and uploaded again.
"""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.validators import normalize_mobile, validate_id_number, validate_mobile

MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024

# Header cell → field. Chinese headers as people write them, and the English field names.
HEADERS = {
    "姓名": "name",
    "业主姓名": "name",
    "name": "name",
    "手机": "mobile",
    "手机号": "mobile",
    "手机号码": "mobile",
    "联系电话": "mobile",
    "mobile": "mobile",
    "身份证号": "id_number",
    "身份证号码": "id_number",
    "id_number": "id_number",
    "地址": "address",
    "房号": "address",
    "楼栋房号": "address",
    "address": "address",
    "代表": "is_representative",
    "是否代表": "is_representative",
    "representative": "is_representative",
    "意见": "position",
    "态度": "position",
    "position": "position",
}
YES = {"是", "y", "yes", "1", "true", "代表", "√"}
POSITIONS = {
    "": "undecided",
    "同意": "agrees",
    "agrees": "agrees",
    "不同意": "refuses",
    "反对": "refuses",
    "拒绝": "refuses",
    "refuses": "refuses",
    "未表态": "undecided",
    "待定": "undecided",
    "undecided": "undecided",
}
COLUMN_LABELS = {
    "name": gettext_lazy("name"),
    "mobile": gettext_lazy("mobile number"),
    "id_number": gettext_lazy("resident ID number"),
    "address": gettext_lazy("address"),
    "position": gettext_lazy("position"),
    "file": gettext_lazy("file"),
}


@dataclass
class MemberRow:
    row: int
    name: str
    mobile: str = ""
    id_number: str = ""
    address: str = ""
    is_representative: bool = False
    position: str = "undecided"


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based as the spreadsheet shows it; 0 for the file as a whole
    column: str
    message: str

    @property
    def column_label(self) -> str:
        return str(COLUMN_LABELS.get(self.column, self.column))


def file_label(uploaded) -> str:
    return (getattr(uploaded, "name", "") or "").rsplit("/", 1)[-1][:80]


def read_members(uploaded) -> tuple[list[MemberRow], list[RowError]]:
    if uploaded.size > MAX_BYTES:
        return [], [RowError(0, "file", _("The file is larger than 2 MB."))]
    uploaded.seek(0)
    head = uploaded.read(4)
    uploaded.seek(0)
    try:
        table = _xlsx_rows(uploaded) if head.startswith(b"PK\x03\x04") else _csv_rows(uploaded)
    except Exception:  # openpyxl and csv raise many kinds of error on a damaged file
        return [], [
            RowError(0, "file", _("The file could not be read: upload an .xlsx or .csv file."))
        ]
    return parse_table(table)


def _xlsx_rows(uploaded) -> list[list]:
    from openpyxl import load_workbook

    workbook = load_workbook(uploaded, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        return [list(r) for r in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)]
    finally:
        workbook.close()


def _csv_rows(uploaded) -> list[list]:
    raw = uploaded.read()
    # Excel in China saves CSV as GB18030 unless told otherwise.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValueError("unknown encoding")
    return list(csv.reader(io.StringIO(text)))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a mobile typed into Excel becomes 13812345678.0
    return str(value).strip()


def parse_table(table: list[list]) -> tuple[list[MemberRow], list[RowError]]:
    table = [row for row in table if any(_cell(c) for c in row)] if table else []
    if not table:
        return [], [RowError(0, "file", _("The file has no rows."))]
    header = [HEADERS.get(_cell(c).lower(), HEADERS.get(_cell(c))) for c in table[0]]
    if "name" not in header:
        return [], [
            RowError(1, "name", _("The first row must name the columns; a 姓名 column is needed."))
        ]
    if len(table) - 1 > MAX_ROWS:
        return [], [RowError(0, "file", _("At most 2000 owners can be imported at once."))]
    rows, errors, seen = [], [], {}
    for number, cells in enumerate(table[1:], start=2):
        values = {f: _cell(c) for f, c in zip(header, cells, strict=False) if f}
        row, row_errors = _member(number, values)
        if row.mobile and row.mobile in seen:
            row_errors.append(
                RowError(
                    number,
                    "mobile",
                    _("The same mobile number as row %(row)d.") % {"row": seen[row.mobile]},
                )
            )
        elif row.mobile:
            seen[row.mobile] = number
        rows.append(row)
        errors.extend(row_errors)
    return rows, errors


def _member(number: int, values: dict) -> tuple[MemberRow, list[RowError]]:
    errors = []
    row = MemberRow(row=number, name=values.get("name", ""), address=values.get("address", ""))
    if not row.name:
        errors.append(RowError(number, "name", _("The name is missing.")))
    mobile = normalize_mobile(values.get("mobile", ""))
    if mobile:
        try:
            validate_mobile(mobile)
            row.mobile = mobile
        except ValidationError as exc:
            errors.append(RowError(number, "mobile", exc.messages[0]))
    id_number = values.get("id_number", "").upper()
    if id_number:
        try:
            validate_id_number(id_number)
            row.id_number = id_number
        except ValidationError as exc:
            errors.append(RowError(number, "id_number", exc.messages[0]))
    row.is_representative = values.get("is_representative", "").lower() in YES
    position = values.get("position", "")
    if position.lower() in POSITIONS or position in POSITIONS:
        row.position = POSITIONS.get(position.lower(), POSITIONS.get(position))
    else:
        errors.append(
            RowError(
                number,
                "position",
                _("“%(value)s” is not a position: write 同意, 不同意 or 未表态.")
                % {"value": position},
            )
        )
    return row, errors
