"""Reading a group's list of owners from a spreadsheet (.xlsx or .csv, read by
core.spreadsheets within LIMITS).

Pure: no database. Every row is checked; the caller imports nothing if any row is wrong, and
shows each error with its row number and column so the sheet can be fixed and uploaded again.
A file that cannot be read at all, or crosses a limit, raises SpreadsheetRefused.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from cases.models import Party
from core.spreadsheets import Limits, Table, spreadsheet_read
from core.validators import normalize_mobile, validate_id_number, validate_mobile

# A compound of a few thousand owners: 2,000 rows at once (a big one is imported building by
# building), six columns read and room for the ones people keep beside them.
LIMITS = Limits(file_mb=2, unpacked_mb=10, rows=2000, columns=50, cells=50_000, cell_chars=255)

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
    "position": pgettext_lazy("party stance", "position"),
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
    """The owners of the sheet and every row's errors; raises SpreadsheetRefused."""
    return parse_table(spreadsheet_read(uploaded, limits=LIMITS, name=file_label(uploaded)))


def parse_table(table: Table) -> tuple[list[MemberRow], list[RowError]]:
    header = [HEADERS.get(c.lower(), HEADERS.get(c)) for c in table.header.cells]
    if "name" not in header:
        return [], [
            RowError(
                table.header.number,
                "name",
                _("The first row must name the columns; a 姓名 column is needed."),
            )
        ]
    rows, errors, seen = [], [], {}
    for line in table.rows:
        number = line.number
        values = {f: c for f, c in zip(header, line.cells, strict=False) if f}
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
    for column in ("name", "address"):  # a cell may be longer than the party's field
        limit = Party._meta.get_field(column).max_length
        if len(getattr(row, column)) > limit:
            errors.append(
                RowError(
                    number,
                    column,
                    _("At most %(limit)d characters (this has %(length)d).")
                    % {"limit": limit, "length": len(getattr(row, column))},
                )
            )
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
