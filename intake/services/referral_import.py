"""A day's referrals from a spreadsheet (CSV or .xlsx): each row is checked like an API call
and received with the same idempotence; bad rows are reported by number, the good ones go in."""

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from cases.workflow import MoveRefused
from intake.models import PartnerSystem

from .referrals import ReferralInput, referral_receive

# Column headings people use, in Chinese or English, for each field.
HEADINGS = {
    "partner_reference": ["partner_reference", "reference", "编号", "工单编号", "来源编号"],
    "compound": ["compound", "小区", "小区编码", "小区名称"],
    "category": ["category", "类别", "纠纷类别"],
    "title": ["title", "标题", "事由"],
    "description": ["description", "内容", "诉求内容", "情况描述"],
    "claims": ["claims", "诉求", "申请人诉求"],
    "building": ["building", "楼栋", "楼号", "楼栋单元"],
    "applicant_name": ["applicant_name", "name", "姓名", "申请人", "来电人"],
    "applicant_mobile": ["applicant_mobile", "mobile", "手机", "手机号", "联系电话"],
    "other_side": ["other_side", "对方", "被申请人", "对方当事人"],
    "received_at": ["received_at", "受理时间", "来电时间", "登记时间"],
}
MAX_ROWS = 2000


@dataclass
class ImportReport:
    created: list = field(default_factory=list)  # (row number, partner reference, case reference)
    existing: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (row number, message)

    @property
    def rows(self) -> int:
        return len(self.created) + len(self.existing) + len(self.errors)


def referrals_import(*, partner: PartnerSystem, file, filename: str) -> ImportReport:
    from intake.api.serializers import ReferralSerializer  # the API's rules, row by row

    report = ImportReport()
    try:
        rows = _read_rows(file, filename)
    except ValueError as error:
        report.errors.append((0, str(error)))
        return report
    for number, row in rows:
        serializer = ReferralSerializer(data=row)
        if not serializer.is_valid():
            report.errors.append((number, _describe(serializer.errors)))
            continue
        try:
            referral, created = referral_receive(
                partner=partner,
                data=ReferralInput(**serializer.validated_data),
                source=f"import:{filename}",
            )
        except MoveRefused as refused:
            report.errors.append((number, refused.message))
            continue
        entry = (number, referral.partner_reference, referral.case.reference)
        (report.created if created else report.existing).append(entry)
    return report


def _read_rows(file, filename: str) -> list[tuple[int, dict]]:
    table = _xlsx_table(file) if filename.lower().endswith(".xlsx") else _csv_table(file)
    if not table:
        raise ValueError(_("The file is empty."))
    columns = _columns(table[0])
    missing = [f for f in ("partner_reference", "compound", "description") if f not in columns]
    if missing:
        raise ValueError(
            _("The first row must name the columns; missing: %(cols)s.")
            % {"cols": ", ".join(HEADINGS[f][-1] for f in missing)}
        )
    if len(table) - 1 > MAX_ROWS:
        raise ValueError(
            _("At most %(n)d rows can be imported at once; split the file.") % {"n": MAX_ROWS}
        )
    rows = []
    for number, values in enumerate(table[1:], start=2):
        if not any(str(v or "").strip() for v in values):
            continue  # a blank line
        row = {}
        for name, index in columns.items():
            value = values[index] if index < len(values) else ""
            if value is None:
                continue
            value = value.isoformat() if hasattr(value, "isoformat") else str(value).strip()
            if value:
                row[name] = value
        rows.append((number, row))
    return rows


def _columns(headings: list) -> dict[str, int]:
    wanted = {h.lower(): name for name, options in HEADINGS.items() for h in options}
    columns = {}
    for index, heading in enumerate(headings):
        name = wanted.get(str(heading or "").strip().lower())
        if name and name not in columns:
            columns[name] = index
    return columns


def _csv_table(file) -> list[list]:
    raw = file.read()
    # Excel in China saves CSV as GB18030 unless told otherwise.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValueError(_("The CSV file is neither UTF-8 nor GB18030 text."))
    return list(csv.reader(io.StringIO(text)))


def _xlsx_table(file) -> list[list]:
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several kinds for a file that is not .xlsx
        raise ValueError(_("The file could not be read as an .xlsx workbook.")) from error
    sheet = workbook.worksheets[0]
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return table


def _describe(errors: dict) -> str:
    parts = []
    for field_name, messages in errors.items():
        label = HEADINGS.get(field_name, [field_name])[-1] if field_name in HEADINGS else ""
        text = "；".join(str(m).rstrip("。.") for m in messages)
        parts.append(f"{label}：{text}" if label else text)
    return "；".join(parts)
