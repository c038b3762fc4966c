"""A day's referrals from a spreadsheet (CSV or .xlsx, read by core.spreadsheets within
LIMITS): each row is checked like an API call and received with the same idempotence; bad rows
are reported by number, the good ones go in. A file that cannot be read as a whole is reported
as row 0 (`ImportReport.file_error`) and nothing is received."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.errors import Refused
from core.spreadsheets import Limits, SpreadsheetRefused, spreadsheet_read
from intake import rules
from intake.api.serializers import ReferralSerializer
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
# A day of a partner's referrals, each up to a full description (the API's limit) in a cell.
LIMITS = Limits(
    file_mb=5,
    unpacked_mb=20,
    rows=2000,
    columns=50,
    cells=60_000,
    cell_chars=rules.DESCRIPTION_MAX,
)


@dataclass
class ImportReport:
    created: list = field(default_factory=list)  # (row number, partner reference, case reference)
    existing: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (row number, message)

    @property
    def rows(self) -> int:
        return len(self.created) + len(self.existing) + len(self.errors)

    @property
    def file_error(self) -> str:
        """Why the file as a whole was refused (then no row was received), or ""."""
        return next((message for number, message in self.errors if number == 0), "")


def referrals_import(*, partner: PartnerSystem, file, filename: str) -> ImportReport:
    report = ImportReport()
    try:
        rows = _read_rows(file, filename)
    except SpreadsheetRefused as refused:
        report.errors.append((0, refused.message))
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
        except Refused as refused:
            report.errors.append((number, refused.message))
            continue
        entry = (number, referral.partner_reference, referral.case.reference)
        (report.created if created else report.existing).append(entry)
    return report


def _read_rows(file, filename: str) -> list[tuple[int, dict]]:
    table = spreadsheet_read(file, limits=LIMITS, name=filename)
    columns = _columns(table.header.cells)
    missing = [f for f in ("partner_reference", "compound", "description") if f not in columns]
    if missing:
        raise SpreadsheetRefused(
            _("The first row must name the columns; missing: %(cols)s.")
            % {"cols": ", ".join(HEADINGS[f][-1] for f in missing)}
        )
    rows = []
    for line in table.rows:
        row = {}
        for name, index in columns.items():
            value = line.cells[index] if index < len(line.cells) else ""
            if value:
                row[name] = value
        rows.append((line.number, row))
    return rows


def _columns(headings: list[str]) -> dict[str, int]:
    wanted = {h.lower(): name for name, options in HEADINGS.items() for h in options}
    columns = {}
    for index, heading in enumerate(headings):
        name = wanted.get(heading.lower())
        if name and name not in columns:
            columns[name] = index
    return columns


def _describe(errors: dict) -> str:
    parts = []
    for field_name, messages in errors.items():
        label = HEADINGS.get(field_name, [field_name])[-1] if field_name in HEADINGS else ""
        text = "；".join(str(m).rstrip("。.") for m in messages)
        parts.append(f"{label}：{text}" if label else text)
    return "；".join(parts)
