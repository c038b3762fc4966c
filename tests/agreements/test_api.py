"""The agreements and documents API: the same services and the same access function as the
pages; list queries counted."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from agreements.models import Agreement
from documents.models import Document
from tests.factories.agreements import case_in_mediation, make_draft


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def grid_case(town, case):
    return case_in_mediation(case, worker=town.a.grid_worker, mediator=town.a.grid_mediator)


def test_a_mediator_drafts_edits_and_finalises_through_the_api(
    api, town, grid_case, django_capture_on_commit_callbacks
):
    api.force_authenticate(town.a.grid_mediator)
    created = api.post("/api/agreements/", {"case": grid_case.pk}, format="json")
    assert created.status_code == 201, created.data
    agreement_id = created.data["id"]
    applicant = grid_case.parties.get(side="applicant")
    respondent = grid_case.parties.get(side="respondent")
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = api.patch(
        f"/api/agreements/{agreement_id}/",
        {
            "facts": "欠费停水",
            "disputed_matters": "物业费",
            "terms": "分两期补缴",
            "obligations": [
                {
                    "debtor_id": applicant.pk,
                    "creditor_id": respondent.pk,
                    "kind": "payment",
                    "description": "补缴物业费",
                    "amount": "2000.00",
                    "due_on": due,
                    "instalments": 2,
                }
            ],
        },
        format="json",
    )
    assert response.status_code == 200, response.data
    assert [o["amount"] for o in response.data["obligations"]] == ["1000.00", "1000.00"]
    response = api.post(f"/api/agreements/{agreement_id}/submit/")
    assert response.status_code == 200 and response.data["status"] == "pending_approval"
    assert api.post(f"/api/agreements/{agreement_id}/approve/").status_code == 403  # drafter
    api.force_authenticate(town.a.grid_worker)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/agreements/{agreement_id}/approve/")
    assert response.status_code == 200 and response.data["status"] == "final"
    documents = api.get("/api/documents/", {"agreement": agreement_id}).data["results"]
    assert [(d["kind"], d["state"]) for d in documents] == [("agreement", "ready")]
    download = api.get(documents[0]["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_bad_input_and_illegal_moves_answer_with_reasons(api, town, grid_case):
    api.force_authenticate(town.a.grid_mediator)
    agreement = make_draft(grid_case, actor=town.a.grid_mediator)
    response = api.patch(
        f"/api/agreements/{agreement.pk}/",
        {
            "obligations": [
                {
                    "debtor_id": grid_case.parties.first().pk,
                    "kind": "payment",
                    "description": "x",
                    "due_on": "2030-01-01",
                }
            ]
        },
        format="json",
    )
    assert response.status_code == 400 and "金额" in response.data["detail"]
    response = api.post(f"/api/agreements/{agreement.pk}/approve/")
    assert response.status_code in (403, 409)
    response = api.post(
        f"/api/agreements/{agreement.pk}/sign/",
        {"signed_on": "2020-01-01", "effective_on": "2020-01-01"},
    )
    assert response.status_code == 409
    assert Agreement.objects.get(pk=agreement.pk).status == "draft"


def test_outsiders_see_no_agreement_and_readers_cannot_change_one(api, town, grid_case, personas):
    agreement = make_draft(grid_case, actor=town.a.grid_mediator)
    api.force_authenticate(personas["mediator_elsewhere"])
    assert api.get(f"/api/agreements/{agreement.pk}/").status_code == 404
    assert api.get("/api/agreements/").data["results"] == []
    api.force_authenticate(personas["supervisor"])
    assert api.get(f"/api/agreements/{agreement.pk}/").status_code == 200
    assert api.post(f"/api/agreements/{agreement.pk}/submit/").status_code == 403
    response = api.post(
        "/api/documents/", {"case": grid_case.pk, "kind": "case_file", "audience": "internal"}
    )
    assert response.status_code == 403
    assert not Document.objects.filter(kind="case_file").exists()


def test_documents_are_requested_and_listed_with_their_state(
    api, town, grid_case, django_capture_on_commit_callbacks
):
    api.force_authenticate(town.a.grid_mediator)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/documents/", {"case": grid_case.pk, "kind": "acceptance_form"}, format="json"
        )
    assert response.status_code == 201 and response.data["state"] == "queued"
    listed = api.get("/api/documents/", {"case": grid_case.pk}).data["results"]
    assert listed[0]["state"] == "ready" and len(listed[0]["sha256"]) == 64
    bad = api.post("/api/documents/", {"case": grid_case.pk, "kind": "agreement"}, format="json")
    assert bad.status_code == 400


def test_the_agreement_list_costs_the_same_few_queries_for_many_rows(
    api, town, django_assert_num_queries
):
    from tests.factories.cases import make_case

    for _ in range(4):
        case = make_case(compound=town.a.compound, registered_by=town.a.grid_worker)
        case_in_mediation(case, worker=town.a.grid_worker, mediator=town.a.grid_mediator)
        make_draft(case, actor=town.a.grid_mediator)
    from mediators.models import User

    def fresh_user():  # each request loads its user anew: no scope cached from the set-up
        return User.objects.get(pk=town.a.grid_mediator.pk)

    api.force_authenticate(fresh_user())
    api.get("/api/agreements/")  # warms the content-type caches, as on any running server
    api.force_authenticate(fresh_user())
    with django_assert_num_queries(5):
        # 1 the user's memberships; 2 their supervisor jurisdictions (streets and districts);
        # 3 cases they were invited to (django-guardian); 4 cases held by assignment or an
        # earlier tier; 5 the page of agreements with their cases (cursor pagination: no
        # count query)
        response = api.get("/api/agreements/")
    assert len(response.data["results"]) == 4
