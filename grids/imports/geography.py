"""Districts, streets, communities, grids and compounds from one flat sheet: one row per
compound with its whole path (a row without compound columns adds a grid or a community;
a compound without grid columns is a compound not yet placed in a grid)."""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from core.spreadsheets import Limits
from grids.models import (
    Community,
    Compound,
    District,
    Grid,
    OwnersCommittee,
    PropertyCompany,
    Street,
)

from .base import Importer, RowInvalid, assign
from .reader import Column, Row

C = Column
COLUMNS = [
    C("district_code", ("区县代码", "district_code", "district code"), required=True),
    C("district_name", ("区县", "区县名称", "district", "district_name")),
    C(
        "street_code",
        ("街道代码", "街镇代码", "乡镇街道代码", "street_code", "street code"),
        required=True,
    ),
    C("street_name", ("街道", "街镇", "街道名称", "乡镇街道", "street", "street_name")),
    C("case_prefix", ("案号前缀", "case_prefix")),
    C("hotline", ("调解热线", "hotline")),
    C("office_hours", ("办公时间", "office_hours")),
    C("street_address", ("调解中心地址", "street_address", "office_address")),
    C("community_code", ("社区代码", "村居代码", "社区村居代码", "community_code")),
    C("community_name", ("社区", "村居", "社区名称", "社区村居", "community", "community_name")),
    C("grid_code", ("网格代码", "网格编码", "grid_code")),
    C("grid_name", ("网格", "网格名称", "grid", "grid_name")),
    C("compound_code", ("小区代码", "小区编码", "compound_code")),
    C("compound_name", ("小区名称", "小区", "compound", "compound_name")),
    C("address", ("小区地址", "地址", "address")),
    C("households", ("户数", "households")),
    C("latitude", ("纬度", "latitude", "lat")),
    C("longitude", ("经度", "longitude", "lng", "lon")),
    C("company_code", ("物业企业信用代码", "物业服务企业统一社会信用代码", "company_credit_code")),
    C("committee_name", ("业主委员会", "业委会", "owners_committee")),
    C("committee_chair", ("业委会主任", "committee_chair")),
    C("committee_phone", ("业委会电话", "committee_phone")),
]
COL = {c.key: c for c in COLUMNS}
STREET_SUFFIX = re.compile(r"(街道|镇|乡|街)$")


def case_prefix_for(street_name: str) -> str:
    """浦江镇 → 浦江调, 崇文街道 → 崇文调: the usual prefix when the sheet gives none."""
    return STREET_SUFFIX.sub("", street_name)[:12] + "调"


