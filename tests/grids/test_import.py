"""Reference data from spreadsheets: good, bad and repeated files, CSV and .xlsx, through the
management command and the service."""

import pytest
from django.core.management import CommandError, call_command

from grids.models import Compound, Grid, OwnersCommittee, PropertyCompany, Street
from mediators.imports import reference_import
from mediators.models import Membership, Team, User
from mediators.services.groups import ROLE_GROUPS

from .conftest import as_xlsx, example

pytestmark = pytest.mark.django_db


def _import_examples(make=lambda b: b):
    results = [
        reference_import(kind=kind, data=make(example(f"{kind}.csv")))
        for kind in ("companies", "geography", "staff")
    ]
    assert [r.errors for r in results] == [[], [], []]
    assert all(r.ok for r in results), [r.file_error for r in results]
    return results


def test_the_examples_import_in_order():
    companies, geography, staff = _import_examples()
    assert companies.created["物业服务企业"] == 3
    assert geography.created["小区"] == 3
    assert staff.created["团队"] == 3
    street = Street.objects.get(code="310112106")
    assert street.name == "浦江镇" and street.case_prefix == "浦江调"
    assert street.hotline == "021-64110000"
    sunny = Compound.objects.get(code="310112106001-01-01")
    assert sunny.grid.code == "310112106001-01"
    assert sunny.street == street
    assert sunny.households == 960
    assert sunny.property_company.credit_code == "91310112MA1G8K3R4E"
    assert OwnersCommittee.objects.get(compound=sunny).chair_name == "王建国"
    assert Grid.objects.get(code="310112106001-02").compounds.count() == 0  # a grid alone
    unplaced = Compound.objects.get(code="310112106-NEW-02")
    assert unplaced.grid is None and unplaced.street == street
    # staff: teams made from their jurisdictions, one person in two teams
    mediator = User.objects.get(username="pj_tiaojie01")
    assert set(mediator.memberships.values_list("team__kind", "role")) == {
        (Team.Kind.GRID_TEAM, "mediator"),
        (Team.Kind.SPECIALIST_TEAM, "mediator"),
    }
    grid_team = Team.objects.get(kind=Team.Kind.GRID_TEAM)
    assert list(grid_team.grids.values_list("code", flat=True)) == ["310112106001-01"]
    police = Membership.objects.get(user__username="pj_paichusuo")
    assert (police.role, police.partner_org, police.organisation) == (
        "partner",
        "police_station",
        "浦江派出所",
    )
    assert User.objects.get(username="pj_lvshi01").publish_phone is False
    assert User.objects.get(username="pj_wangge01").publish_phone is True
    assert not User.objects.get(username="pj_wangge01").has_usable_password()
    # the role groups follow the imported memberships
    lead = User.objects.get(username="pj_duizhang")
    assert set(lead.groups.values_list("name", flat=True)) == {ROLE_GROUPS["team_lead"]}


def test_importing_the_same_files_again_changes_nothing(snapshot):
    _import_examples()
    before = snapshot()
    again = _import_examples()
    assert [r.changed for r in again] == [0, 0, 0]
    assert snapshot() == before


@pytest.mark.parametrize("numbers", [True, False])
def test_the_same_sheets_as_xlsx_import_the_same(snapshot, numbers):
    _import_examples()
    before = snapshot()
    results = _import_examples(lambda data: as_xlsx(data, numbers=numbers))
    assert [r.changed for r in results] == [0, 0, 0]
    assert snapshot() == before


def test_an_xlsx_from_scratch(db):
    results = _import_examples(as_xlsx)
    assert results[1].created["小区"] == 3
    assert Compound.objects.get(code="310112106001-01-02").households == 1240


def test_a_csv_saved_by_excel_on_chinese_windows_is_read(db):
    results = [
        reference_import(kind=kind, data=example(f"{kind}.csv").decode().encode("gb18030"))
        for kind in ("companies", "geography")
    ]
    assert all(r.ok for r in results)
    assert Street.objects.get(code="310112106").name == "浦江镇"


BAD_GEOGRAPHY = """区县代码,区县,街道代码,街道,社区代码,社区,网格代码,网格,小区代码,小区名称,小区地址,户数,纬度,物业企业信用代码
310112,闵行区,310112106,浦江镇,C1,第1社区,G1,1号网格,X1,好小区,江月路1号,100,31.05,
310112,闵行区,310112106,浦江镇,C1,第1社区,G1,1号网格,X2,,江月路2号,abc,,
310112,闵行区,310112106,浦江镇,C1,第1社区,G1,一号网格,X3,另一小区,江月路3号,,95,
310112,闵行区,310112106,浦江镇,C1,第1社区,G1,1号网格,X4,小区四,江月路4号,,,91310112MA1G8K3R4E
310112,闵行区,310112106,浦江镇,C1,第1社区,G1,1号网格,X1,好小区,江月路1号,100,,
"""


