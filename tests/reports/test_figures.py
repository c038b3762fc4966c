"""Each figure on hand-built data (tests/reports/conftest.py tells each case's story): the
right answers are worked out here from the dates, not read back from the code."""

from datetime import date

import pytest

from followups.models import FollowUpPlan, FollowUpVisit
from reports.jurisdiction import Jurisdiction
from reports.selectors import dashboard, figure_cases, is_hotspot, percentile
from reports.services.rollups import rollup_refresh

from .conftest import MARCH

pytestmark = pytest.mark.django_db


def street_a(town) -> Jurisdiction:
    return Jurisdiction("street", town.a.street.pk, town.a.street.name)


def figures_of(jurisdiction, month=MARCH) -> dict:
    rollup_refresh(month=month)
    return dashboard(jurisdiction=jurisdiction, month=month)


def value(data, key):
    return data["figures"][key]["value"]


def test_received_accepted_declined_and_channels(march):
    data = figures_of(street_a(march.town))
    # Registered in March: c2, c3, c4, c5, c7, c10 (23:30 on the 31st), c11. Not c10b
    # (00:10 on 1 April), not c1/c6/c8/c12 (earlier months), not b1 (street B).
    assert value(data, "received") == 7
    by_channel = {row["code"]: row["received"] for row in data["by_channel"]}
    assert by_channel == {
        "web": 1,  # c2
        "hotline": 2,  # c3, c5
        "walk_in": 1,  # c4
        "wechat": 1,  # c7
        "referral": 1,  # c11
        "patrol": 1,  # c10
    }
    # Accepted in March: c11 (2nd), c2 (3rd), c4 (11th), c5 (16th).
    assert value(data, "accepted") == 4
    assert value(data, "declined") == 1  # c3
    assert value(data, "withdrawn") == 1  # c11


def test_settlement_rate_grid_share_and_escalations(march):
    data = figures_of(street_a(march.town))
    # Settled in March: c12 (3rd), c1 (5th) at the grid, c2 (20th) at the specialist team.
    assert value(data, "settled") == 3
    assert value(data, "not_settled") == 1  # c4, referred to court
    assert value(data, "mediated") == 4  # withdrawn c11 and declined c3 left out
    assert value(data, "settlement_rate") == pytest.approx(3 / 4)
    assert value(data, "settled_at_grid") == 2
    assert value(data, "grid_share") == pytest.approx(2 / 3)
    assert data["escalations"] == {"grid": 1, "specialist": 0}  # c2 left the grid on the 10th


def test_days_to_settle(march):
    data = figures_of(street_a(march.town))
    # c1: 21 Feb → 5 Mar = 12 days; c2: 3 → 20 Mar = 17; c12: 26 Jan → 3 Mar = 36.
    assert value(data, "days_median") == 17
    # percentile_cont(0.9) of [12, 17, 36]: position 1.8 → 17 + 0.8 × (36 − 17) = 32.2
    assert value(data, "days_p90") == pytest.approx(32.2)
    assert value(data, "days_mean") == pytest.approx((12 + 17 + 36) / 3)
    assert value(data, "settled_within_deadline") == 2  # c1 and c2; c12 took 36 days
    assert value(data, "within_deadline_share") == pytest.approx(2 / 3)


def test_open_and_overdue_at_the_end_of_the_month(march):
    data = figures_of(street_a(march.town))
    # Open on 1 April 00:00: c5, c6, c7, c8 (reopened), c10. c10b came after midnight.
    assert value(data, "open_at_end") == 5
    # Only c6's deadline (10 February) had passed; c5's is 15 April, c8's 11 April.
    assert value(data, "overdue_at_end") == 1


def test_performance_and_rebound_rates(march):
    data = figures_of(street_a(march.town))
    # c1's obligations due 10 and 20 March (performed, breached); the April one is not due
    # yet and the superseded agreement's never counts.
    assert value(data, "obligations_due") == 2
    assert value(data, "obligations_performed") == 1
    assert value(data, "performance_rate") == pytest.approx(1 / 2)
    assert value(data, "reopened") == 1  # c8
    assert value(data, "rebound_rate") == pytest.approx(1 / 3)


def _visit(case, day: str, *, status="done", satisfaction="satisfied"):
    """A follow-up visit of `case` made (or, with status scheduled, due) on `day`."""
    on = date.fromisoformat(day)
    plan, _ = FollowUpPlan.objects.get_or_create(
        case=case,
        cycle=0,
        defaults={"anchor": "closure", "anchor_on": on, "visit_days": [7, 30]},
    )
    done = status == "done"
    return FollowUpVisit.objects.create(
        plan=plan,
        case=case,
        offset_days=7 + plan.visits.count(),
        planned_on=on,
        due_on=on,
        status=status,
        visited_on=on if done else None,
        mode="phone" if done else "",
        satisfaction=satisfaction if done else "",
    )


