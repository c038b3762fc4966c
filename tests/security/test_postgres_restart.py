"""PostgreSQL really restarted under load (issue 10, item 7).

The suite's PostgreSQL server is shared with the other test workers, so this test makes a
cluster of its own (initdb on a free port), migrates the project's schema into it, serves the
app from it under gunicorn with the production connection settings (CONN_MAX_AGE=60, health
checks), and restarts the cluster with `pg_ctl restart` while four clients load the app.
Requests caught while the server is down may fail; once it is back every request succeeds,
served by the same gunicorn workers: the app recovers without a restart of its own."""

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

from tests.security.test_faults import _children, _free_port, _get, _wait_for

pytestmark = pytest.mark.integration


class Cluster:
    """A throwaway PostgreSQL cluster, run as the postgres user when the tests run as root."""

    def __init__(self):
        versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not versions:
            pytest.skip("needs PostgreSQL's server programs (/usr/lib/postgresql/*/bin)")
        self.bin = Path(versions[-1]).parent
        self.port = _free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="tiaojie-pg-"))
        self.as_postgres = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.dir, owner.pw_uid, owner.pw_gid)
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        self.data = self.dir / "data"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/tiaojie"

    def run(self, *args: str) -> None:
        subprocess.run([*self.as_postgres, *args], check=True, capture_output=True, timeout=120)

    def pg_ctl(self, action: str) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "log"),
            "-o",
            options,
            "-w",
            "-m",
            "fast",
            action,
        )

    def create(self) -> None:
        self.run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust")
        self.pg_ctl("start")
        self.run(
            str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
            "tiaojie",
        )  # fmt: skip

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.pg_ctl("stop")
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def app_on_own_cluster():
    if not settings.REDIS_URL:
        pytest.skip("needs Redis (make test provides it)")
    cluster = Cluster()
    cluster.create()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": cluster.url,
        "CONN_MAX_AGE": "60",
        "CELERY_TASK_ALWAYS_EAGER": "true",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        timeout=300,
    )
    port = _free_port()
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "2", "--timeout", "60"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for("gunicorn answers", lambda: _get(f"{base}/healthz") == 200, timeout=60)
        yield base, gunicorn, cluster
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=20)
        cluster.destroy()


def test_the_app_recovers_by_itself_when_postgresql_restarts_under_load(app_on_own_cluster):
    base, gunicorn, cluster = app_on_own_cluster
    urls = [f"{base}/healthz", f"{base}/typical-cases/"]  # both read the database
    assert [_get(url) for url in urls] == [200, 200]
    workers = _children(gunicorn.pid)
    results: list[tuple[float, float, int]] = []  # (started, ended, status)
    stop = threading.Event()

    def load(url: str) -> None:
        while not stop.is_set():
            started = time.monotonic()
            status = _get(url)
            results.append((started, time.monotonic(), status))

    with ThreadPoolExecutor(max_workers=4) as pool:
        for url in urls * 2:
            pool.submit(load, url)
        _wait_for("the load runs", lambda: len(results) > 40, timeout=60)
        down = time.monotonic()
        cluster.pg_ctl("restart")  # a real restart: the server stops and starts again
        up = time.monotonic()
        _wait_for(
            "requests after the restart", lambda: sum(t > up + 1 for t, _e, _s in results) > 60
        )
        stop.set()

    before = [status for _t, ended, status in results if ended < down]
    after = [status for started, _e, status in results if started > up + 1]
    assert before and set(before) == {200}
    assert after and set(after) == {200}, after  # every request once the server is back
    # only requests that overlapped the restart (or the second after it) may have failed
    failed = [round(t - down, 2) for t, _e, status in results if status != 200]
    assert all(-20 < t < up - down + 1 for t in failed), failed
    print(f"{len(results)} requests; restart took {up - down:.1f} s; failed at {failed}")
    assert gunicorn.poll() is None and _children(gunicorn.pid) == workers  # not restarted
