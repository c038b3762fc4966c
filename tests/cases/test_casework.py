"""Case work as one table (issue 20, part 1): the case page, its fragments and the API read
cases.casework.WORK, and the investigation record (调查记录) was added through it: one entry,
its model, service, form, serializer and section template."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cases.casework import WORK
from cases.models import CaseEvent, Investigation
from cases.record_kinds import kind_label
from tests.factories.cases import make_case, make_working_case

SHANGHAI = ZoneInfo("Asia/Shanghai")
FORM = {
    "investigated_at": "2026-05-02T15:30",
    "place": "3号楼地下车库",
    "investigators": "王调解、李律师",
    "interviewee": "物业保安队长",
    "findings": "车库顶板渗水，物业称已报修两次，未见维修记录。",
}


@pytest.fixture
def working_case(town):
    return make_working_case(town)


def test_every_kind_names_a_form_a_serializer_and_a_service_that_exist():
    for name, kind in WORK.items():
        assert kind.form_class().__name__.endswith("Form"), name
        assert kind.serializer_class() is not None, name
        assert callable(kind.perform) and str(kind.label) and str(kind.done), name
        assert kind_label(kind.record_kind) != kind_label("no such kind"), name


def test_the_case_page_offers_each_kind_by_the_tables_label(client, town, working_case):
    client.force_login(town.a.grid_mediator)
    page = client.get(reverse("cases:detail", args=[working_case.pk])).content.decode()
    for name in WORK:
        assert f'id="{name}"' in page, name
        assert reverse("cases:work-form", args=[working_case.pk, name]) in page, name
    assert "记录调查" in page  # the investigation's label, in Chinese
    fragment = client.get(
        reverse("cases:work-form", args=[working_case.pk, "investigation"]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'name="findings"' in fragment and 'name="party"' in fragment


def test_an_investigation_recorded_on_the_page_is_a_row_an_internal_entry_and_a_section(
    client, town, working_case
):
    applicant = working_case.parties.get(side="applicant")
    client.force_login(town.a.grid_mediator)
    url = reverse("cases:work", args=[working_case.pk, "investigation"])
    response = client.post(url, {**FORM, "party": applicant.pk})
    assert response.status_code == 302 and response["Location"].endswith("#investigation")
    row = Investigation.objects.get(case=working_case)
    assert row.party == applicant and row.interviewee == "物业保安队长"
    assert row.investigated_at == datetime(2026, 5, 2, 15, 30, tzinfo=SHANGHAI)
    assert row.recorded_by == town.a.grid_mediator
    entry = working_case.events.get(kind="investigation")
    assert entry.visibility == CaseEvent.Visibility.INTERNAL
    assert entry.detail["investigation_id"] == row.pk
    page = client.get(reverse("cases:detail", args=[working_case.pk])).content.decode()
    assert 'id="investigations"' in page and "未见维修记录" in page
    assert "调查记录" in page  # the section, and the entry's name on the timeline


def test_a_bad_investigation_keeps_what_was_typed_and_says_what_is_missing(
    client, town, working_case
):
    client.force_login(town.a.grid_mediator)
    url = reverse("cases:work", args=[working_case.pk, "investigation"])
    response = client.post(url, {**FORM, "findings": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "3号楼地下车库" in page and "王调解、李律师" in page  # nothing typed is lost
    assert 'id="id_findings_error"' in page  # the message next to the field
    assert not Investigation.objects.exists()


def test_the_resident_does_not_read_the_findings(client, town, working_case):
    from cases.services import work

    work.investigation_record(
        case_id=working_case.pk,
        actor=town.a.grid_mediator,
        investigated_at=datetime(2026, 5, 2, 15, tzinfo=SHANGHAI),
        place="车库",
        investigators="王调解",
        findings="保安队长称物业从未报修",
    )
    visible = working_case.events.filter(
        kind="investigation", visibility=CaseEvent.Visibility.PARTIES
    )
    assert not visible.exists()


def test_the_api_records_and_lists_investigations_for_whoever_works_the_case(
    town, working_case, django_assert_max_num_queries
):
    api = APIClient()
    api.force_authenticate(town.a.grid_mediator)
    url = f"/api/cases/{working_case.pk}/investigations/"
    body = {**FORM, "investigated_at": "2026-05-02T15:30:00+08:00"}
    for n in range(3):
        response = api.post(url, {**body, "place": f"{n + 1}号楼"}, format="json")
        assert response.status_code == 201, response.data
    assert response.data["recorded_by"] == town.a.grid_mediator.name
    with django_assert_max_num_queries(8):
        listed = api.get(url).data["results"]
    assert [r["place"] for r in listed] == ["3号楼", "2号楼", "1号楼"]

    other = make_case(compound=town.b.compound, registered_by=town.b.grid_worker)
    foreign_party = other.parties.first()
    response = api.post(url, {**body, "party": foreign_party.pk}, format="json")
    assert response.status_code == 400 and "party" in response.data
    response = api.post(url, {**body, "findings": ""}, format="json")
    assert response.status_code == 400 and "findings" in response.data

    api.force_authenticate(town.a.supervisor)  # reads the case, does not work it
    assert api.get(url).status_code == 200
    assert api.post(url, body, format="json").status_code == 403
    api.force_authenticate(town.b.grid_mediator)
    assert api.post(url, body, format="json").status_code == 404
    assert Investigation.objects.filter(case=working_case).count() == 3


def test_the_schema_has_the_investigation_endpoint(client, town):
    client.force_login(town.a.lead)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "/api/cases/{case_pk}/investigations/" in schema["paths"]
    post = schema["paths"]["/api/cases/{case_pk}/investigations/"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/InvestigationRequest"
    )
