"""`make bench`: the city-scale benchmark.

Seeds (or reuses) a PostgreSQL database with N cases, starts the app under gunicorn with the
production settings, drives it with locust (headless) as logged-in users of each role, and
prints each figure against its target. Results go to var/bench/results.json; copy the table
into docs/performance.md with the machine and the date.

    python bench/run.py                      # 1,000,000 cases, every scenario
    python bench/run.py --cases 100000 --only inbox case_page
    python bench/run.py --skip-seed          # reuse the database as it is
"""

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VAR = ROOT / "var" / "bench"
PY = str(ROOT / ".venv" / "bin" / "python")
PORT = int(os.environ.get("BENCH_PORT", "8900"))
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tiaojie_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
WARM_UP_SECONDS = 10


def env(**extra) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": DB_URL,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": "bench",
        "SECRET_KEY": "bench-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "CONN_MAX_AGE": "60",
        # The benchmark submits complaints from one address: the per-IP limits are off for it.
        "RATE_LIMITS_ENABLED": "false",
        **extra,
    }


def manage(*args, settings="config.settings.local", **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env(DJANGO_SETTINGS_MODULE=settings),
        check=True,
        **kwargs,
    )


def case_count() -> int:
    out = (
        manage(
            "shell",
            "-c",
            "from cases.models import Case; print(Case.objects.count())",
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()
    )
    return int(out[-1]) if out else 0


def ensure_data(cases: int, skip_seed: bool) -> dict:
    import psycopg

    name = DB_URL.rsplit("/", 1)[1]
    admin = psycopg.connect(DB_URL.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if not exists:
            cursor.execute(f'CREATE DATABASE "{name}"')
    manage("migrate", "--noinput", "-v", "0")
    have = case_count()
    seeding = {"cases": have, "seconds": None}
    if skip_seed or have >= cases:
        print(f"Reusing {have:,} cases in {name}.")
        return seeding
    if have:
        print(f"{name} has {have:,} cases, fewer than {cases:,}: recreating it.")
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
        manage("migrate", "--noinput", "-v", "0")
    print(f"Seeding {cases:,} cases (seed_demo --cases {cases}) ...", flush=True)
    started = time.monotonic()
    manage("seed_demo", "--cases", str(cases), "--quiet-logins")
    seeding = {"cases": cases, "seconds": round(time.monotonic() - started, 1)}
    print(f"Seeded in {seeding['seconds']:.0f} s.")
    # What autovacuum does on a server that has been running (it is off on some machines, this
    # one's included): statistics, and the visibility map that lets an index-only scan skip the
    # table. Freshly copied tables have neither.
    with psycopg.connect(DB_URL, autocommit=True) as database:
        database.execute("VACUUM (ANALYZE)")
        # The seed and the vacuum leave gigabytes of written pages for PostgreSQL and the
        # kernel to flush; flushed now, they are not flushed under the first scenarios.
        database.execute("CHECKPOINT")
    os.sync()
    return seeding


def warm_database() -> None:
    """Read the database's tables and indexes into the operating system's cache, where a
    server that has been in service holds its working set. Without it the first minutes of a
    run on a freshly seeded or freshly booted machine measure the disk (a case page p95 of
    700 ms instead of 70), and which pages happen to be cached decides the figures."""
    import psycopg

    started = time.monotonic()
    with psycopg.connect(DB_URL, autocommit=True) as database:
        try:
            database.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        except psycopg.Error as error:
            print(f"Not warming the database (pg_prewarm: {error}); the first figures are cold.")
            return
        blocks = database.execute(
            "SELECT sum(pg_prewarm(c.oid, 'read')) FROM pg_class c "
            "WHERE c.relkind IN ('r', 'i', 't') "
            "AND c.relnamespace IN ('public'::regnamespace, 'pg_toast'::regnamespace)"
        ).fetchone()[0]
    print(
        f"Read {blocks * 8 / 1024:,.0f} MB of tables and indexes into the OS cache "
        f"in {time.monotonic() - started:.0f} s."
    )


def prepare_fixtures() -> Path:
    """Sessions for each role and sample ids, written where the locustfile reads them."""
    VAR.mkdir(parents=True, exist_ok=True)
    target = VAR / "fixtures.json"
    manage("shell", "-c", f"import bench.fixtures as f; f.write({str(target)!r})")
    return target


def start_server() -> subprocess.Popen:
    manage("collectstatic", "--noinput", "-v", "0", settings="config.settings.production")
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi:application",
            "-c",
            "config/gunicorn.conf.py",
        ],
        cwd=ROOT,
        # the production configuration (config/gunicorn.conf.py), on the benchmark's port, its
        # workers and threads overridable to compare layouts (BENCH_WORKERS, BENCH_THREADS)
        env=env(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            GUNICORN_BIND=f"127.0.0.1:{PORT}",
            GUNICORN_ACCESS_LOG="",
            GUNICORN_LOG_LEVEL="warning",
            **{
                name: os.environ[bench_name]
                for name, bench_name in (
                    ("WEB_CONCURRENCY", "BENCH_WORKERS"),
                    ("GUNICORN_THREADS", "BENCH_THREADS"),
                )
                if bench_name in os.environ
            },
        ),
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    os.killpg(server.pid, signal.SIGTERM)
    raise SystemExit("gunicorn did not start")


def run_locust(scenario, fixtures: Path, duration: int, *, label: str = "") -> dict:
    return locust([scenario.user_class], scenario.users, fixtures, duration, label or scenario.name)


def locust(
    user_classes: list[str], users: int, fixtures: Path, seconds: int, label: str, **env
) -> dict:
    """Run locust headless with these user classes; its figures by request name."""
    out = VAR / label
    subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--only-summary",
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{seconds}s",
            "--host",
            f"http://127.0.0.1:{PORT}",
            "--csv",
            str(out),
            *user_classes,
        ],
        cwd=ROOT,
        env={**os.environ, "BENCH_FIXTURES": str(fixtures), **env},
        check=False,
        capture_output=True,
    )
    return read_stats(out)


