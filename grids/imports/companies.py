"""Property companies from a sheet: one row per company, keyed by its unified social credit
code, with its main contact and the codes of the compounds it serves."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.spreadsheets import Limits
from core.validators import validate_credit_code
from grids.models import Compound, PropertyCompany

from .base import Importer, RowInvalid, assign
from .reader import Column, Row

C = Column
COLUMNS = [
    C("credit_code", ("统一社会信用代码", "信用代码", "credit_code"), required=True),
    C("name", ("企业名称", "物业服务企业", "名称", "name", "company"), required=True),
    C("address", ("地址", "企业地址", "address")),
    C("service_phone", ("服务电话", "客服电话", "service_phone")),
    C("contact_name", ("联系人", "contact_name")),
    C("contact_phone", ("联系电话", "联系人电话", "contact_phone")),
    C("compounds", ("服务小区", "服务小区代码", "compounds")),
]
COL = {c.key: c for c in COLUMNS}
SEPARATORS = re.compile(r"[\s,;，；、]+")


def normalize_credit_code(value: str) -> str:
    """What people paste: spaces, lower case, a full-width letter here and there."""
    value = (value or "").translate({0xFF10 + i: ord("0") + i for i in range(10)})
    value = "".join(
        chr(ord(c) - 0xFEE0) if "Ａ" <= c <= "Ｚ" or "ａ" <= c <= "ｚ" else c for c in value
    )
    return re.sub(r"\s", "", value).upper()


class CompanyImporter(Importer):
    kind = "companies"
    COLUMNS = COLUMNS
    # 服务小区 lists a company's compound codes in one cell
    LIMITS = Limits(
        file_mb=10, unpacked_mb=20, rows=5000, columns=30, cells=100_000, cell_chars=2000
    )
    field_labels = {
        "name": COL["name"].label,
        "credit_code": COL["credit_code"].label,
        "address": COL["address"].label,
        "service_phone": COL["service_phone"].label,
        "contact_name": COL["contact_name"].label,
        "contact_phone": COL["contact_phone"].label,
    }

    def prepare(self, rows: list[Row]) -> None:
        codes = {normalize_credit_code(r.get("credit_code")) for r in rows}
        self.companies = {
            c.credit_code: c for c in PropertyCompany.objects.filter(credit_code__in=codes)
        }
        compound_codes = {
            code for r in rows for code in SEPARATORS.split(r.get("compounds")) if code
        }
        self.compounds = {c.code: c for c in Compound.objects.filter(code__in=compound_codes)}
        self.seen_companies: dict[str, int] = {}
        self.served_by: dict[str, int] = {}  # compound code → line that assigned it

    def import_row(self, row: Row) -> None:
        code = normalize_credit_code(row.get("credit_code"))
        try:
            validate_credit_code(code)
        except ValidationError as exc:
            raise RowInvalid(" ".join(exc.messages), COL["credit_code"]) from None
        if code in self.seen_companies:
            raise RowInvalid(
                _("This company is already on line %(line)d.")
                % {"line": self.seen_companies[code]},
                COL["credit_code"],
            )
        self.seen_companies[code] = row.line
        served = self._served(row)
        company = self.companies.get(code) or PropertyCompany(credit_code=code)
        values = {
            key: row.get(key)
            for key in ("name", "address", "service_phone", "contact_name", "contact_phone")
        }
        self.save(company, changed_fields=assign(company, values))
        self.companies[code] = company
        for compound in served:
            if compound.property_company_id != company.pk:
                compound.property_company_id = company.pk
                self.save(compound, changed_fields=["property_company_id"])

    def _served(self, row: Row) -> list[Compound]:
        codes = [c for c in SEPARATORS.split(row.get("compounds")) if c]
        unknown = [c for c in codes if c not in self.compounds]
        if unknown:
            raise RowInvalid(
                _("No compound with code %(codes)s; import the geography first.")
                % {"codes": "、".join(unknown)},
                COL["compounds"],
            )
        for code in codes:
            if code in self.served_by:
                raise RowInvalid(
                    _("Compound %(code)s is already given to another company on line %(line)d.")
                    % {"code": code, "line": self.served_by[code]},
                    COL["compounds"],
                )
            self.served_by[code] = row.line
        return [self.compounds[c] for c in codes]