def test_a_file_with_bad_rows_imports_nothing_and_reports_each_line():
    result = reference_import(kind="geography", data=BAD_GEOGRAPHY.encode())
    assert not result.ok
    by_line = {}
    for error in result.errors:
        by_line.setdefault(error.line, []).append(error)
    assert sorted(by_line) == [3, 4, 5, 6]
    assert by_line[3][0].column == "户数"  # "abc" is no number (checked before the name)
    assert "G1" in by_line[4][0].message and "2" in by_line[4][0].message  # a second name
    assert "信用代码" in by_line[5][0].column  # no such company
    assert "X1" in by_line[6][0].message  # the same compound twice
    assert "nothing was imported" in result.summary() or "未导入" in result.summary()
    assert not Street.objects.exists() and not Compound.objects.exists()


def test_a_new_compound_without_its_name_is_refused():
    data = "区县代码,区县,街道代码,街道,小区代码,小区地址\n310112,闵行区,S1,浦江镇,X9,江月路9号\n"
    result = reference_import(kind="geography", data=data.encode())
    assert [e.line for e in result.errors] == [2]
    assert "小区名称" in result.errors[0].message


def test_a_file_without_the_required_columns_is_refused_as_a_whole():
    result = reference_import(kind="companies", data="名称,地址\n某公司,某路\n".encode())
    assert result.file_error
    assert "统一社会信用代码" in result.file_error


def test_a_file_that_is_no_spreadsheet_is_refused():
    result = reference_import(kind="geography", data=b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert result.file_error
    assert not result.rows


def test_credit_codes_are_validated_through_the_import():
    data = (
        "统一社会信用代码,企业名称\n"
        "91310112MA1G8K3R4F,校验位错误公司\n"  # check character should be E
        "9131011,太短公司\n"
        "91310112MA1G8K3R4E,正确公司\n"
        " 91310112ma1h2n5p7t ,小写加空格公司\n"  # normalised, then valid
    )
    result = reference_import(kind="companies", data=data.encode())
    lines = {e.line: e for e in result.errors}
    assert sorted(lines) == [2, 3]
    assert "E" in lines[2].message  # names the expected check character
    assert "18" in lines[3].message
    assert not PropertyCompany.objects.exists()  # one bad row: nothing imported


def test_a_check_only_run_saves_nothing():
    result = reference_import(kind="companies", data=example("companies.csv"), dry_run=True)
    assert result.ok and result.dry_run
    assert result.created  # says what it would create
    assert not PropertyCompany.objects.exists()


def test_companies_take_over_the_compounds_they_serve():
    _import_examples()
    data = "统一社会信用代码,企业名称,服务小区\n91310112MA1J6T9U2L,上海联航物业服务有限公司,310112106001-01-01；310112106-NEW-02\n"
    result = reference_import(kind="companies", data=data.encode())
    assert result.ok, result.errors
    assert result.updated["小区"] == 2
    assert set(
        Compound.objects.filter(property_company__credit_code="91310112MA1J6T9U2L").values_list(
            "code", flat=True
        )
    ) == {"310112106001-01-01", "310112106-NEW-02"}


def test_staff_rows_with_bad_values_are_reported():
    _import_examples()
    data = (
        "用户名,姓名,手机号,公开手机号,团队类型,辖区代码,角色,联调单位类型\n"
        "x1,甲,12345,是,调解队,310112106,人民调解员,\n"  # bad mobile
        "x2,乙,,也许,调解队,310112106,人民调解员,\n"  # neither yes nor no
        "x3,丙,,,调解中心,310112106,联调单位,\n"  # partner without its kind
        "x4,丁,,,调解队,NOPE,人民调解员,\n"  # no such street
        "x5,戊,,,篮球队,310112106,人民调解员,\n"  # no such team kind
        "x6,己,,,调解队,310112106,厨师,\n"  # no such role
    )
    result = reference_import(kind="staff", data=data.encode())
    assert sorted({e.line for e in result.errors}) == [2, 3, 4, 5, 6, 7]
    assert not User.objects.filter(username__startswith="x").exists()


def test_the_command_imports_and_reports(tmp_path, capsys):
    for kind in ("companies", "geography"):
        call_command("import_reference", str(example_path(kind)), "--kind", kind)
    assert "3" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_GEOGRAPHY, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_reference", str(bad), "--kind", "geography")
    err = capsys.readouterr().err
    assert "3" in err and "6" in err  # each bad line is named


def example_path(kind):
    from .conftest import EXAMPLES

    return EXAMPLES / f"{kind}.csv"
