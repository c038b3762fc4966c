"""The API: the figures of a jurisdiction and month (what a city-level platform pulls) and the
ledgers, with the same limits as the pages."""

import pytest
from rest_framework.test import APIClient

from reports.services.rollups import rollup_refresh

from .conftest import MARCH

pytestmark = pytest.mark.django_db
FIGURES = "/api/reports/figures/"


@pytest.fixture
def api():
    return APIClient()


def test_the_figures_of_a_street_and_month(api, march):
    town = march.town
    rollup_refresh(month=MARCH)
    api.force_authenticate(town.a.supervisor)
    response = api.get(FIGURES, {"street": town.a.street.pk, "month": "2026-03"})
    assert response.status_code == 200
    data = response.json()
    assert data["month"] == "2026-03"
    assert data["jurisdiction"] == {
        "level": "street",
        "id": town.a.street.pk,
        "name": town.a.street.name,
    }
    assert data["figures"]["settled"]["value"] == 3
    assert data["figures"]["settlement_rate"] == {"value": 0.75, "numerator": 3, "denominator": 4}
    # settled in March and not visited yet: followed up 0 of 3
    assert data["figures"]["follow_up_rate"] == {"value": 0.0, "numerator": 0, "denominator": 3}
    assert data["definitions"]["settlement_rate"]["kind"] == "rate"
    assert len(data["trend"]) == 12


def test_a_month_never_counted_is_counted_for_the_api(api, march):
    api.force_authenticate(march.town.district_supervisor)
    response = api.get(FIGURES, {"month": "2026-03"})
    assert response.json()["figures"]["received"]["value"] == 8


def test_another_streets_figures_are_not_found(api, march):
    town = march.town
    api.force_authenticate(town.b.supervisor)
    for params in (
        {"street": town.a.street.pk},
        {"grid": town.a.grid.pk},
        {"district": town.a.street.district_id},
    ):
        assert api.get(FIGURES, params).status_code == 404


def test_refusals(api, march):
    town = march.town
    assert api.get(FIGURES).status_code in (401, 403)
    api.force_authenticate(town.a.grid_mediator)
    assert api.get(FIGURES).status_code == 403
    api.force_authenticate(town.a.supervisor)
    response = api.get(FIGURES, {"month": "March"})
    assert response.status_code == 400 and "month" in response.json()


def test_the_case_ledger_with_filters(api, march):
    town, cases = march.town, march.cases
    api.force_authenticate(town.a.supervisor)
    response = api.get("/api/reports/ledger/cases/", {"status": "declined"})
    assert response.status_code == 200
    assert [row["reference"] for row in response.json()["results"]] == [cases["c3"].reference]
    every = api.get("/api/reports/ledger/cases/", {"page_size": 200}).json()["results"]
    assert cases["b1"].reference not in {row["reference"] for row in every}
    assert api.get("/api/reports/ledger/cases/", {"status": "nope"}).status_code == 400


def test_the_compound_ledger(api, march):
    town = march.town
    api.force_authenticate(town.b.supervisor)
    rows = api.get("/api/reports/ledger/compounds/").json()
    assert [row["compound_id"] for row in rows] == [town.b.compound.pk]
    assert rows[0]["registered"] == 1 and rows[0]["settled"] == 1


def test_the_follow_up_ledger(api, march):
    from datetime import date

    from followups.models import FollowUpPlan, FollowUpVisit

    town, c = march.town, march.cases
    for key, day in (("c1", date(2026, 3, 12)), ("b1", date(2026, 3, 16))):
        plan = FollowUpPlan.objects.create(
            case=c[key], cycle=0, anchor="closure", anchor_on=day, visit_days=[7]
        )
        FollowUpVisit.objects.create(
            plan=plan,
            case=c[key],
            offset_days=7,
            planned_on=day,
            due_on=day,
            status="done",
            visited_on=day,
            mode="phone",
            satisfaction="satisfied",
        )
    api.force_authenticate(town.b.supervisor)
    rows = api.get("/api/reports/ledger/followups/").json()["results"]
    assert [row["case_reference"] for row in rows] == [c["b1"].reference]
    assert rows[0]["satisfaction"] == "satisfied" and rows[0]["due_on"] == "2026-03-16"
    assert "李龙" not in str(rows)
    api.force_authenticate(town.a.supervisor)
    assert [r["case_id"] for r in api.get("/api/reports/ledger/followups/").json()["results"]] == [
        c["c1"].pk
    ]
    response = api.get("/api/reports/ledger/followups/", {"registered_from": "not a date"})
    assert response.status_code == 400 and "registered_from" in response.json()
    api.force_authenticate(None)
    assert api.get("/api/reports/ledger/followups/").status_code in (401, 403)
