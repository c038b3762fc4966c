"""A day's referrals from a spreadsheet: the same checks and idempotence as the API, and a
report naming each bad row."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from cases.models import Case
from intake.models import Referral
from intake.services.referral_import import referrals_import
from tests.factories.intake import partner_system

HEAD = ["来源编号", "小区", "类别", "情况描述", "申请人", "手机", "受理时间"]


def rows(compound):
    return [
        HEAD,
        [
            "GZ-001",
            compound.code,
            "物业费",
            "物业费上涨未经业主大会表决",
            "赵敏",
            "13611112222",
            "2026-11-21 09:00",
        ],
        ["GZ-002", "不存在的小区", "维修", "电梯停运三天", "钱伟", "13611113333", ""],
        ["GZ-003", compound.name, "噪音", "", "孙丽", "13611114444", ""],
        ["", "", "", "", "", "", ""],
        ["GZ-004", compound.code, "停车", "车位被占", "李强", "1361111", ""],
        ["GZ-005", compound.code, "", "公共收益去向不明", "周杰", "", ""],
    ]


def csv_bytes(table, encoding="utf-8-sig") -> bytes:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer).writerows(table)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(table) -> bytes:
    workbook = Workbook()
    for row in table:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def governance(db):
    return partner_system(name="综治中心平台", kind="governance_platform")


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("referrals.csv", csv_bytes),
        ("referrals-gbk.csv", lambda t: csv_bytes(t, "gb18030")),
        ("referrals.xlsx", xlsx_bytes),
    ],
)
def test_good_rows_are_registered_and_each_bad_row_reported(town, governance, name, make):
    report = referrals_import(
        partner=governance, file=io.BytesIO(make(rows(town.a.compound))), filename=name
    )
    assert [r[1] for r in report.created] == ["GZ-001", "GZ-005"]
    assert [number for number, _ in report.errors] == [3, 4, 6]
    messages = dict(report.errors)
    assert "不存在的小区" in messages[3]
    assert "情况描述" in messages[4]
    assert "手机号码" in messages[6]
    cases = Case.objects.order_by("pk")
    assert [c.channel for c in cases] == ["referral", "referral"]
    assert cases[1].category.code == "other"  # no category given
    received = Referral.objects.get(partner_reference="GZ-001").received_at
    assert timezone.localtime(received).hour == 9  # read as Beijing time


def test_importing_the_same_file_again_registers_nothing_new(town, governance):
    data = csv_bytes(rows(town.a.compound))
    referrals_import(partner=governance, file=io.BytesIO(data), filename="a.csv")
    report = referrals_import(partner=governance, file=io.BytesIO(data), filename="a.csv")
    assert report.created == [] and [r[1] for r in report.existing] == ["GZ-001", "GZ-005"]
    assert Case.objects.count() == 2


def test_a_file_without_the_needed_columns_is_refused_whole(town, governance):
    report = referrals_import(
        partner=governance, file=io.BytesIO(csv_bytes([["a", "b"], ["1", "2"]])), filename="x.csv"
    )
    assert report.errors and report.errors[0][0] == 0
    assert "第一行必须是列名" in report.errors[0][1]


def test_a_file_that_is_not_a_workbook_is_refused(town, governance):
    report = referrals_import(partner=governance, file=io.BytesIO(b"not a zip"), filename="x.xlsx")
    assert "无法作为 .xlsx 工作簿读取" in report.errors[0][1]


def test_the_command_imports_and_reports(town, governance, tmp_path, capsys):
    path = tmp_path / "day.xlsx"
    path.write_bytes(xlsx_bytes(rows(town.a.compound)))
    with pytest.raises(SystemExit):
        call_command("import_referrals", str(path), "--partner", governance.name)
    captured = capsys.readouterr()
    assert "2 registered, 0 already there, 3 refused." in captured.out
    assert "row 3:" in captured.err
    assert Case.objects.count() == 2


def test_a_team_lead_imports_from_the_staff_page(client, town, governance):
    client.force_login(town.a.lead)
    url = reverse("intake:referral-import")
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("day.csv", csv_bytes(rows(town.a.compound)), "text/csv")
    html = client.post(url, {"partner": governance.pk, "file": upload}).content.decode()
    assert "新登记 2 件" in html and "未通过 3 行" in html
    assert html.count('class="bad-row"') == 3


def test_the_page_refuses_other_files_and_other_people(client, town, governance):
    url = reverse("intake:referral-import")
    client.force_login(town.a.lead)
    upload = SimpleUploadedFile("day.pdf", b"%PDF-1.4", "application/pdf")
    html = client.post(url, {"partner": governance.pk, "file": upload}).content.decode()
    assert "请选择 .csv 或 .xlsx 文件" in html
    for persona in ("grid_mediator", "supervisor", "partner"):
        client.force_login(getattr(town.a, persona))
        assert client.get(url).status_code == 403