def read_stats(prefix: Path) -> dict:
    import csv

    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    stats = {}
    for row in rows:
        if row["Name"] == "Aggregated":
            continue
        stats[row["Name"]] = {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "median_ms": float(row["Median Response Time"] or 0),
            "p95_ms": float(row["95%"] or 0),
            "rps": float(row["Requests/s"] or 0),
        }
    return stats


def main() -> None:
    from bench.scenarios import SCENARIOS

    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=60, help="seconds per scenario")
    parser.add_argument("--only", nargs="*", default=None, help="scenario names")
    parser.add_argument("--skip-seed", action="store_true")
    args = parser.parse_args()

    seeding = ensure_data(args.cases, args.skip_seed)
    warm_database()
    speed_before = cpu_speed()
    fixtures = prepare_fixtures()
    server = start_server()
    results = []
    try:
        for scenario in SCENARIOS:
            if args.only and scenario.name not in args.only:
                continue
            print(f"… {scenario.name} ({args.duration} s, {scenario.users} users)", flush=True)
            # A short unrecorded run first: every gunicorn worker loads its templates, fonts
            # and connections before the figures are taken (a server in service is warm).
            run_locust(scenario, fixtures, WARM_UP_SECONDS, label=f"warmup-{scenario.name}")
            stats = run_locust(scenario, fixtures, args.duration)
            results.extend(scenario.judge(stats))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    if not args.only or "pdf" in args.only:
        print("… PDF documents (bench/pdf_bench.py)", flush=True)
        results.extend(pdf_figures())
    speed = {"before_ms": speed_before, "after_ms": cpu_speed()}
    print_table(results, seeding, args)
    print(
        f"CPU yardstick (a fixed pure-Python loop, median of 5): {speed['before_ms']:.0f} ms "
        f"before, {speed['after_ms']:.0f} ms after; compare runs only at a similar yardstick."
    )
    (VAR / "results.json").write_text(
        json.dumps(
            {"seeding": seeding, "results": results, "machine": machine(), "cpu_speed": speed},
            ensure_ascii=False,
            indent=2,
        )
    )
    if any(not r["pass"] for r in results):
        sys.exit(1)


def pdf_figures(renders: int = 200) -> list[dict]:
    """The agreement issue's figures (warm worker, its own throwaway database), judged here."""
    out = VAR / "pdf.json"
    subprocess.run(
        [PY, str(ROOT / "bench" / "pdf_bench.py"), "--renders", str(renders), "--json", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    data = json.loads(out.read_text())
    rows = []
    for key, figure, target_ms in (
        ("agreement", "PDF: two-page agreement", 150),
        ("case_file", "PDF: case file, 50 entries", 1000),
    ):
        f = data[key]
        rows.append(
            {
                "figure": figure,
                "target": f"median < {target_ms} ms",
                "requests": 1,
                "failures": 0,
                "rps": 0.0,
                **f,
                "pass": f["median_ms"] < target_ms,
            }
        )
    rows.append(
        {
            "figure": f"PDF: memory over {data['renders']} renders",
            "target": "growth < 10 MB",
            "requests": 1,
            "failures": 0,
            "rps": 0.0,
            "median_ms": 0.0,
            "p95_ms": 0.0,
            "growth_mb": data["memory_growth_mb"],
            "pass": data["memory_growth_mb"] < 10,
        }
    )
    return rows


def cpu_speed() -> float:
    """Milliseconds for a fixed pure-Python loop: this VM's cores run at different speeds from
    hour to hour (by half), and the figures above move with them."""
    times = []
    for _ in range(5):
        started = time.perf_counter()
        sum(i * i for i in range(2_000_000))
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)[2]


def machine() -> dict:
    return {
        "cpu": subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip() + " cores",
        "platform": platform.platform(),
        "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%d"),
    }


def print_table(results: list[dict], seeding: dict, args) -> None:
    print()
    print(
        f"Cases: {seeding['cases']:,}"
        + (f" (seeded in {seeding['seconds']:.0f} s)" if seeding["seconds"] else "")
    )
    header = f"{'figure':<34} {'target':<22} {'median':>9} {'p95':>9} {'rate':>9}  result"
    print(header)
    print("-" * len(header))
    for r in results:
        verdict = "PASS" if r["pass"] else "FAIL"
        if "growth_mb" in r:
            print(
                f"{r['figure']:<34} {r['target']:<22} {r['growth_mb']:>+8.1f}MB {'':>29}  {verdict}"
            )
            continue
        print(
            f"{r['figure']:<34} {r['target']:<22} {r['median_ms']:>7.0f}ms {r['p95_ms']:>7.0f}ms "
            f"{r['rps']:>7.1f}/s  {verdict}"
        )


if __name__ == "__main__":
    main()
