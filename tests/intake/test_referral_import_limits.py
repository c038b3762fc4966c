"""The referral import refuses a hostile file quickly (issue 19): the zip bomb without
inflating it, rows × columns over its limits, a CSV with a giant field. The reason is shown
next to the file field, the partner chosen stays chosen, and nothing is received."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from cases.models import Case
from intake.models import Referral
from tests.factories.intake import partner_system
from tests.factories.spreadsheets import bomb_xlsx, csv_bytes, inflated, xlsx

HEAD = ["来源编号", "小区", "类别", "情况描述", "申请人", "手机"]


@pytest.fixture
def governance(db):
    return partner_system(name="综治中心平台", kind="governance_platform")


def _referrals(compound, n: int) -> list[list]:
    return [HEAD] + [
        [f"GZ-{i:05d}", compound.code, "物业费", "物业费上涨", "赵敏", "13611112222"]
        for i in range(n)
    ]


def _hostile(compound) -> dict:
    return {
        "bomb": ("day.xlsx", bomb_xlsx(), "解压后有 143.2 MB，最多可读取 20 MB"),
        "2001 rows": ("day.csv", csv_bytes(_referrals(compound, 2001)), "文件超过 2000 行"),
        "rows × columns": (
            "day.xlsx",
            xlsx([HEAD + ["备注"] * 34] + [["x"] * 40] * 1600, dimension=False),
            "超过 60000 个单元格",
        ),
        "giant field": (
            "day.csv",
            "来源编号,小区,情况描述\nGZ-1,X,".encode() + b"x" * 4_000_000 + b"\n",
            "第 2 行有 4000008 个字符",
        ),
        "long description": (
            "day.csv",
            csv_bytes([HEAD, ["GZ-1", compound.code, "", "长" * 4001, "赵敏", ""]]),
            "第 2 行有单元格超过 4000 个字符",
        ),
    }


@pytest.mark.parametrize(
    "hostile", ["bomb", "2001 rows", "rows × columns", "giant field", "long description"]
)
def test_a_hostile_file_is_refused_next_to_the_file_field(client, town, governance, hostile):
    name, data, reason = _hostile(town.a.compound)[hostile]
    client.force_login(town.a.lead)
    upload = SimpleUploadedFile(name, data)
    with inflated() as count:
        response = client.post(
            reverse("intake:referral-import"), {"partner": governance.pk, "file": upload}
        )
    assert response.status_code == 400
    html = response.content.decode()
    error = html[html.index('id="id_file_error"') :].split("</p>")[0]
    assert reason in error
    assert f'<option value="{governance.pk}" selected>' in html  # the partner stays chosen
    assert 'id="report"' not in html
    assert not Referral.objects.exists() and not Case.objects.exists()
    if hostile == "bomb":
        assert count[0] == 0  # refused from the zip's directory


def test_two_thousand_referrals_are_read_and_checked(client, town, governance):
    """At the limit the file is read; the rows are then checked one by one (all refused here:
    no compound of that name), which is the import's own work."""
    table = [HEAD] + [[f"GZ-{i}", "无此小区", "", "电梯停运", "赵敏", ""] for i in range(2000)]
    client.force_login(town.a.lead)
    response = client.post(
        reverse("intake:referral-import"),
        {"partner": governance.pk, "file": SimpleUploadedFile("day.csv", csv_bytes(table))},
    )
    assert response.status_code == 200
    assert response.content.decode().count('class="bad-row"') == 2000


def test_the_command_refuses_the_bomb(town, governance, tmp_path, capsys):
    path = tmp_path / "day.xlsx"
    path.write_bytes(bomb_xlsx())
    with inflated() as count, pytest.raises(SystemExit):
        call_command("import_referrals", str(path), "--partner", governance.name)
    assert "row 0: 该 .xlsx 文件解压后有 143.2 MB" in capsys.readouterr().err
    assert count[0] == 0 and not Case.objects.exists()


@pytest.mark.parametrize("persona", ["grid_mediator", "supervisor", "partner"])
def test_the_wrong_persona_is_refused_before_the_file_is_read(client, town, governance, persona):
    client.force_login(getattr(town.a, persona))
    upload = SimpleUploadedFile("day.xlsx", xlsx(_referrals(town.a.compound, 3)))
    with inflated() as count:
        response = client.post(
            reverse("intake:referral-import"), {"partner": governance.pk, "file": upload}
        )
    assert response.status_code == 403
    assert count[0] == 0 and not Referral.objects.exists()
