"""The owners' list import refuses a hostile file quickly (issue 19): the tester's zip bomb
without inflating it, rows × columns over its limits, a CSV with a giant field. The reason is
shown next to the file field (page) or as the file's 400 (API), and no owner is written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Party, PartyGroup
from tests.factories.spreadsheets import bomb_xlsx, csv_bytes, inflated, xlsx

HEAD = ["姓名", "手机号", "房号", "意见"]


@pytest.fixture
def group(case):
    return PartyGroup.objects.create(case=case, side="applicant", name="3号楼业主")


def _owners(n: int) -> list[list]:
    return [HEAD] + [[f"业主{i}", f"138{i:08d}", f"3-{i}", "同意"] for i in range(n)]


HOSTILE = {
    "bomb": ("owners.xlsx", bomb_xlsx, "解压后有 143.2 MB，最多可读取 10 MB"),
    "2001 rows": ("owners.xlsx", lambda: xlsx(_owners(2001)), "2002 行 × 4 列"),
    "2001 rows, size not declared": (
        "owners.xlsx",
        lambda: xlsx(_owners(2001), dimension=False),
        "文件超过 2000 行",
    ),
    "60 columns": (
        "owners.csv",
        lambda: csv_bytes([HEAD + [f"备注{i}" for i in range(56)], ["张三"]]),
        "第 1 行有 60 列，最多可读取 50 列",
    ),
    "giant field": (
        "owners.csv",
        lambda: "姓名,房号\n张三,".encode() + b"x" * 1_500_000 + b"\n",
        "第 2 行有 1500004 个字符",
    ),
}


def _post(client, url, name, data):
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_hostile_file_is_refused_next_to_the_file_field(client, town, case, group, hostile):
    name, make, reason = HOSTILE[hostile]
    data = make()
    client.force_login(town.a.grid_worker)
    with inflated() as count:
        response = _post(
            client, reverse("cases:group-import", args=[case.pk, group.pk]), name, data
        )
    assert response.status_code == 400
    html = response.content.decode()
    error = html[html.index('id="id_file_error"') :].split("</p>")[0]
    assert reason in error
    assert not group.members.exists() and not Party.objects.filter(group=group).exists()
    assert not case.events.filter(kind="group_imported").exists()
    if hostile == "bomb":
        assert count[0] == 0  # refused from the zip's directory


def test_the_api_refuses_the_bomb_with_the_files_reason(client, town, case, group):
    client.force_login(town.a.grid_worker)
    url = reverse("api:case-group-members-import", args=[case.pk, group.pk])
    with inflated() as count:
        response = _post(client, url, "owners.xlsx", bomb_xlsx())
    assert response.status_code == 400
    assert "解压后有 143.2 MB，最多可读取 10 MB" in response.json()["file"][0]
    assert count[0] == 0
    assert not group.members.exists()


def test_the_api_refuses_rows_over_the_limit(client, town, case, group):
    client.force_login(town.a.grid_worker)
    url = reverse("api:case-group-members-import", args=[case.pk, group.pk])
    response = _post(client, url, "owners.csv", csv_bytes(_owners(2001)))
    assert response.status_code == 400
    assert response.json() == {"file": ["文件超过 2000 行（不含标题行），请拆分为几个文件。"]}
    assert not group.members.exists()


def test_two_thousand_owners_still_import(client, town, case, group):
    client.force_login(town.a.grid_worker)
    url = reverse("cases:group-import", args=[case.pk, group.pk])
    response = _post(client, url, "owners.xlsx", xlsx(_owners(2000)))
    assert response.status_code == 302
    assert group.members.count() == 2000


@pytest.mark.parametrize(("persona", "status"), [("mediator_elsewhere", 404), ("supervisor", 403)])
def test_the_wrong_persona_is_refused_before_the_file_is_read(
    client, personas, case, group, persona, status
):
    client.force_login(personas[persona])
    for url in (
        reverse("cases:group-import", args=[case.pk, group.pk]),
        reverse("api:case-group-members-import", args=[case.pk, group.pk]),
    ):
        with inflated() as count:
            response = _post(client, url, "owners.xlsx", xlsx(_owners(3)))
        assert response.status_code == status
        assert count[0] == 0
    assert not group.members.exists()


def test_a_name_too_long_for_the_record_is_a_row_error(client, town, case, group):
    """Within the cell limit (255) but longer than a party's name (128): reported on its row,
    not a database error; an address may take the whole cell."""
    data = csv_bytes([HEAD, ["张" * 129, "", "3-1", ""], ["李四", "", "号" * 255, ""]])
    client.force_login(town.a.grid_worker)
    url = reverse("cases:group-import", args=[case.pk, group.pk])
    response = _post(client, url, "o.csv", data)
    assert response.status_code == 400
    assert [(e.row, e.column) for e in response.context["import_errors"]] == [(2, "name")]
    assert "最多 128 个字符（此处有 129 个）" in response.content.decode()
    assert not group.members.exists()