class GeographyImporter(Importer):
    kind = "geography"
    COLUMNS = COLUMNS
    # a district's compounds a few times over; 25 columns are documented
    LIMITS = Limits(
        file_mb=10, unpacked_mb=20, rows=5000, columns=40, cells=150_000, cell_chars=500
    )
    field_labels = {
        "code": _("code"),
        "name": _("name"),
        "case_prefix": COL["case_prefix"].label,
        "hotline": COL["hotline"].label,
        "address": COL["address"].label,
        "households": COL["households"].label,
        "latitude": COL["latitude"].label,
        "longitude": COL["longitude"].label,
        "grid": COL["grid_code"].label,
        "street": COL["street_code"].label,
        "contact_phone": COL["committee_phone"].label,
    }

    def prepare(self, rows: list[Row]) -> None:
        self.districts = {d.code: d for d in District.objects.all()}
        self.streets = {s.code: s for s in Street.objects.all()}
        self.communities = {c.code: c for c in Community.objects.all()}
        self.grids = {g.code: g for g in Grid.objects.all()}
        codes = [r.get("compound_code") for r in rows if r.get("compound_code")]
        self.compounds = {}
        for start in range(0, len(codes), 2000):
            chunk = codes[start : start + 2000]
            self.compounds.update(
                (c.code, c)
                for c in Compound.objects.filter(code__in=chunk).select_related("owners_committee")
            )
        credit_codes = {r.get("company_code").upper() for r in rows if r.get("company_code")}
        self.companies = {
            c.credit_code: c for c in PropertyCompany.objects.filter(credit_code__in=credit_codes)
        }
        # What earlier rows of this file said, to catch one code given two names.
        self.seen: dict[tuple[str, str], tuple[int, tuple]] = {}

    def import_row(self, row: Row) -> None:
        district = self._district(row)
        street = self._street(row, district)
        community = self._community(row, street)
        grid = self._grid(row, community)
        if row.get("compound_code"):
            self._compound(row, street, grid)
        elif any(row.get(k) for k in ("compound_name", "address")):
            raise RowInvalid(_("A compound needs its code."), COL["compound_code"])

    # Each level: find by code, check this file does not contradict itself, create or update.

    def _consistent(self, row: Row, level: str, code: str, values: tuple) -> None:
        """A later row may leave cells blank, but may not say something else."""
        before = self.seen.get((level, code))
        if before is None:
            self.seen[(level, code)] = (row.line, values)
            return
        line, known = before
        if any(a and b and a != b for a, b in zip(known, values, strict=True)):
            raise RowInvalid(
                _("%(code)s is described differently on line %(line)d.")
                % {"code": code, "line": line}
            )
        merged = tuple(a or b for a, b in zip(known, values, strict=True))
        self.seen[(level, code)] = (line, merged)

    def _district(self, row: Row) -> District:
        code, name = row.get("district_code"), row.get("district_name")
        self._consistent(row, "district", code, (name,))
        district = self.districts.get(code) or District(code=code)
        if district._state.adding and not name:
            raise RowInvalid(_("A new district needs its name."), COL["district_name"])
        self.save(district, changed_fields=assign(district, {"name": name}))
        self.districts[code] = district
        return district

    def _street(self, row: Row, district: District) -> Street:
        code, name = row.get("street_code"), row.get("street_name")
        optional = {
            "hotline": row.get("hotline"),
            "office_hours": row.get("office_hours"),
            "address": row.get("street_address"),
            "case_prefix": row.get("case_prefix"),
        }
        self._consistent(row, "street", code, (district.code, name, *optional.values()))
        street = self.streets.get(code) or Street(code=code)
        if street._state.adding:
            if not name:
                raise RowInvalid(_("A new street needs its name."), COL["street_name"])
            optional["case_prefix"] = optional["case_prefix"] or case_prefix_for(name)
        values = {"district_id": district.pk, "name": name, **optional}
        self.save(street, changed_fields=assign(street, values))
        self.streets[code] = street
        return street

    def _community(self, row: Row, street: Street) -> Community | None:
        code, name = row.get("community_code"), row.get("community_name")
        if not code:
            if name or row.get("grid_code"):
                raise RowInvalid(
                    _("A grid or community needs the community's code."), COL["community_code"]
                )
            return None
        self._consistent(row, "community", code, (street.code, name))
        community = self.communities.get(code) or Community(code=code)
        if community._state.adding and not name:
            raise RowInvalid(_("A new community needs its name."), COL["community_name"])
        self.save(
            community, changed_fields=assign(community, {"street_id": street.pk, "name": name})
        )
        self.communities[code] = community
        return community

    def _grid(self, row: Row, community: Community | None) -> Grid | None:
        code, name = row.get("grid_code"), row.get("grid_name")
        if not code:
            if name:
                raise RowInvalid(_("A grid needs its code."), COL["grid_code"])
            return None
        self._consistent(row, "grid", code, (community.code, name))
        grid = self.grids.get(code) or Grid(code=code)
        if grid._state.adding and not name:
            raise RowInvalid(_("A new grid needs its name."), COL["grid_name"])
        values = {"community_id": community.pk, "street_id": community.street_id, "name": name}
        self.save(grid, changed_fields=assign(grid, values))
        self.grids[code] = grid
        return grid

    def _compound(self, row: Row, street: Street, grid: Grid | None) -> None:
        code = row.get("compound_code")
        values = {
            "street_id": street.pk,
            "grid_id": grid.pk if grid else None,
            "name": row.get("compound_name"),
            "address": row.get("address"),
            "households": _integer(row, "households"),
            "latitude": _decimal(row, "latitude"),
            "longitude": _decimal(row, "longitude"),
            "property_company_id": self._company(row),
        }
        if ("compound", code) in self.seen:
            raise RowInvalid(
                _("Compound %(code)s is already on line %(line)d.")
                % {"code": code, "line": self.seen[("compound", code)][0]},
                COL["compound_code"],
            )
        self.seen[("compound", code)] = (row.line, ())
        compound = self.compounds.get(code) or Compound(code=code)
        if compound._state.adding:
            missing = [COL[k].label for k in ("compound_name", "address") if not row.get(k)]
            if missing:
                raise RowInvalid(
                    _("A new compound needs %(columns)s.") % {"columns": "、".join(missing)}
                )
        changed = assign(compound, values)
        # A compound taken out of its grid is a real change, not an empty cell.
        if not compound._state.adding and grid is None and compound.grid_id is not None:
            compound.grid_id = None
            changed.append("grid_id")
        self.save(compound, changed_fields=changed)
        self.compounds[code] = compound
        self._committee(row, compound)

    def _company(self, row: Row) -> int | None:
        code = row.get("company_code").replace(" ", "").upper()
        if not code:
            return None
        company = self.companies.get(code)
        if company is None:
            raise RowInvalid(
                _("No property company with credit code %(code)s; import the companies first.")
                % {"code": code},
                COL["company_code"],
            )
        return company.pk

    def _committee(self, row: Row, compound: Compound) -> None:
        name = row.get("committee_name")
        if not name:
            return
        try:
            committee = compound.owners_committee
        except OwnersCommittee.DoesNotExist:
            committee = OwnersCommittee(compound=compound)
        values = {
            "name": name,
            "chair_name": row.get("committee_chair"),
            "contact_phone": row.get("committee_phone"),
        }
        self.save(committee, changed_fields=assign(committee, values))


def _integer(row: Row, key: str) -> int | None:
    text = row.get(key).replace(",", "")
    if not text:
        return None
    if not text.isdigit():
        raise RowInvalid(_("Enter a whole number."), COL[key])
    return int(text)


def _decimal(row: Row, key: str) -> Decimal | None:
    text = row.get(key)
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise RowInvalid(_("Enter a number such as 31.0852."), COL[key]) from None
    limit = 90 if key == "latitude" else 180
    if not -limit <= value <= limit:
        raise RowInvalid(_("Out of range: between -%(n)d and %(n)d.") % {"n": limit}, COL[key])
    return value.quantize(Decimal("0.000001"))