def test_follow_up_and_satisfaction_rates(march):
    c = march.cases
    # Settled in March: c1 (5th), c12 (3rd), c2 (20th). c1 and c12 were visited, c2's visit is
    # still ahead: followed up 2 of 3.
    _visit(c["c1"], "2026-03-12", satisfaction="satisfied")
    _visit(c["c12"], "2026-03-10", satisfaction="dissatisfied")
    _visit(c["c12"], "2026-04-02", satisfaction="fairly_satisfied")  # an April rating
    _visit(c["c2"], "2026-03-27", status="scheduled")
    # c8 (settled in January) visited in March with a "fairly satisfied": a March rating,
    # but not a case settled in March.
    _visit(c["c8"], "2026-03-11", satisfaction="fairly_satisfied")
    # b1 is street B's: neither its visit nor its rating count for street A.
    _visit(c["b1"], "2026-03-16", satisfaction="dissatisfied")
    data = figures_of(street_a(march.town))
    assert value(data, "followed_up") == 2
    assert value(data, "follow_up_rate") == pytest.approx(2 / 3)
    # March ratings in street A: c1 satisfied, c12 dissatisfied, c8 fairly satisfied.
    assert value(data, "ratings") == 3
    assert value(data, "ratings_satisfied") == 2
    assert value(data, "satisfaction_rate") == pytest.approx(2 / 3)
    april = figures_of(street_a(march.town), month=date(2026, 4, 1))
    assert value(april, "ratings") == 1 and value(april, "satisfaction_rate") == 1.0
    assert value(april, "follow_up_rate") is None  # nothing settled in April: "—"
    listed = figure_cases(
        user=march.town.a.supervisor,
        jurisdiction=street_a(march.town),
        month=MARCH,
        figure="followed_up",
    )
    assert {case.pk for case in listed} == {c["c1"].pk, c["c12"].pk}


def test_by_mediator(march):
    town = march.town
    data = figures_of(street_a(town))
    rows = {row["pk"]: row for row in data["by_mediator"]}
    # The grid mediator settled c1 (12 days) and c12 (36 days); c2 went to the specialist
    # after its escalation ended the grid mediator's assignment. Open at the end: c5, c6.
    assert rows[town.a.grid_mediator.pk]["settled"] == 2
    assert rows[town.a.grid_mediator.pk]["average_days"] == pytest.approx(24)
    assert rows[town.a.grid_mediator.pk]["workload"] == 2
    assert rows[town.a.specialist.pk]["settled"] == 1
    assert rows[town.a.specialist.pk]["average_days"] == pytest.approx(17)
    assert rows[town.a.specialist.pk]["workload"] == 0


def test_a_district_counts_each_case_once_in_its_own_street(march):
    town = march.town
    district = Jurisdiction("district", town.a.street.district_id, "区")
    data = figures_of(district)
    assert value(data, "received") == 7 + 1  # street A's seven and b1
    assert value(data, "settled") == 3 + 1
    children = {row["pk"]: row for row in data["children"]}
    assert children[town.a.street.pk]["received"] == 7
    assert children[town.b.street.pk]["received"] == 1
    assert children[town.b.street.pk]["settlement_rate"] == 1
    assert sum(row["received"] for row in data["children"]) == value(data, "received")


def test_a_month_with_nothing_to_divide_shows_no_rate(march):
    data = figures_of(street_a(march.town), month=date(2025, 6, 1))
    assert value(data, "received") == 0
    for key in ("settlement_rate", "grid_share", "within_deadline_share", "performance_rate"):
        assert value(data, key) is None, key
    assert value(data, "days_median") is None


def test_the_trend_covers_twelve_months(march):
    for month in (date(2026, 1, 1), date(2026, 2, 1)):
        rollup_refresh(month=month)
    data = figures_of(street_a(march.town))
    trend = {row["month"]: row for row in data["trend"]}
    assert [*trend][:1] == ["2025-04"] and [*trend][-1:] == ["2026-03"]
    # January: c6, c8, c12 registered. c8 was settled on the 20th but reopened in March:
    # a reopened case counts by its latest conclusion, so January no longer counts it.
    assert trend["2026-01"]["received"] == 3
    assert trend["2026-01"]["settled"] == 0
    assert trend["2026-02"]["received"] == 1  # c1
    assert trend["2026-03"]["settlement_rate"] == pytest.approx(3 / 4)


@pytest.mark.parametrize(
    "key,expected",
    [
        ("received", {"c2", "c3", "c4", "c5", "c7", "c10", "c11"}),
        ("settled", {"c1", "c2", "c12"}),
        ("settled_within_deadline", {"c1", "c2"}),
        ("open_at_end", {"c5", "c6", "c7", "c8", "c10"}),
        ("overdue_at_end", {"c6"}),
        ("escalated_from_grid", {"c2"}),
        ("reopened", {"c8"}),
        ("obligations_unperformed", {"c1"}),
    ],
)
def test_the_list_behind_a_figure_holds_the_cases_it_counts(march, key, expected):
    town = march.town
    names = {case.pk: name for name, case in march.cases.items()}
    cases = figure_cases(
        user=town.a.supervisor, jurisdiction=street_a(town), month=MARCH, figure=key
    )
    assert {names[c.pk] for c in cases} == expected


def test_percentile_matches_percentile_cont():
    assert percentile([], 0.5) is None
    assert percentile([(5, 1)], 0.9) == 5
    assert percentile([(1, 1), (2, 1), (3, 1), (4, 1)], 0.5) == 2.5
    assert percentile([(10, 3), (20, 1)], 0.5) == 10


def test_hotspots_are_compounds_whose_complaints_rise():
    assert is_hotspot(3, 0) is True  # three this month, none before
    assert is_hotspot(2, 0) is False  # too few to call
    assert is_hotspot(7, 4) is True  # more than 1.5 × 4 = 6
    assert is_hotspot(6, 4) is False  # exactly 1.5 times is not yet rising
