"""Where one page's time goes, in process: the benchmark's pages requested one after another
through Django's test client with the production settings on the benchmark's database (the
sessions and sample ids of var/bench/fixtures.json, written by bench/run.py).

    python bench/profile_page.py case_page            # median and p95, queries, database time
    python bench/profile_page.py ledger -n 200 --queries  # ... and each query's median time
    python bench/profile_page.py inbox --cprofile 25  # ... and the 25 costliest functions
    python bench/profile_page.py case_page --templates  # ... and each template's own time

The figures are one request at a time, without gunicorn, locust or other users: they say what a
change saves, not what the load test will measure.
"""

import argparse
import cProfile
import json
import os
import pstats
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import VAR, env  # noqa: E402

PAGES = {
    # page: (role, a function of the fixtures and a random source giving the address)
    "inbox": ("mediator", lambda f, r: "/cases/"),
    "inbox_overdue": ("mediator", lambda f, r: "/cases/?view=overdue"),
    "case_page": ("mediator", lambda f, r: f"/cases/{r.choice(f['mediator_cases'])}/"),
    "dashboard": (
        "district_supervisor",
        lambda f, r: f"/reports/?district={f['district_id']}&month={r.choice(f['months'])}",
    ),
    "ledger": ("district_supervisor", lambda f, r: "/reports/ledger/"),
    "ledger_filtered": (
        "district_supervisor",
        lambda f, r: f"/reports/ledger/?category={r.choice(f['category_codes'])}&status=closed",
    ),
}


def setup_django() -> None:
    os.environ.update(env(DJANGO_SETTINGS_MODULE="config.settings.production"))
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("page", choices=sorted(PAGES))
    parser.add_argument("-n", type=int, default=100, help="requests measured (after 10 unmeasured)")
    parser.add_argument("--queries", action="store_true", help="each query's median time")
    parser.add_argument("--cprofile", type=int, default=0, metavar="N", help="top N functions")
    parser.add_argument("--templates", action="store_true", help="each template's own time")
    args = parser.parse_args()

    fixtures = json.loads((VAR / "fixtures.json").read_text(encoding="utf-8"))
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    role, address = PAGES[args.page]
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = fixtures["sessions"][role]
    rng = random.Random(7)

    db_time = [0.0]
    per_query: dict[str, list[float]] = defaultdict(list)
    counts: list[int] = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - started
            db_time[0] += spent
            counts[-1] += 1
            per_query[sql[:120]].append(spent)

    for _ in range(10):
        client.get(address(fixtures, rng))
    template_times = time_templates() if args.templates else None
    walls, dbs = [], []
    profiler = cProfile.Profile() if args.cprofile else None
    with connection.execute_wrapper(timed):
        for _ in range(args.n):
            path = address(fixtures, rng)
            counts.append(0)
            db_time[0] = 0.0
            started = time.perf_counter()
            if profiler:
                profiler.enable()
            response = client.get(path)
            if profiler:
                profiler.disable()
            walls.append((time.perf_counter() - started) * 1000)
            dbs.append(db_time[0] * 1000)
            if response.status_code != 200:
                sys.exit(f"{path}: {response.status_code}")

    walls.sort()
    p95 = walls[int(len(walls) * 0.95) - 1]
    print(
        f"{args.page} ({role}), {args.n} requests: median {statistics.median(walls):.1f} ms, "
        f"p95 {p95:.1f} ms; database {statistics.median(dbs):.1f} ms; "
        f"queries {min(counts)}–{max(counts)}"
    )
    if args.queries:
        # by the time they cost a request in all: a query's median times how often it ran
        for key, spent in sorted(per_query.items(), key=lambda kv: -sum(kv[1])):
            share = sum(spent) * 1000 / args.n
            print(
                f"  {share:5.2f} ms/request  median {statistics.median(spent) * 1000:5.2f} ms"
                f"  ×{len(spent):4d}  {key}"
            )
    if template_times:
        # a template's own time excludes the templates it includes (queries it runs are in it)
        for name, (own, calls) in sorted(template_times.items(), key=lambda kv: -kv[1][0]):
            print(f"  {own * 1000 / args.n:5.2f} ms/request  ×{calls / args.n:5.1f}  {name}")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.cprofile)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.cprofile)


def time_templates() -> dict[str, list]:
    """Wrap Template._render (the top template and each {% include %}) to add up, per template,
    the time spent in it less the time of the templates inside it: name -> [seconds, calls]."""
    from django.template.base import Template

    totals: dict[str, list] = defaultdict(lambda: [0.0, 0])
    inner = [0.0]  # time of nested templates, per level
    original = Template._render

    def _render(self, context):
        inner.append(0.0)
        started = time.perf_counter()
        try:
            return original(self, context)
        finally:
            spent = time.perf_counter() - started
            nested = inner.pop()
            inner[-1] += spent
            entry = totals[self.origin.template_name or self.name or "?"]
            entry[0] += spent - nested
            entry[1] += 1

    Template._render = _render
    return totals


if __name__ == "__main__":
    main()
