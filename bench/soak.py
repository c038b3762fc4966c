"""The soak of issue 10: mixed traffic (mediators, a supervisor, residents tracking and filing
complaints) at about 80 % of the measured capacity for ten minutes, on the benchmark's data
set, under gunicorn with the production settings. Passes when no request fails and the web
workers' memory does not keep growing (the last third of the run grows less than 10 MB).

    .venv/bin/python bench/soak.py [--minutes 10] [--load 0.8]

It first measures the capacity: the same mix with no pause between requests for 30 s.
Results go to var/bench/soak.json; docs/reliability.md records the last run.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import (
    VAR,
    ensure_data,
    locust,
    machine,
    prepare_fixtures,
    start_server,
    warm_database,
)

CLASSES = ["SoakMediator", "SoakSupervisor", "SoakTracking", "SoakComplaint"]
# Locust's users are closed-loop (each waits for its answer): with eight of each kind the
# pace, not the answers, sets the rate at 80 % of the capacity.
USERS = 32


def soak_locust(fixtures: Path, seconds: int, rate_per_user: float, label: str) -> dict:
    return locust(CLASSES, USERS, fixtures, seconds, label, SOAK_RATE_PER_USER=str(rate_per_user))


def rss_mb(root_pid: int) -> float:
    """Resident memory of gunicorn's master and workers together."""
    pids = subprocess.run(
        ["pgrep", "-g", str(os.getpgid(root_pid))], capture_output=True, text=True
    ).stdout.split()
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def totals(stats: dict) -> dict:
    requests = sum(s["requests"] for s in stats.values())
    return {
        "requests": requests,
        "failures": sum(s["failures"] for s in stats.values()),
        "rps": sum(s["rps"] for s in stats.values()),
        "worst_p95_ms": max((s["p95_ms"] for s in stats.values()), default=0),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--load", type=float, default=0.8, help="share of the capacity")
    parser.add_argument("--cases", type=int, default=1_000_000)
    args = parser.parse_args()

    ensure_data(args.cases, skip_seed=True)
    warm_database()
    fixtures = prepare_fixtures()
    server = start_server()
    samples: list[tuple[float, float]] = []
    try:
        soak_locust(fixtures, 10, 1000, "soak-warmup")
        capacity = totals(soak_locust(fixtures, 30, 1000, "soak-capacity"))["rps"]
        rate = capacity * args.load / USERS
        print(f"capacity {capacity:.1f} req/s; soaking at {args.load:.0%}: {rate:.2f}/s per user")
        done = threading.Event()

        def sample() -> None:
            started = time.monotonic()
            while not done.is_set():
                samples.append((time.monotonic() - started, rss_mb(server.pid)))
                done.wait(30)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        stats = soak_locust(fixtures, int(args.minutes * 60), rate, "soak")
        done.set()
        sampler.join()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    third = [mb for t, mb in samples if t >= samples[-1][0] * 2 / 3]
    growth_last_third = third[-1] - third[0] if len(third) > 1 else 0.0
    result = {
        "minutes": args.minutes,
        "capacity_rps": round(capacity, 1),
        "target_rps": round(capacity * args.load, 1),
        **totals(stats),
        "by_request": stats,
        "rss_mb": [(round(t), round(mb, 1)) for t, mb in samples],
        "rss_growth_last_third_mb": round(growth_last_third, 1),
        "machine": machine(),
    }
    ok = result["failures"] == 0 and result["requests"] > 0 and growth_last_third < 10
    result["pass"] = ok
    (VAR / "soak.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(json.dumps({k: v for k, v in result.items() if k != "by_request"}, indent=2))
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
