"""The supervisors' dashboard at scale: seed N cases on PostgreSQL, count a month's roll-ups,
then time the dashboard of a district for that month and print its figures.

    .venv/bin/python bench/dashboard_bench.py --cases 50000
    .venv/bin/python bench/dashboard_bench.py --skip-seed --runs 50

It uses its own database (BENCH_REPORTS_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/tiaojie_bench_reports), created on first use. What it
times:
- the roll-up job for one month (reports.services.rollups.rollup_refresh), which is what reads
  the case table, in the background every 10 minutes;
- the dashboard's selector alone and the whole page as the district supervisor sees it (Django's
  test client, in process: the server's time without the network), with its number of queries.
Results are written to var/bench/dashboard.json; docs/performance.md records them.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = str(ROOT / ".venv" / "bin" / "python")
DB_URL = os.environ.get(
    "BENCH_REPORTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tiaojie_bench_reports"
)


def _env() -> dict:
    return {
        **os.environ,
        "DATABASE_URL": DB_URL,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    }


def _database(action: str) -> None:
    import psycopg

    name = DB_URL.rsplit("/", 1)[1]
    server = psycopg.connect(DB_URL.rsplit("/", 1)[0] + "/postgres")
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if action == "recreate" and exists:
            cursor.execute(f'DROP DATABASE "{name}"')
            exists = False
        if not exists:
            cursor.execute(f'CREATE DATABASE "{name}"')
    server.close()


def seed(cases: int) -> float:
    _database("recreate")
    subprocess.run([PY, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=_env(), check=True)
    started = time.monotonic()
    subprocess.run(
        [PY, "manage.py", "seed_demo", "--cases", str(cases), "--quiet-logins"],
        cwd=ROOT,
        env=_env(),
        check=True,
    )
    return time.monotonic() - started


def _timed(fn, runs: int) -> dict:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "runs": runs,
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
        "max_ms": round(times[-1], 1),
    }


def measure(runs: int) -> dict:
    os.environ.update(_env())
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cases.models import Case
    from grids.models import District
    from mediators.models import User
    from reports.jurisdiction import Jurisdiction
    from reports.periods import add_months, current_month
    from reports.selectors import dashboard
    from reports.services.rollups import rollup_refresh

    month = add_months(current_month(), -1)
    district = District.objects.order_by("code").first()
    jurisdiction = Jurisdiction("district", district.pk, district.name)
    started = time.perf_counter()
    rollup_refresh(month=month)
    refresh_ms = (time.perf_counter() - started) * 1000

    selector = _timed(lambda: dashboard(jurisdiction=jurisdiction, month=month), runs)
    client = Client()
    client.force_login(User.objects.get(username="supervisor"))
    url = f"/reports/?district={district.pk}&month={month:%Y-%m}"
    assert client.get(url).status_code == 200
    page = _timed(lambda: client.get(url), runs)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    with CaptureQueriesContext(connection) as selector_queries:
        data = dashboard(jurisdiction=jurisdiction, month=month)
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN ANALYZE SELECT SUM(received), SUM(settled) FROM reports_casemonthrollup "
            "WHERE district_id = %s AND month = %s",
            [district.pk, month],
        )
        plan = [row[0] for row in cursor.fetchall()]
    return {
        "date": date.today().isoformat(),
        "machine": f"{platform.node()} · {platform.machine()} · {os.cpu_count()} CPUs · "
        f"{platform.python_implementation()} {platform.python_version()} · "
        f"PostgreSQL {connection.pg_version // 10000}",
        "cases": Case.objects.count(),
        "district": district.name,
        "district_cases": Case.objects.filter(district=district).count(),
        "month": f"{month:%Y-%m}",
        "rollup_refresh_ms": round(refresh_ms, 1),
        "selector": {**selector, "queries": len(selector_queries)},
        "page": {**page, "queries": len(queries)},
        "figures": {
            key: value["value"]
            for key, value in data["figures"].items()
            if not key.startswith("received_")
        },
        "plan_of_the_headline_query": plan,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--skip-seed", action="store_true")
    args = parser.parse_args()
    seeded_in = None
    if not args.skip_seed:
        seeded_in = seed(args.cases)
    result = measure(args.runs)
    result["seed_s"] = round(seeded_in, 1) if seeded_in else None
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "dashboard.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
