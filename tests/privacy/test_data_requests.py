"""A resident's request to see or delete their data: recorded by staff on the case, carried
out by staff with a record entry, through the page and the API; refused to the wrong persona
with the database unchanged."""

import json

import pytest
from django.urls import reverse

from cases.models import CaseEvent, Party
from intake.models import Complaint
from privacy.models import Anonymisation, DataRequest

from .conftest import APPLICANT, APPLICANT_ID, APPLICANT_MOBILE, WITNESS, make_story

pytestmark = pytest.mark.django_db

ASKED = "2026-11-30T09:30"


@pytest.fixture
def story(town):
    return make_story(town)


def record(client, story, **overrides):
    data = {
        "party": story.applicant.pk,
        "kind": "access",
        "asked_at": ASKED,
        "verification": "id_document",
        "verification_note": f"本人持身份证{APPLICANT_ID}到场",
        **overrides,
    }
    return client.post(reverse("privacy:request-new", args=[story.case.pk]), data)


def state(case) -> tuple:
    """What a refused write must leave as it was."""
    return (
        list(DataRequest.objects.filter(case=case).values_list("status", flat=True)),
        CaseEvent.objects.filter(case=case).count(),
        list(Party.objects.filter(case=case).values_list("name", "mobile", "id_number")),
        Anonymisation.objects.filter(case=case).count(),
    )


def test_it_records_a_request_from_the_case_page(client, town, story):
    client.force_login(town.a.grid_mediator)
    page = client.get(reverse("privacy:request-new", args=[story.case.pk]))
    assert page.status_code == 200 and "记录个人信息请求" in page.content.decode()

    response = record(client, story)

    assert response.status_code == 302
    request = DataRequest.objects.get(case=story.case)
    assert (request.party, request.kind, request.verification, request.status) == (
        story.applicant,
        "access",
        "id_document",
        "recorded",
    )
    assert request.recorded_by == town.a.grid_mediator
    assert APPLICANT_ID not in request.verification_note  # never kept in the note
    entry = CaseEvent.objects.get(case=story.case, kind="data_request")
    assert entry.detail["request_id"] == request.pk and entry.actor == town.a.grid_mediator
    assert APPLICANT not in entry.summary and APPLICANT_MOBILE not in entry.summary
    case_page = client.get(reverse("cases:detail", args=[story.case.pk])).content.decode()
    assert "个人信息请求" in case_page and "查看本人信息副本" in case_page


def test_an_access_request_is_carried_out_and_the_data_exported(client, town, story):
    client.force_login(town.a.grid_mediator)
    record(client, story)
    request = DataRequest.objects.get(case=story.case)

    download = client.get(reverse("privacy:request-export", args=[story.case.pk, request.pk]))

    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    data = json.loads(download.content)
    assert data["party"]["name"] == APPLICANT and data["party"]["mobile"] == APPLICANT_MOBILE
    assert data["complaint"]["mobile"] == APPLICANT_MOBILE  # the filer's complaint is theirs
    assert data["case"]["reference"] == story.case.reference
    assert WITNESS not in json.dumps(data["party"], ensure_ascii=False)
    assert CaseEvent.objects.filter(case=story.case, kind="data_exported").count() == 1

    url = reverse("privacy:request-fulfil", args=[story.case.pk, request.pk])
    response = client.post(url, {"note": "当面交付打印件"})

    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.fulfilled_by, request.fulfilment_note) == (
        "fulfilled",
        town.a.grid_mediator,
        "当面交付打印件",
    )
    assert CaseEvent.objects.filter(case=story.case, kind="data_access_given").count() == 1
    # Carried out once: a second time is refused and changes nothing.
    before = state(story.case)
    client.post(url)
    assert state(story.case) == before


def test_a_deletion_is_carried_out_by_the_lead_once_the_case_has_ended(client, town, story):
    client.force_login(town.a.grid_worker)  # the lead of a case at the grid tier
    record(client, story, kind="deletion", party=story.witness.pk)
    request = DataRequest.objects.get(case=story.case)

    client.post(reverse("privacy:request-fulfil", args=[story.case.pk, request.pk]))

    witness = Party.objects.get(pk=story.witness.pk)
    assert (witness.name, witness.mobile, witness.id_number, witness.address) == (
        "王某某",
        "",
        "",
        "",
    )
    applicant = Party.objects.get(pk=story.applicant.pk)
    assert (applicant.name, applicant.mobile) == (APPLICANT, APPLICANT_MOBILE)  # only them
    story.case.refresh_from_db()
    assert WITNESS not in story.case.description and "王某某" in story.case.description
    assert DataRequest.objects.get(pk=request.pk).status == "fulfilled"
    entry = CaseEvent.objects.get(case=story.case, kind="data_deleted")
    assert WITNESS not in entry.summary
    mark = Anonymisation.objects.get(case=story.case)
    assert (mark.reason, mark.party_id, mark.event) == ("request", witness.pk, entry)


