"""The dashboard page: what a supervisor sees, what another street's supervisor may not see
(also through the drill-down links), and a number of queries that does not grow with the
number of cases."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.services.assignment import case_assign
from cases.services.moves import case_accept, case_settle
from reports.jurisdiction import Jurisdiction
from reports.selectors import dashboard
from reports.services.rollups import rollup_refresh
from tests.conftest import _cache_clear
from tests.factories.cases import make_case
from tests.factories.grids import CompoundFactory, GridFactory

from .conftest import MARCH, at

pytestmark = pytest.mark.django_db

URL = reverse("reports:dashboard")


def test_a_street_supervisor_sees_the_figures_of_the_street(client, march):
    town = march.town
    rollup_refresh(month=MARCH)
    client.force_login(town.a.supervisor)
    response = client.get(URL, {"street": town.a.street.pk, "month": "2026-03"})
    assert response.status_code == 200
    html = response.content.decode()
    assert town.a.street.name in html
    assert "75.0%" in html  # the settlement rate: 3 settled of 4 concluded
    assert "调解成功率" in html
    assert f"grid={town.a.grid.pk}" in html  # each grid of the street is a drill-down link
    assert town.b.street.name not in html
    # every figure carries its written definition as a tooltip
    assert 'title="当月调解成功数 ÷ 调结数' in html
    # the open cases are 在办, not the 查看 ("open" a page) of another catalogue
    assert '<span class="label">在办</span>' in html and ">查看</span>" not in html


def test_the_supervisor_lands_on_their_own_street(client, march):
    town = march.town
    client.force_login(town.a.supervisor)
    response = client.get(URL, {"month": "2026-03"})
    assert response.context["jurisdiction"].pk == town.a.street.pk


def test_a_district_supervisor_drills_down_to_streets_and_grids(client, march):
    town = march.town
    rollup_refresh(month=MARCH)
    client.force_login(town.district_supervisor)
    html = client.get(URL, {"month": "2026-03"}).content.decode()
    assert town.a.street.name in html and town.b.street.name in html
    drill = re.findall(r'href="([^"]+)" class="drill-link"', html)
    assert any(f"street={town.a.street.pk}" in link for link in drill)
    street_page = client.get(URL, {"street": town.a.street.pk, "month": "2026-03"})
    assert street_page.status_code == 200
    grid_page = client.get(URL, {"grid": town.a.grid.pk, "month": "2026-03"})
    assert grid_page.status_code == 200
    assert town.a.compound.name in grid_page.content.decode()  # a grid lists its compounds


@pytest.mark.parametrize(
    "params",
    [
        lambda t: {"street": t.a.street.pk},
        lambda t: {"grid": t.a.grid.pk},
        lambda t: {"district": t.a.street.district_id},
        lambda t: {"street": "not-a-number"},
    ],
)
def test_another_streets_supervisor_never_sees_its_figures(client, march, params):
    town = march.town
    client.force_login(town.b.supervisor)
    assert client.get(URL, {**params(town), "month": "2026-03"}).status_code == 404


def test_people_who_supervise_nothing_are_refused(client, march):
    town = march.town
    client.force_login(town.a.grid_mediator)
    assert client.get(URL).status_code == 403
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_bad_or_future_month_is_explained_next_to_the_picker(client, march):
    client.force_login(march.town.a.supervisor)
    response = client.get(URL, {"month": "2026-13"})
    assert response.status_code == 200
    assert "请按“年-月”填写月份" in response.content.decode()
    response = client.get(URL, {"month": "2099-01"})
    assert "尚未开始的月份没有统计数据" in response.content.decode()


def test_a_month_never_counted_is_counted_on_first_view(client, march):
    client.force_login(march.town.a.supervisor)
    response = client.get(URL, {"month": "2026-03"})
    assert "75.0%" in response.content.decode()  # the eager worker counted March at once
    trend = {row["month"]: row for row in response.context["shown"]["trend"]}
    # and the months of the trend too: January's c6, c8 and c12
    assert trend["2026-01"]["counted"] and trend["2026-01"]["received"] == 3


def _more_cases(town, n: int) -> None:
    """n more cases of March spread over new grids, compounds, categories and mediators."""
    for i in range(n):
        grid = GridFactory(community__street=town.a.street)
        compound = CompoundFactory(grid=grid)
        code = ["fees", "repairs", "parking", "noise"][i % 4]
        with at(f"2026-03-{1 + i % 20:02d}"):
            case = make_case(compound=compound, category_code=code, channel="web")
            case_accept(case_id=case.pk, actor=town.a.lead)
            case_assign(case_id=case.pk, actor=town.a.lead, user=town.a.specialist)
        if i % 2:
            with at(f"2026-03-{2 + i % 20:02d}"):
                case_settle(case_id=case.pk, actor=town.a.specialist, summary="和解")


def _count_queries(client, params) -> int:
    _cache_clear()  # the figures, not the cached copy
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_cases(
    client, march, django_assert_num_queries
):
    town = march.town
    params = {"street": town.a.street.pk, "month": "2026-03"}
    client.force_login(town.a.supervisor)
    rollup_refresh(month=MARCH)
    client.get(URL, params)  # warm the session
    small = _count_queries(client, params)
    _more_cases(town, 12)
    rollup_refresh(month=MARCH)
    assert _count_queries(client, params) == small

    jurisdiction = Jurisdiction("street", town.a.street.pk, town.a.street.name)
    _cache_clear()
    with django_assert_num_queries(10):
        # 1 when the month was counted, 2 the headline sums, 3 the days-to-settle histogram,
        # 4 the grids with their sums, 5 the street's grids (zeros too), 6 by category,
        # 7 the top compounds (this month and the three before), 8 their names, 9 by
        # mediator, 10 the 12-month trend
        data = dashboard(jurisdiction=jurisdiction, month=MARCH)
    assert data["figures"]["received"]["value"] == 7 + 12
    # the same figures again come from the cache: only the months' refresh stamps are read
    with django_assert_num_queries(1):
        assert dashboard(jurisdiction=jurisdiction, month=MARCH) == data
    # counting the month again makes a new key: the new case is in the figures at once
    with at("2026-03-20"):
        make_case(compound=town.a.compound, channel="web")
    rollup_refresh(month=MARCH)
    assert dashboard(jurisdiction=jurisdiction, month=MARCH)["figures"]["received"]["value"] == 20
