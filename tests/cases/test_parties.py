"""Parties: validated numbers with clear messages, masking and the recorded reveal,
organisations, groups of owners, positions, and the all-or-nothing spreadsheet import."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from cases.models import Party, PartyGroup
from cases.services.parties import GroupImportError, party_group_import
from tests.factories.cases import make_case, make_group
from tests.factories.grids import OwnersCommitteeFactory

VALID_ID = "11010519491231002X"


def test_a_party_with_a_bad_mobile_gets_a_message_next_to_the_field_and_keeps_the_input(
    client, town, case
):
    client.force_login(town.a.grid_worker)
    response = client.post(
        reverse("cases:work", args=[case.pk, "party"]),
        {
            "side": "third_party",
            "name": "王芳",
            "mobile": "1381234567",
            "id_number": "110105194912310021",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert ('id="id_mobile_error"' in html and "11 位" in html) or "11位" in html
    assert 'id="id_id_number_error"' in html
    assert 'value="王芳"' in html and 'value="1381234567"' in html
    assert not case.parties.filter(name="王芳").exists()


def test_a_party_is_added_with_a_record_entry(client, town, case):
    client.force_login(town.a.grid_worker)
    response = client.post(
        reverse("cases:work", args=[case.pk, "party"]),
        {
            "side": "third_party",
            "name": "王芳",
            "mobile": "+86 139-1234-5678",
            "id_number": VALID_ID.lower(),
        },
    )
    assert response.status_code == 302
    party = case.parties.get(name="王芳")
    assert (party.mobile, party.id_number) == ("13912345678", VALID_ID)
    event = case.events.get(kind="party_added")
    assert party.origin == event and event.actor == town.a.grid_worker


def test_the_owners_committee_and_property_company_are_linked_as_organisations(client, town, case):
    committee = OwnersCommitteeFactory(compound=town.a.compound)
    client.force_login(town.a.grid_worker)
    for org in ("owners_committee", "property_company"):
        response = client.post(
            reverse("cases:work", args=[case.pk, "party"]),
            {"side": "third_party", "organisation": org},
        )
        assert response.status_code == 302
    parties = case.parties.filter(side="third_party", kind="organisation")
    assert {p.owners_committee_id for p in parties} == {committee.pk, None}
    assert {p.name for p in parties} == {committee.name, town.a.compound.property_company.name}


def test_numbers_are_masked_on_the_page_and_in_the_api(client, town, case):
    case = make_case(compound=town.a.compound, applicant_id=VALID_ID)
    for user in (town.a.grid_worker, town.a.supervisor):
        client.force_login(user)
        html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
        assert "138****5678" in html and "13812345678" not in html
        assert "110***********002X" in html and VALID_ID not in html
        data = client.get(reverse("api:case-detail", args=[case.pk])).json()
        applicant = next(p for p in data["parties"] if p["side"] == "applicant")
        assert (applicant["mobile"], applicant["id_number"]) == (
            "138****5678",
            "110***********002X",
        )
        assert "13812345678" not in str(
            client.get(reverse("api:case-party-list", args=[case.pk])).json()
        )


def test_showing_a_full_number_is_recorded(client, town, case):
    applicant = case.parties.get(side="applicant")
    client.force_login(town.a.grid_mediator)
    url = reverse("cases:reveal", args=[case.pk, applicant.pk, "mobile"])
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert url in page  # the "show" button is there for those who work the case
    response = client.post(url)
    assert response.status_code == 200 and "13812345678" in response.content.decode()
    htmx = client.post(url, headers={"HX-Request": "true"})
    assert htmx.content.decode().strip() == '<span class="revealed">13812345678</span>'
    api = client.post(
        reverse("api:case-party-reveal", args=[case.pk, applicant.pk]),
        {"field": "mobile"},
        content_type="application/json",
    )
    assert api.json() == {"field": "mobile", "value": "13812345678"}
    reveals = case.events.filter(kind="revealed")
    assert reveals.count() == 3
    assert {e.actor for e in reveals} == {town.a.grid_mediator}
    assert "13812345678" not in reveals.first().summary


def test_a_reader_without_reveal_sees_no_show_button_and_is_refused(client, town, case):
    applicant = case.parties.get(side="applicant")
    client.force_login(town.a.supervisor)
    url = reverse("cases:reveal", args=[case.pk, applicant.pk, "mobile"])
    assert url not in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert client.post(url).status_code == 403
    api = client.post(
        reverse("api:case-party-reveal", args=[case.pk, applicant.pk]),
        {"field": "mobile"},
        content_type="application/json",
    )
    assert api.status_code == 403
    assert not case.events.filter(kind="revealed").exists()


def test_correcting_a_party_through_its_page(client, town, case):
    applicant = case.parties.get(side="applicant")
    client.force_login(town.a.grid_worker)
    url = reverse("cases:party-correct", args=[case.pk, applicant.pk])
    response = client.post(
        url, {"name": "李隆", "side": "applicant", "mobile": "139", "reason": "笔误"}
    )
    assert response.status_code == 400 and 'value="李隆"' in response.content.decode()
    response = client.post(
        url, {"name": "李隆", "side": "applicant", "mobile": "13900001111", "reason": "笔误"}
    )
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert (applicant.name, applicant.mobile) == ("李隆", "13900001111")
    event = case.events.get(kind="party_corrected")
    assert event.detail["before"] == {"name": "李龙", "mobile": "138****5678"}
    assert event.corrects == case.events.get(kind="registered")


def test_correcting_through_the_api_needs_a_reason_and_a_change(client, town, case):
    applicant = case.parties.get(side="applicant")
    client.force_login(town.a.grid_worker)
    url = reverse("api:case-party-correct", args=[case.pk, applicant.pk])
    assert client.post(url, {"name": "李隆"}, content_type="application/json").status_code == 400
    response = client.post(url, {"name": "李龙", "reason": "x"}, content_type="application/json")
    assert response.status_code == 400
    response = client.post(url, {"mobile": "12345", "reason": "x"}, content_type="application/json")
    assert response.status_code == 400 and "11" in response.json()["detail"]
    assert not case.events.filter(kind="party_corrected").exists()


def test_a_position_change_is_recorded_and_htmx_gets_the_row(client, town, case):
    group = make_group(case, members=3)
    member = group.members.last()
    client.force_login(town.a.grid_worker)
    url = reverse("cases:party-position", args=[case.pk, member.pk])
    response = client.post(
        url, {"position": "refuses", "note": "要求先整改"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="member-{member.pk}">') and "不同意" in html
    member.refresh_from_db()
    assert member.position == "refuses"
    event = case.events.get(kind="position_changed")
    assert event.detail == {
        "party_id": member.pk,
        "before": "undecided",
        "after": "refuses",
        "note": "要求先整改",
    }
    # without JavaScript: back to the group page
    response = client.post(url, {"position": "agrees"})
    assert response.status_code == 302
    page = client.get(reverse("cases:group", args=[case.pk, group.pk])).content.decode()
    assert "同意 1" in page


def _xlsx(rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("owners.xlsx", buffer.getvalue())


def test_a_group_list_imports_from_xlsx(client, town, case):
    group = PartyGroup.objects.create(case=case, side="applicant", name="3号楼业主")
    upload = _xlsx(
        [
            ["姓名", "手机号", "身份证号", "房号", "是否代表", "意见"],
            ["张三", 13812340001, VALID_ID, "3-101", "是", "同意"],
            ["李四", "139 1234 0002", "", "3-102", "", "不同意"],
            ["王五", "", "", "3-103", "否", ""],
        ]
    )
    client.force_login(town.a.grid_worker)
    response = client.post(
        reverse("cases:group-import", args=[case.pk, group.pk]), {"file": upload}
    )
    assert response.status_code == 302
    members = {p.name: p for p in group.members.all()}
    assert set(members) == {"张三", "李四", "王五"}
    assert members["张三"].is_representative and members["张三"].mobile == "13812340001"
    assert (members["李四"].mobile, members["李四"].position) == ("13912340002", "refuses")
    assert members["王五"].position == "undecided"
    event = case.events.get(kind="group_imported")
    assert event.detail["count"] == 3 and members["李四"].origin == event


def test_one_bad_row_imports_nothing_and_every_error_is_listed(client, town, case):
    group = PartyGroup.objects.create(case=case, side="applicant", name="3号楼业主")
    csv = "姓名,手机号,身份证号,意见\n张三,13812340001,,同意\n,13812340002,,同意\n李四,1381234,110105194912310021,同意\n王五,13812340001,,也许\n"
    client.force_login(town.a.grid_worker)
    response = client.post(
        reverse("cases:group-import", args=[case.pk, group.pk]),
        {"file": SimpleUploadedFile("owners.csv", csv.encode("gb18030"))},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "没有导入任何" in html
    for row in ("<td>3</td>", "<td>4</td>", "<td>5</td>"):
        assert row in html
    assert not group.members.exists()
    assert not case.events.filter(kind="group_imported").exists()


def test_the_import_refuses_numbers_already_in_the_group(town, case):
    group = PartyGroup.objects.create(case=case, side="applicant", name="业主")
    Party.objects.create(
        case=case, side="applicant", name="老张", mobile="13812340001", group=group
    )
    with pytest.raises(GroupImportError) as refused:
        party_group_import(
            case_id=case.pk,
            group_id=group.pk,
            actor=town.a.grid_worker,
            uploaded=SimpleUploadedFile("o.csv", "姓名,手机号\n张三,13812340001\n".encode()),
        )
    assert refused.value.errors[0].row == 2
    assert group.members.count() == 1


def test_the_api_import_answers_400_with_the_rows(client, town, case):
    group = PartyGroup.objects.create(case=case, side="applicant", name="业主")
    client.force_login(town.a.grid_worker)
    url = reverse("api:case-group-members-import", args=[case.pk, group.pk])
    bad = SimpleUploadedFile("o.csv", "姓名,手机号\n张三,123\n".encode())
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    assert response.json()["rows"][0]["row"] == 2
    good = SimpleUploadedFile("o.csv", "姓名,手机号\n张三,13812340009\n".encode())
    response = client.post(url, {"file": good})
    assert response.status_code == 201
    assert response.json()[0]["mobile"] == "138****0009"


def test_the_api_refuses_an_organisation_that_does_not_exist(client, town, case):
    client.force_login(town.a.grid_worker)
    response = client.post(
        reverse("api:case-party-list", args=[case.pk]),
        {
            "side": "respondent",
            "kind": "organisation",
            "name": "某物业",
            "property_company": 999999,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not case.parties.filter(name="某物业").exists()