def test_deleting_the_filers_data_clears_the_complaints_contact_details(client, town, story):
    client.force_login(town.a.grid_worker)
    record(client, story, kind="deletion")
    request = DataRequest.objects.get(case=story.case)
    client.post(reverse("privacy:request-fulfil", args=[story.case.pk, request.pk]))
    complaint = Complaint.objects.get(case=story.case)
    assert (complaint.name, complaint.mobile, complaint.email) == ("李某", "", "")


def test_a_deletion_is_refused_while_the_case_is_worked(api, town):
    story = make_story(town, close=False)
    api.force_authenticate(town.a.grid_worker)
    url = f"/api/cases/{story.case.pk}/data-requests/"
    created = api.post(
        url,
        {
            "party": story.applicant.pk,
            "kind": "deletion",
            "asked_at": "2026-11-30T09:30:00+08:00",
            "verification": "mobile",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    before = state(story.case)

    response = api.post(f"{url}{created.json()['id']}/fulfil/", {}, format="json")

    assert response.status_code == 409
    assert "结案" in response.json()["detail"]
    assert state(story.case) == before


def test_the_api_records_exports_and_carries_out_a_request(api, town, story):
    api.force_authenticate(town.a.grid_mediator)
    url = f"/api/cases/{story.case.pk}/data-requests/"
    created = api.post(
        url,
        {
            "party": story.applicant.pk,
            "kind": "access",
            "asked_at": "2026-11-30T09:30:00+08:00",
            "verification": "tracking",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert DataRequest.objects.get(pk=pk).recorded_by == town.a.grid_mediator
    assert [r["id"] for r in api.get(url).json()["results"]] == [pk]

    exported = api.get(f"{url}{pk}/export/")
    assert exported.status_code == 200 and exported.json()["party"]["name"] == APPLICANT

    done = api.post(f"{url}{pk}/fulfil/", {"note": "电子版已发送"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "fulfilled"
    assert DataRequest.objects.get(pk=pk).fulfilled_by == town.a.grid_mediator
    assert CaseEvent.objects.filter(case=story.case, kind="data_access_given").exists()


def test_bad_input_gets_a_400_with_the_field(api, town, story):
    api.force_authenticate(town.a.grid_mediator)
    url = f"/api/cases/{story.case.pk}/data-requests/"
    organisation = Party.objects.get(case=story.case, kind="organisation")
    response = api.post(
        url,
        {"party": organisation.pk, "kind": "erase", "asked_at": "not a date"},
        format="json",
    )
    assert response.status_code == 400
    assert {"party", "kind", "asked_at", "verification"} <= set(response.json())
    assert not DataRequest.objects.exists()


@pytest.mark.parametrize(
    ("persona", "page", "api_status"),
    [
        ("supervisor", 403, 403),  # sees the case, does not work it
        ("mediator_elsewhere", 404, 404),  # need not learn the case exists
        ("supervisor_elsewhere", 404, 404),
        ("partner", 404, 404),
    ],
)
def test_other_personas_are_refused_and_nothing_changes(
    client, api, town, story, personas, persona, page, api_status
):
    user = personas[persona]
    before = state(story.case)
    client.force_login(user)
    assert record(client, story).status_code == page
    assert client.get(reverse("privacy:request-new", args=[story.case.pk])).status_code == page
    api.force_authenticate(user)
    url = f"/api/cases/{story.case.pk}/data-requests/"
    assert api.get(url).status_code == api_status
    body = {
        "party": story.applicant.pk,
        "kind": "deletion",
        "asked_at": "2026-11-30T09:30:00+08:00",
        "verification": "mobile",
    }
    assert api.post(url, body, format="json").status_code == api_status
    assert state(story.case) == before


def test_a_mediator_who_is_not_the_lead_may_not_delete(client, api, town, story):
    client.force_login(town.a.grid_worker)
    record(client, story, kind="deletion")
    request = DataRequest.objects.get(case=story.case)
    before = state(story.case)
    api.force_authenticate(town.a.grid_mediator)
    url = f"/api/cases/{story.case.pk}/data-requests/{request.pk}/"
    assert api.post(f"{url}fulfil/", {}, format="json").status_code == 403
    assert api.get(f"{url}export/").status_code == 400  # a deletion has nothing to export
    assert state(story.case) == before
    client.force_login(town.a.grid_mediator)
    url = reverse("privacy:request-fulfil", args=[story.case.pk, request.pk])
    assert client.post(url).status_code == 403
    assert state(story.case) == before


def test_anonymous_visitors_are_sent_to_log_in(client, api, story):
    new = reverse("privacy:request-new", args=[story.case.pk])
    assert client.get(new).status_code == 302
    assert api.get(f"/api/cases/{story.case.pk}/data-requests/").status_code in (401, 403)
    assert not DataRequest.objects.exists()


def test_the_supervisor_does_not_see_the_panel(client, town, story):
    client.force_login(town.a.supervisor)
    html = client.get(reverse("cases:detail", args=[story.case.pk])).content.decode()
    assert 'id="privacy"' not in html
