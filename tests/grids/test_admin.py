"""The admin: credit codes refused next to the field with the reason, and the spreadsheet
import by upload (all or nothing, each bad line listed)."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grids.models import Compound, PropertyCompany
from mediators.services.groups import ADMINISTRATORS, groups_ensure
from tests.factories.mediators import UserFactory

from .conftest import as_xlsx, example


@pytest.fixture
def administrator(db):
    """Not a superuser: an is_staff user in the administrators' group."""
    groups_ensure()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=ADMINISTRATORS))
    return user


def _company(client, code):
    return client.post(
        reverse("admin:grids_propertycompany_add"),
        {
            "name": "上海测试物业服务有限公司",
            "credit_code": code,
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
            "compounds-TOTAL_FORMS": "0",
            "compounds-INITIAL_FORMS": "0",
        },
    )


def test_a_wrong_credit_code_is_refused_next_to_the_field(client, administrator):
    client.force_login(administrator)
    response = _company(client, "91310112MA1G8K3R4F")
    assert response.status_code == 200  # the form again, with the reason
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["credit_code"]
    assert "E" in errors["credit_code"][0]  # names the right check character
    html = response.content.decode()
    assert "91310112MA1G8K3R4F" in html  # what was typed is kept
    assert not PropertyCompany.objects.exists()


def test_a_credit_code_typed_in_lower_case_with_spaces_is_accepted(client, administrator):
    client.force_login(administrator)
    response = _company(client, " 91310112ma1g8k3r4e ")
    assert response.status_code == 302
    assert PropertyCompany.objects.get().credit_code == "91310112MA1G8K3R4E"


def test_the_admin_imports_an_uploaded_file(client, administrator):
    client.force_login(administrator)
    url = reverse("admin:reference-import")
    assert "companies" in client.get(url + "?kind=companies").content.decode()
    response = client.post(
        url,
        {
            "kind": "companies",
            "file": SimpleUploadedFile("企业.xlsx", as_xlsx(example("companies.csv"))),
        },
        follow=True,
    )
    assert response.status_code == 200
    assert PropertyCompany.objects.count() == 3
    assert "3" in response.content.decode()


def test_a_bad_upload_imports_nothing_and_lists_each_line(client, administrator):
    client.force_login(administrator)
    data = "统一社会信用代码,企业名称\n91310112MA1G8K3R4E,好公司\n91310112MA1G8K3R4F,坏公司\n,无代码公司\n"
    response = client.post(
        reverse("admin:reference-import"),
        {"kind": "companies", "file": SimpleUploadedFile("companies.csv", data.encode())},
    )
    assert response.status_code == 200
    errors = response.context["result"].errors
    assert [e.line for e in errors] == [3, 4]
    html = response.content.decode()
    assert 'id="import-errors"' in html
    assert not PropertyCompany.objects.exists()


def test_check_only_saves_nothing(client, administrator):
    client.force_login(administrator)
    client.post(
        reverse("admin:reference-import"),
        {
            "kind": "companies",
            "check_only": "on",
            "file": SimpleUploadedFile("c.csv", example("companies.csv")),
        },
    )
    assert not PropertyCompany.objects.exists()


def test_an_upload_that_is_no_spreadsheet_is_refused(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:reference-import"),
        {
            "kind": "geography",
            "file": SimpleUploadedFile("x.csv", b"\x89PNG\r\n\x1a\n\x00\x00IHDR"),
        },
        follow=True,
    )
    assert response.context["result"].file_error
    assert not Compound.objects.exists()


def test_the_changelists_offer_the_import(client, administrator):
    client.force_login(administrator)
    html = client.get(reverse("admin:grids_compound_changelist")).content.decode()
    assert reverse("admin:reference-import") + "?kind=geography" in html
    html = client.get(reverse("admin:mediators_membership_changelist")).content.decode()
    assert reverse("admin:reference-import") + "?kind=staff" in html


def test_the_admin_speaks_chinese(client, administrator):
    client.force_login(administrator)
    html = client.get(reverse("admin:grids_compound_changelist")).content.decode()
    assert "小区" in html and "从表格导入" in html


def test_a_compound_in_another_streets_grid_is_refused_next_to_the_grid(
    client, administrator, town
):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:grids_compound_add"),
        {
            "code": "NEW-1",
            "name": "错位小区",
            "address": "某路1号",
            "street": town.a.street.pk,
            "grid": town.b.grid.pk,  # a grid of street B
            "owners_committee-TOTAL_FORMS": "0",
            "owners_committee-INITIAL_FORMS": "0",
            "company_contacts-TOTAL_FORMS": "0",
            "company_contacts-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["grid"]
    assert town.b.street.name in errors["grid"][0]
    assert not Compound.objects.filter(code="NEW-1").exists()
