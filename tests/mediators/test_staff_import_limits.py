"""The staff import (the admin's upload page) refuses a hostile file quickly (issue 19): the
zip bomb without inflating it, rows × columns over its limits, a CSV with a giant field. The
reason is shown next to the file field and no person, team or role is saved."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mediators.admin_import import KIND_PERMISSIONS
from mediators.models import Membership, Team, User
from mediators.services.groups import ADMINISTRATORS, groups_ensure
from tests.factories.mediators import UserFactory
from tests.factories.spreadsheets import (
    bomb_xlsx,
    csv_bytes,
    inflated,
    row_xml,
    sheet_xlsx,
    xlsx,
)

HEAD = ["用户名", "姓名", "手机号", "团队类型", "辖区代码", "角色"]


@pytest.fixture
def administrator(db):
    groups_ensure()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=ADMINISTRATORS))
    return user


def _staff(n: int, extra: int = 0) -> list[list]:
    head = HEAD + [f"备注{i}" for i in range(extra)]
    rows = [[f"pj{i}", f"调解员{i}", "", "调解队", "310112106", "人民调解员"] for i in range(n)]
    return [head] + [row + ["x"] * extra for row in rows]


HOSTILE = {
    "bomb": ("人员.xlsx", bomb_xlsx, "解压后有 143.2 MB，最多可读取 20 MB"),
    "5001 rows": ("人员.csv", lambda: csv_bytes(_staff(5001)), "文件超过 5000 行"),
    "rows × columns": (
        "人员.xlsx",
        lambda: sheet_xlsx(
            (row_xml(r, number=i) for i, r in enumerate(_staff(4000, extra=24), start=1)),
            dimension="A1:AD4001",
        ),
        "4001 行 × 30 列",
    ),
    "31 columns": ("人员.csv", lambda: csv_bytes(_staff(1, extra=25)), "第 1 行有 31 列"),
    "giant field": (
        "人员.csv",
        lambda: csv_bytes([HEAD, ["pj1", "长" * 501, "", "调解队", "310112106", "人民调解员"]]),
        "第 2 行有单元格超过 500 个字符",
    ),
}


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_hostile_staff_file_is_refused_next_to_the_file_field(client, administrator, hostile):
    name, make, reason = HOSTILE[hostile]
    data = make()
    people = User.objects.count()
    client.force_login(administrator)
    upload = SimpleUploadedFile(name, data)
    with inflated() as count:
        response = client.post(reverse("admin:reference-import"), {"kind": "staff", "file": upload})
    form = response.context["form"]
    assert reason in form.errors["file"][0]
    assert form["kind"].value() == "staff"
    assert User.objects.count() == people
    assert not Team.objects.exists() and not Membership.objects.exists()
    if hostile == "bomb":
        assert count[0] == 0  # refused from the zip's directory


def test_who_may_import_only_the_geography_cannot_send_a_staff_file(client, db):
    """The kinds offered follow the permissions; a staff file from someone else is not read."""
    user = UserFactory(is_staff=True)
    codenames = [p.split(".")[1] for p in KIND_PERMISSIONS["geography"]]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    upload = SimpleUploadedFile("人员.xlsx", xlsx(_staff(3)))
    with inflated() as count:
        response = client.post(reverse("admin:reference-import"), {"kind": "staff", "file": upload})
    assert list(response.context["form"].errors) == ["kind"]
    assert count[0] == 0
    assert not User.objects.filter(username__startswith="pj").exists()
