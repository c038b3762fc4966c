"""The follow-up API: the same services and refusals as the pages, scoped lists, and the
follow-up state a partner system reads."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from followups.models import FollowUpVisit, ScreeningPatrol
from followups.services.plans import visits_schedule
from followups.services.visits import visit_record
from tests.factories.followups import make_obligation

from .conftest import DAY0


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def planned(agreement, clock):
    visits_schedule()
    clock.move_to("2026-03-09 10:00:00+08:00")
    return agreement


def test_it_lists_only_visits_of_visible_cases(api, planned, town, django_assert_num_queries):
    api.force_authenticate(town.b.grid_mediator)
    assert api.get("/api/followups/visits/").json()["results"] == []
    # a fresh user object, as a request has (the scope is cached on the user object)
    api.force_authenticate(type(town.a.grid_worker).objects.get(pk=town.a.grid_worker.pk))
    # 1 scope memberships, 2 jurisdictions (streets and districts), 3 guardian invitations,
    # 4 the cases held by assignment or an earlier tier, 5 the page of visits with case,
    # plan and assignee
    with django_assert_num_queries(5):
        body = api.get("/api/followups/visits/?mine=true").json()
    assert [v["offset_days"] for v in body["results"]] == [90, 30, 7]
    assert body["results"][0]["case_reference"] == planned.case.reference


def test_it_records_a_visit_and_refuses_a_second_time(api, planned, town):
    visit = FollowUpVisit.objects.get(offset_days=7)
    api.force_authenticate(town.a.grid_worker)
    data = {
        "visited_on": "2026-03-09",
        "mode": "home",
        "participants": "李龙",
        "performance": "performed",
        "satisfaction": "fairly_satisfied",
    }
    response = api.post(f"/api/followups/visits/{visit.pk}/record/", data, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["satisfaction"] == "fairly_satisfied"
    again = api.post(f"/api/followups/visits/{visit.pk}/record/", data, format="json")
    assert again.status_code == 409
    bad = api.post(
        f"/api/followups/visits/{FollowUpVisit.objects.get(offset_days=30).pk}/record/",
        {**data, "satisfaction": "ecstatic"},
        format="json",
    )
    assert bad.status_code == 400 and "satisfaction" in bad.json()


def test_a_reader_gets_403_and_a_stranger_404(api, planned, town):
    visit = FollowUpVisit.objects.get(offset_days=7)
    url = f"/api/followups/visits/{visit.pk}/unreachable/"
    api.force_authenticate(town.a.supervisor)
    assert api.post(url, {"attempted_on": "2026-03-09", "mode": "phone"}).status_code == 403
    api.force_authenticate(town.b.grid_mediator)
    assert api.post(url, {"attempted_on": "2026-03-09", "mode": "phone"}).status_code == 404


def test_it_records_performance_with_evidence(api, planned, town):
    obligation = make_obligation(planned, due_on=DAY0 + timedelta(days=3))
    api.force_authenticate(town.a.grid_mediator)
    url = f"/api/followups/obligations/{obligation.pk}/record/"
    missing = api.post(url, {"status": "performed", "performed_on": "2026-03-05"})
    assert missing.status_code == 400 and missing.json()["code"] == "invalid"
    fake = SimpleUploadedFile("a.pdf", b"MZ\x90\x00not a pdf")
    refused = api.post(
        url, {"status": "performed", "performed_on": "2026-03-05", "evidence": [fake]}
    )
    assert refused.status_code == 400 and "evidence" in refused.json()
    pdf = SimpleUploadedFile("回执.pdf", b"%PDF-1.7\n1 0 obj<<>>endobj\n")
    response = api.post(
        url,
        {"status": "performed", "performed_on": "2026-03-05", "evidence": [pdf]},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "performed"
    assert body["records"][-1]["evidence"][0]["content_type"] == "application/pdf"


def test_a_partner_reads_the_follow_up_state_of_a_case_it_sees(api, planned, town):
    visit = FollowUpVisit.objects.get(offset_days=7)
    visit_record(
        visit_id=visit.pk,
        actor=town.a.grid_worker,
        visited_on=DAY0 + timedelta(days=7),
        mode="phone",
        participants="李龙",
        performance="performed",
        satisfaction="satisfied",
    )
    make_obligation(planned, due_on=DAY0 + timedelta(days=20))
    api.force_authenticate(town.a.supervisor)
    response = api.get(f"/api/followups/cases/{planned.case.pk}/")
    assert response.status_code == 200
    assert response.json() == {
        "plan_status": "active",
        "plan_started_on": "2026-03-02",
        "visits_planned": 3,
        "visits_done": 1,
        "visits_unreachable": 0,
        "next_visit_on": "2026-04-01",
        "last_visit_on": "2026-03-09",
        "last_satisfaction": "satisfied",
        "rebounds": 0,
        "obligations": {
            "pending": 1,
            "due": 0,
            "performed": 0,
            "partly_performed": 0,
            "breached": 0,
        },
    }
    api.force_authenticate(town.b.supervisor)
    assert api.get(f"/api/followups/cases/{planned.case.pk}/").status_code == 404


def test_patrols_through_the_api(api, town, clock):
    api.force_authenticate(town.a.grid_worker)
    data = {
        "grid": town.a.grid.pk,
        "patrolled_on": DAY0.isoformat(),
        "compounds": [town.a.compound.pk],
        "members": [{"kind": "staff", "name": town.a.grid_worker.name}],
        "signs": [{"description": "电梯频繁故障，业主酝酿投诉", "severity": "medium"}],
    }
    response = api.post("/api/followups/patrols/", data, format="json")
    assert response.status_code == 201, response.content
    assert ScreeningPatrol.objects.get().signs.count() == 1
    assert api.post("/api/followups/patrols/", data, format="json").status_code == 409
    sign_id = response.json()["signs"][0]["id"]
    converted = api.post(
        f"/api/followups/early-signs/{sign_id}/to-case/",
        {"category": "repairs", "title": "电梯故障"},
        format="json",
    )
    assert converted.status_code == 201 and converted.json()["case"]
    # Another street's grid is no choice of theirs: "object does not exist", nothing saved.
    api.force_authenticate(town.b.grid_worker)
    refused = api.post("/api/followups/patrols/", data, format="json")
    assert refused.status_code == 400 and "grid" in refused.json()
    assert ScreeningPatrol.objects.count() == 1
    assert api.get("/api/followups/patrols/").json()["results"] == []
