"""The list of cases behind a figure: the figure's own filter, within the jurisdiction, among
the cases the user may see; another street's supervisor gets a 404 whatever link they forge."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.services.rollups import rollup_refresh

from .conftest import MARCH

pytestmark = pytest.mark.django_db

URL = reverse("reports:cases")


def _refs(response) -> set[str]:
    return {case.reference for case in response.context["page"].object_list}


def test_the_settled_cases_of_the_street(client, march):
    town, cases = march.town, march.cases
    client.force_login(town.a.supervisor)
    response = client.get(
        URL, {"figure": "settled", "street": town.a.street.pk, "month": "2026-03"}
    )
    assert response.status_code == 200
    assert _refs(response) == {cases[k].reference for k in ("c1", "c2", "c12")}
    assert "当月达成协议办结的案件" in response.content.decode()  # the definition is shown


def test_the_list_agrees_with_the_figure(client, march):
    town = march.town
    rollup_refresh(month=MARCH)
    client.force_login(town.district_supervisor)
    for key in ("received", "settled", "open_at_end", "overdue_at_end", "reopened"):
        page = client.get(
            URL, {"figure": key, "district": town.a.street.district_id, "month": "2026-03"}
        )
        dash = client.get(
            reverse("reports:dashboard"),
            {"district": town.a.street.district_id, "month": "2026-03"},
        )
        shown = dash.context["shown"]["data"]["figures"][key]["value"]
        assert page.context["page"].paginator.count == shown, key


def test_sub_filters_by_category_compound_and_mediator(client, march):
    town, cases = march.town, march.cases
    client.force_login(town.a.supervisor)
    base = {"street": town.a.street.pk, "month": "2026-03"}
    by_mediator = client.get(
        URL, {**base, "figure": "settled", "mediator": town.a.grid_mediator.pk}
    )
    assert _refs(by_mediator) == {cases["c1"].reference, cases["c12"].reference}
    workload = client.get(
        URL, {**base, "figure": "open_at_end", "mediator": town.a.grid_mediator.pk}
    )
    assert _refs(workload) == {cases["c5"].reference, cases["c6"].reference}
    by_category = client.get(URL, {**base, "figure": "received", "category": "repairs"})
    assert _refs(by_category) == set()
    by_compound = client.get(URL, {**base, "figure": "received", "compound": town.a.compound.pk})
    assert len(_refs(by_compound)) == 7


@pytest.mark.parametrize(
    "params",
    [
        lambda t: {"street": t.a.street.pk},
        lambda t: {"grid": t.a.grid.pk},
        lambda t: {"district": t.a.street.district_id},
    ],
)
def test_another_streets_supervisor_cannot_list_its_cases(client, march, params):
    town = march.town
    client.force_login(town.b.supervisor)
    response = client.get(URL, {"figure": "received", "month": "2026-03", **params(town)})
    assert response.status_code == 404


def test_a_compound_of_another_street_lists_nothing(client, march):
    """A forged compound filter cannot reach past the jurisdiction."""
    town = march.town
    client.force_login(town.b.supervisor)
    response = client.get(
        URL,
        {
            "figure": "received",
            "street": town.b.street.pk,
            "compound": town.a.compound.pk,
            "month": "2026-03",
        },
    )
    assert response.status_code == 200
    assert _refs(response) == set()


def test_an_unknown_figure_is_not_found(client, march):
    client.force_login(march.town.a.supervisor)
    assert client.get(URL, {"figure": "settlement_rate"}).status_code == 404
    assert client.get(URL, {"figure": "nope"}).status_code == 404


def test_the_list_takes_a_fixed_number_of_queries(client, march):
    town = march.town
    client.force_login(town.a.supervisor)
    params = {"figure": "received", "street": town.a.street.pk, "month": "2026-03"}
    client.get(URL, params)
    with CaptureQueriesContext(connection) as first:
        client.get(URL, params)
    with CaptureQueriesContext(connection) as second:
        client.get(URL, {**params, "figure": "open_at_end"})
    # the rows come with their category, compound, street, grid and team: no query per row
    assert len(first) == len(second)
