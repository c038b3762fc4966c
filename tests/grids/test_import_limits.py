"""The geography import (the admin's upload page) refuses a hostile file quickly (issue 19):
the zip bomb without inflating it, rows × columns over its limits, a CSV with a giant field.
The reason is shown next to the file field, the kind chosen stays chosen, nothing is saved."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from grids.imports.geography import GeographyImporter
from grids.imports.reader import read_rows
from grids.models import Community, Compound, District, Grid, Street
from mediators.services.groups import ADMINISTRATORS, groups_ensure
from tests.factories.mediators import UserFactory
from tests.factories.spreadsheets import bomb_xlsx, csv_bytes, inflated, row_xml, sheet_xlsx, xlsx

HEAD = ["区县代码", "区县", "街道代码", "街道", "小区代码", "小区名称", "小区地址"]


@pytest.fixture
def administrator(db):
    groups_ensure()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=ADMINISTRATORS))
    return user


def _compounds(n: int) -> list[list]:
    return [HEAD] + [
        ["310112", "闵行区", "310112106", "浦江镇", f"X{i}", f"小区{i}", f"江月路{i}号"]
        for i in range(n)
    ]


HOSTILE = {
    "bomb": ("小区.xlsx", bomb_xlsx, "解压后有 143.2 MB，最多可读取 20 MB"),
    "5001 rows": ("小区.csv", lambda: csv_bytes(_compounds(5001)), "文件超过 5000 行"),
    "rows × columns": (
        "小区.xlsx",
        lambda: sheet_xlsx(row_xml(r, number=i) for i, r in enumerate(_wide(4000), start=1)),
        "文件到第 3751 行已超过 150000 个单元格",
    ),
    "giant field": (
        "小区.csv",
        lambda: ",".join(HEAD).encode() + b"\n310112," + b"x" * 9_000_000 + b"\n",
        "第 2 行有 9000008 个字符",
    ),
}


def _wide(n: int) -> list[list]:
    head = HEAD + [f"备注{i}" for i in range(33)]
    return [head] + [row + ["x"] * 33 for row in _compounds(n)[1:]]


def _post(client, kind, name, data):
    upload = SimpleUploadedFile(name, data)
    return client.post(reverse("admin:reference-import"), {"kind": kind, "file": upload})


def _nothing_saved():
    return not any(m.objects.exists() for m in (District, Street, Community, Grid, Compound))


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_hostile_geography_file_is_refused_next_to_the_file_field(client, administrator, hostile):
    name, make, reason = HOSTILE[hostile]
    data = make()
    client.force_login(administrator)
    with inflated() as count:
        response = _post(client, "geography", name, data)
    assert response.status_code == 200  # the admin's form again, as Django's admin answers
    form = response.context["form"]
    assert reason in form.errors["file"][0]
    assert form["kind"].value() == "geography"
    html = response.content.decode()
    assert reason in html[html.index('class="errorlist') :]
    assert _nothing_saved()
    if hostile == "bomb":
        assert count[0] == 0  # refused from the zip's directory


def test_the_command_refuses_the_bomb(db, tmp_path):
    """The command allows a file 40 times as long as the page does; the bomb still packs too
    well to be a workbook, and is refused from the zip's directory."""
    path = tmp_path / "小区.xlsx"
    path.write_bytes(bomb_xlsx())
    with inflated() as count, pytest.raises(CommandError, match=r"解压后是压缩大小的 489 倍"):
        call_command("import_reference", str(path), "--kind", "geography")
    assert count[0] == 0 and _nothing_saved()


def test_the_command_reads_a_city_the_page_refuses(client, administrator, tmp_path):
    """A city has ~50,000 compounds: the page stops at 5,000 rows (a request must end inside
    gunicorn's timeout), the command on the server takes the list in one file."""
    data = csv_bytes(_compounds(5001))
    client.force_login(administrator)
    assert "文件超过 5000 行" in _post(client, "geography", "小区.csv", data).content.decode()
    assert _nothing_saved()
    path = tmp_path / "小区.csv"
    path.write_bytes(data)
    call_command("import_reference", str(path), "--kind", "geography", "--check")
    with pytest.raises(CommandError, match="文件超过 200000 行"):
        path.write_bytes(csv_bytes(_compounds(200_001)))
        call_command("import_reference", str(path), "--kind", "geography", "--check")


def test_a_file_over_the_size_limit_is_refused_unread(client, administrator):
    client.force_login(administrator)
    response = _post(client, "geography", "小区.csv", b"x" * (10 * 1024 * 1024 + 1))
    assert response.context["form"].errors["file"] == ["文件超过 10 MB，请拆分为多个文件。"]
    assert _nothing_saved()


def test_five_thousand_compounds_are_read():
    rows = read_rows(
        csv_bytes(_compounds(5000)), GeographyImporter.COLUMNS, GeographyImporter.LIMITS
    )
    assert len(rows) == 5000 and rows[-1].line == 5001


@pytest.mark.parametrize(("who", "status"), [("outsider", 302), ("staff_without_the_group", 403)])
def test_the_wrong_persona_is_refused_before_the_file_is_read(client, db, who, status):
    client.force_login(UserFactory(is_staff=who == "staff_without_the_group"))
    with inflated() as count:
        response = _post(client, "geography", "小区.xlsx", xlsx(_compounds(3)))
    assert response.status_code == status
    assert count[0] == 0 and _nothing_saved()
