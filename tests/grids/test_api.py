"""The geography API: staff read their jurisdiction; the public compound search behind the
complaint form's picker is fast over a large table, bounded and throttled."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grids.models import Compound
from grids.selectors import compound_search
from tests.conftest import build_street, needs_postgres
from tests.factories.grids import CompoundFactory, PropertyCompanyFactory

SEARCH = "/api/compounds/search/"


def test_the_search_is_public_and_returns_what_the_picker_needs(client, town):
    c = town.a.compound
    response = client.get(SEARCH, {"q": c.name})
    assert response.status_code == 200
    assert response.json() == [
        {
            "code": c.code,
            "name": c.name,
            "address": c.address,
            "street": c.street.name,
            "street_code": c.street.code,
            "property_company": c.property_company.name,
        }
    ]


def test_the_search_matches_words_of_the_address_and_the_code(client, town):
    c = CompoundFactory(name="阳光花园", address="闵行区浦江镇江月路1288弄", grid=town.a.grid)
    CompoundFactory(name="阳光家园", address="闵行区梅陇镇景洪路8号")
    assert [r["code"] for r in client.get(SEARCH, {"q": "江月路 1288"}).json()] == [c.code]
    assert [r["code"] for r in client.get(SEARCH, {"q": c.code}).json()] == [c.code]
    names = [r["name"] for r in client.get(SEARCH, {"q": "阳光"}).json()]
    assert sorted(names) == ["阳光家园", "阳光花园"]


def test_the_best_match_comes_first(client, db):
    by_address = CompoundFactory(name="碧海苑", address="锦华路10号")
    inside = CompoundFactory(name="新锦华苑", address="江月路1号")
    starts = CompoundFactory(name="锦华苑", address="江月路2号")
    results = [r["code"] for r in client.get(SEARCH, {"q": "锦华"}).json()]
    assert results == [starts.code, inside.code, by_address.code]


def test_results_are_bounded(client, db):
    company = PropertyCompanyFactory()
    for i in range(25):
        CompoundFactory(name=f"星河湾{i:02d}期", property_company=company)
    assert len(client.get(SEARCH, {"q": "星河湾"}).json()) == 20


def test_an_empty_or_silly_query_returns_nothing(client, town):
    assert client.get(SEARCH).json() == []
    assert client.get(SEARCH, {"q": "   "}).json() == []
    assert client.get(SEARCH, {"q": "%"}).json() == []  # LIKE wildcards are escaped
    assert client.get(SEARCH, {"q": "x" * 5000}).status_code == 200


def test_the_search_is_throttled_for_anonymous_callers(client, town, settings):
    # A cache of this test's own: the shared Redis database may be flushed by another
    # checkout's test run at any moment on a developer's machine.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    codes = [client.get(SEARCH, {"q": "花园"}).status_code for _ in range(61)]
    assert codes[:60] == [200] * 60
    assert codes[60] == 429


def test_the_search_costs_one_query(client, town, django_assert_num_queries):
    for i in range(30):
        CompoundFactory(name=f"测试{i}花园")
    with django_assert_num_queries(1):  # the compounds with their streets and companies
        client.get(SEARCH, {"q": "花园"})


@needs_postgres
def test_the_search_uses_the_trigram_indexes_on_postgresql(db):
    """Five thousand compounds, a county's worth: the planner answers a name or address
    query from the pg_trgm GIN indexes of migration grids/0003, not by reading the table."""
    street = build_street().street
    company = PropertyCompanyFactory()
    heads, tails = (
        "馨悦锦华御翠金银滨江月湖景阳光绿城紫荷春秋枫桃李兰桂梅竹松柏碧海星宸",
        ["苑", "花园", "家园", "华庭", "雅居", "新村"],
    )
    rows = [
        Compound(
            street=street,
            code=f"T{i:05d}",
            name=f"{heads[i % len(heads)]}{heads[(i // len(heads)) % len(heads)]}{tails[i % len(tails)]}{i}",
            address=f"测试路{i}弄",
            property_company=company,
        )
        for i in range(5000)
    ]
    Compound.objects.bulk_create(rows, batch_size=2000)
    with connection.cursor() as cursor:
        # Rows inserted into a GIN index wait in its pending list until autovacuum merges
        # them; the planner prices that list as a scan, so merge it now as autovacuum would.
        cursor.execute(
            "SELECT gin_clean_pending_list('grids_compound_name_trgm'),"
            " gin_clean_pending_list('grids_compound_address_trgm')"
        )
        cursor.execute("ANALYZE grids_compound")
    query = rows[95].name[:4]  # four characters of a name: as residents type
    with CaptureQueriesContext(connection) as captured:
        results = compound_search(query)
    assert results and all(query in c.name for c in results)
    sql = captured.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "grids_compound_name_trgm" in plan, plan
    assert "grids_compound_address_trgm" in plan, plan
    assert "Seq Scan on grids_compound" not in plan, plan


# --- the staff geography API ---------------------------------------------------------------


def test_geography_is_read_by_staff_within_their_jurisdiction(client, town, outsider):
    assert client.get("/api/compounds/").status_code in (401, 403)
    client.force_login(outsider)
    assert client.get("/api/compounds/").status_code == 403
    client.force_login(town.b.supervisor)
    codes = {c["code"] for c in client.get("/api/compounds/").json()["results"]}
    assert codes == {town.b.compound.code, town.b.uncovered_compound.code}
    assert client.get(f"/api/compounds/{town.a.compound.code}/").status_code == 404
    assert client.get(f"/api/streets/{town.b.street.code}/").json()["name"] == town.b.street.name


def test_compounds_filter_by_street_grid_and_placement(client, town):
    unplaced = CompoundFactory(grid=None, street=town.a.street)
    client.force_login(town.district_supervisor)
    data = client.get("/api/compounds/", {"street": town.a.street.code, "unplaced": "true"}).json()
    assert [c["code"] for c in data["results"]] == [unplaced.code]
    data = client.get("/api/compounds/", {"grid": town.a.grid.code}).json()
    assert [c["code"] for c in data["results"]] == [town.a.compound.code]


def test_the_api_is_read_only(client, town):
    client.force_login(town.a.lead)
    # refused before the method is even looked at: no role group may add or delete here
    assert client.post("/api/compounds/", {"code": "X"}).status_code in (403, 405)
    assert client.delete(f"/api/compounds/{town.a.compound.code}/").status_code in (403, 405)
    assert Compound.objects.filter(code=town.a.compound.code).exists()


@pytest.mark.parametrize(
    "url, queries",
    [
        # session, user, permissions of the user and of their groups; scope: memberships,
        # jurisdictions, expert profile; then the rows with what they show
        ("/api/districts/", 8),
        ("/api/streets/", 9),  # + the streets of the district
        ("/api/communities/", 9),
        ("/api/grids/", 9),
        ("/api/compounds/", 9),
        ("/api/property-companies/", 10),  # + their contacts
    ],
)
def test_geography_lists_cost_a_fixed_number_of_queries(
    client, town, django_assert_num_queries, url, queries
):
    client.force_login(town.district_supervisor)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    build_street(district=town.a.street.district)
    client.force_login(town.district_supervisor)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_the_schema_documents_the_endpoints(client, town):
    client.force_login(town.a.lead)
    schema = client.get("/api/schema/").content.decode()
    for path in [
        "/api/compounds/search/",
        "/api/teams/{id}/",
        "/api/experts/",
        "/api/duty-now/",
        "/api/streets/{code}/",
    ]:
        assert path in schema, path
