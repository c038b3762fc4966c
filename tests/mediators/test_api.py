"""The staff API of teams, experts and who is on duty now: scoped, read-only, fixed cost."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.services.assignment import case_assign
from tests.conftest import build_street
from tests.factories.mediators import DutyShiftFactory, ExpertFactory


def test_anonymous_and_roleless_users_are_refused(client, town, outsider):
    for url in [
        "/api/teams/",
        "/api/experts/",
        "/api/duty-now/",
        f"/api/teams/{town.a.centre.pk}/",
    ]:
        assert client.get(url).status_code in (401, 403), url
    client.force_login(outsider)
    for url in ["/api/teams/", "/api/experts/", "/api/duty-now/"]:
        assert client.get(url).status_code == 403, url


def test_teams_are_limited_to_the_jurisdiction(client, town):
    client.force_login(town.b.supervisor)
    ids = {t["id"] for t in client.get("/api/teams/").json()["results"]}
    assert ids == {town.b.grid_team.pk, town.b.specialist_team.pk, town.b.centre.pk}
    assert client.get(f"/api/teams/{town.a.centre.pk}/").status_code == 404


def test_a_team_lists_its_members_with_their_open_cases(client, town, case):
    case_assign(case_id=case.pk, actor=town.a.grid_worker, user=town.a.grid_mediator)
    client.force_login(town.a.lead)
    data = client.get(f"/api/teams/{town.a.grid_team.pk}/").json()
    assert data["kind"] == "grid_team" and data["tier"] == "grid"
    assert data["grids"] == [town.a.grid.code]
    members = {m["user"]: m for m in data["members"]}
    assert members[town.a.grid_mediator.pk]["open_cases"] == 1
    assert members[town.a.grid_mediator.pk]["role"] == "mediator"


def test_teams_filter_by_kind_and_street(client, town):
    client.force_login(town.district_supervisor)
    data = client.get("/api/teams/", {"kind": "joint_centre", "street": town.a.street.code}).json()
    assert [t["id"] for t in data["results"]] == [town.a.centre.pk]


def test_experts_filter_by_specialty_and_availability(client, town):
    law = ExpertFactory(specialties=["law", "fees"], district=town.a.street.district)
    ExpertFactory(specialties=["building_quality"], district=town.a.street.district)
    ExpertFactory(specialties=["law"], available=False, district=town.a.street.district)
    client.force_login(town.a.lead)
    data = client.get("/api/experts/", {"specialty": "law", "available": "true"}).json()
    assert [e["id"] for e in data["results"]] == [law.pk]
    assert client.get("/api/experts/", {"specialty": "nonsense"}).status_code == 400


def test_duty_now(client, town):
    now = timezone.now()
    shift = DutyShiftFactory(
        team=town.a.centre,
        user=town.a.coordinator,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    DutyShiftFactory(
        team=town.b.centre,
        user=town.b.coordinator,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    DutyShiftFactory(
        team=town.a.centre,
        user=town.a.coordinator,
        starts_at=now + timedelta(hours=2),
        ends_at=now + timedelta(hours=3),
    )
    client.force_login(town.a.grid_worker)
    data = client.get("/api/duty-now/").json()
    assert [s["id"] for s in data] == [shift.pk]
    assert data[0]["name"] == town.a.coordinator.name


@pytest.mark.parametrize(
    "url, queries",
    [
        # session, user, permissions of the user and of their groups; scope: memberships,
        # jurisdictions, expert profile, streets of the district; the teams; their grids
        ("/api/teams/", 10),
        # the same first seven (no streets needed for experts); the experts
        ("/api/experts/", 8),
        # the same first eight; the shifts on now with their teams and people
        ("/api/duty-now/", 9),
    ],
)
def test_api_lists_cost_a_fixed_number_of_queries(
    client, town, django_assert_num_queries, url, queries
):
    ExpertFactory(district=town.a.street.district)
    client.force_login(town.district_supervisor)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    build_street(district=town.a.street.district)
    ExpertFactory(district=town.a.street.district)
    now = timezone.now()
    DutyShiftFactory(
        team=town.a.centre,
        user=town.a.coordinator,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    client.force_login(town.district_supervisor)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
