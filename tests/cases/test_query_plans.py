"""The hot pages' queries use their indexes (issue 9): on a case table seeded with 20,000 rows
by the same bulk writer as `seed_demo --cases N`, and analysed, PostgreSQL's plan for every
query of the inbox, a case page, the ledger, the dashboard and the tracking lookup that reads
the case table is not a sequential scan of it. The million-case timings are bench/run.py's
job; this keeps a query shape that would need a full scan from landing unnoticed."""

import random
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.categories import categories_ensure_defaults
from cases.demo import seed_bulk
from cases.models import Case, Party
from core.management.commands.seed_demo import DemoContext
from reports.services.rollups import rollup_months_to_refresh, rollup_refresh
from tests.conftest import build_street, needs_postgres

pytestmark = [pytest.mark.django_db, needs_postgres]

BIG_TABLES = ("cases_case", "cases_party", "cases_caseevent")


@pytest.fixture
def seeded(town):
    """The town's two streets among twenty (the others in districts of their own), so that a
    street or a district is a small part of the table, as in a city."""
    streets = [town.a, town.b] + [build_street() for _ in range(18)]
    ctx = DemoContext(rng=random.Random(9), options={})
    ctx.streets = [s.street for s in streets]
    ctx.compounds = [s.compound for s in streets]
    for s in streets:
        ctx.grid_teams[s.grid.pk] = s.grid_team
        ctx.specialist_teams[s.street.pk] = s.specialist_team
        ctx.centres[s.street.pk] = s.centre
    with transaction.atomic():  # as seed_demo does: its rows refer to each other
        # as seed_demo does too: a transactional test before this one may have emptied the
        # categories the migrations load
        categories_ensure_defaults()
        seed_bulk(ctx, 20_000, days=365 * 5)
    with connection.cursor() as cursor:
        for table in BIG_TABLES:
            cursor.execute(f"ANALYZE {table}")
    return town


def _plans(queries) -> list[tuple[str, str]]:
    plans = []
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT") or not any(
                f'"{t}"' in sql for t in BIG_TABLES
            ):
                continue
            cursor.execute("EXPLAIN " + sql)
            plans.append((sql, "\n".join(row[0] for row in cursor.fetchall())))
    return plans


def _assert_no_full_scan(queries) -> int:
    plans = _plans(queries)
    for sql, plan in plans:
        for table in BIG_TABLES:
            assert not re.search(rf"Seq Scan on {table}\b", plan), f"{sql}\n\n{plan}"
    return len(plans)


def _captured(client, method: str, url: str, data=None):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302), (url, response.status_code)
    return captured.captured_queries


def test_the_inbox_and_a_case_page_read_by_index(client, seeded):
    client.force_login(seeded.a.grid_worker)
    assert _assert_no_full_scan(_captured(client, "get", reverse("cases:inbox"))) >= 2
    overdue = _captured(client, "get", reverse("cases:inbox"), {"view": "overdue"})
    assert _assert_no_full_scan(overdue) >= 2
    case = Case.objects.filter(team=seeded.a.grid_team).order_by("-registered_at").first()
    assert _assert_no_full_scan(_captured(client, "get", reverse("cases:detail", args=[case.pk])))


def test_the_ledger_and_dashboard_read_by_index(client, seeded):
    for month in rollup_months_to_refresh(months=13):  # the nightly job's work
        rollup_refresh(month=month)
    client.force_login(seeded.district_supervisor)
    assert _assert_no_full_scan(_captured(client, "get", reverse("reports:ledger"))) >= 2
    filtered = _captured(client, "get", reverse("reports:ledger"), {"status": "closed"})
    assert _assert_no_full_scan(filtered) >= 2
    # the dashboard reads the monthly roll-ups, and the case table only for the open cases
    _assert_no_full_scan(_captured(client, "get", reverse("reports:dashboard")))


@pytest.mark.django_db(transaction=True)
def test_a_filtered_ledger_can_count_and_pick_its_page_from_the_index_alone(client, seeded):
    """The district's ledger filtered by category and status: its page reads the page's ids in
    a subquery, then those rows by id; the bounded count and that subquery are answered by an
    index-only scan of the covering index (case_district_ledger), as at a million cases
    (docs/performance.md). A filtered column missing from the index makes it a bitmap scan of
    two indexes that visits the table."""
    with connection.cursor() as cursor:
        # the visibility map, which an index-only scan needs and autovacuum keeps (only a
        # committed table can be vacuumed: this test commits, and the database is emptied after)
        cursor.execute("VACUUM ANALYZE cases_case")
    client.force_login(seeded.district_supervisor)
    category = Case.objects.values_list("category__code", flat=True).first()
    queries = _captured(
        client, "get", reverse("reports:ledger"), {"category": category, "status": "closed"}
    )
    _assert_no_full_scan(queries)
    reads = [q["sql"] for q in queries if 'FROM "cases_case"' in q["sql"]]
    counts = [sql for sql in reads if sql.startswith("SELECT COUNT(*)")]
    pages = [sql for sql in reads if '"cases_case"."id" IN (SELECT' in sql]
    assert len(counts) == 1 and len(pages) == 1, reads
    with connection.cursor() as cursor:
        for sql in counts + pages:
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Index Only Scan using case_district_ledger" in plan, plan


def test_the_tracking_lookup_reads_by_index(client, seeded):
    filer = Party.objects.filter(is_filer=True).exclude(mobile="").select_related("case").first()
    queries = _captured(
        client,
        "post",
        reverse("intake:track"),
        {"code": filer.case.tracking_code, "mobile_last4": filer.mobile[-4:]},
    )
    assert _assert_no_full_scan(queries) >= 1
