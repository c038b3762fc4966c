"""Faults, each with the real component (issue 10, item 7): a worker killed in the middle of
rendering an agreement, Redis unreachable while residents file complaints, PostgreSQL dropping
every connection of the app under load. Fifty concurrent registrations and twenty concurrent
escalations are in tests/cases (grep "concurrent")."""

import hashlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from agreements import services as agreements
from config.celery import app as celery_app
from documents import services as documents
from documents.models import Document
from documents.tasks import document_render_task
from tests.core.test_celery_worker import worker_env
from tests.factories.agreements import case_in_mediation, make_draft
from tests.factories.cases import make_case

pytestmark = pytest.mark.integration

# The test's workers hand a dead worker's message on after this many seconds (production: an
# hour). It must stay above the time a render takes on a busy machine.
VISIBILITY_TIMEOUT = 8


def _needs_postgres_and_redis() -> None:
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("needs PostgreSQL and Redis (make test provides them)")


def _wait_for(what: str, condition, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what}: not within {timeout:.0f} s")


class Workers:
    """Celery worker processes on one queue of their own, stopped (or reaped) at the end."""

    def __init__(self, env: dict):
        self.queue = f"test-faults-{uuid.uuid4().hex[:8]}"
        self.env, self.processes = env, []

    def start(self, *, module: str = "celery", pool: str = "solo", **extra_env):
        head = ["-m", "celery", "-A", "config"] if module == "celery" else ["-m", module]
        name = f"{self.queue}-{len(self.processes)}@%h"
        options = ["--concurrency=1", "--without-mingle", "--without-gossip", "--loglevel=INFO"]
        process = subprocess.Popen(
            [
                sys.executable,
                *head,
                "worker",
                "-Q",
                self.queue,
                f"--pool={pool}",
                "-n",
                name,
                *options,
            ],
            cwd=settings.BASE_DIR,
            env={**self.env, **extra_env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.processes.append(process)
        return process

    def stop_all(self) -> str:
        output = []
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
            try:
                out, _ = process.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                out, _ = process.communicate()
            output.append(out or "")
        return "\n----\n".join(output)


@pytest.fixture
def workers(transactional_db, private_storage):
    _needs_postgres_and_redis()
    env = {
        **worker_env(),
        "PRIVATE_MEDIA_ROOT": str(private_storage),
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
    }
    pool = Workers(env)
    # This test process publishes to the broker instead of running tasks in itself.
    eager, celery_app.conf.task_always_eager = celery_app.conf.task_always_eager, False
    try:
        yield pool
    finally:
        celery_app.conf.task_always_eager = eager
        print(pool.stop_all()[-6000:])


@pytest.fixture
def agreement_document(town, monkeypatch) -> Document:
    """A final agreement whose PDF is requested (queued) but not yet sent to any worker: the
    test sends it to its own worker's queue."""
    case = make_case(compound=town.a.compound, registered_by=town.a.grid_worker)
    case_in_mediation(case, worker=town.a.grid_worker, mediator=town.a.grid_mediator)
    agreement = make_draft(case, actor=town.a.grid_mediator)
    with monkeypatch.context() as patch:
        patch.setattr(documents, "_queue_render", lambda document: None)
        agreements.agreement_submit(agreement_id=agreement.pk, actor=town.a.grid_mediator)
    document = Document.objects.get(agreement=agreement, kind=Document.Kind.AGREEMENT)
    assert document.state == Document.State.QUEUED
    return document


def _paused_in_the_middle(document: Document, marker: Path) -> int:
    """Wait until the worker is half way through the render; return the pid that is there."""
    _wait_for(
        "the worker reaches the middle of the render",
        lambda: marker.exists() and marker.read_text().strip(),
    )
    document.refresh_from_db()
    assert document.state == Document.State.RENDERING and document.attempts == 1
    return int(marker.read_text())


def _assert_exactly_one_pdf(document: Document, storage: Path) -> None:
    _wait_for(
        "the agreement is rendered again",
        lambda: Document.objects.filter(pk=document.pk, state="ready").exists(),
    )
    time.sleep(1)  # anything else still running would show now
    document.refresh_from_db()
    rows = Document.objects.filter(agreement=document.agreement, kind=Document.Kind.AGREEMENT)
    assert list(rows.values_list("version", "state")) == [(1, "ready")]
    assert document.attempts == 2  # the killed run and the one that took over
    files = [path for path in storage.rglob("*") if path.is_file()]
    assert [path.name for path in files] == [Path(document.file.name).name]
    assert hashlib.sha256(files[0].read_bytes()).hexdigest() == document.sha256
    assert files[0].read_bytes().startswith(b"%PDF")
    assert document.case.events.filter(kind="document_ready").count() == 1


def test_a_worker_killed_mid_render_is_replaced_and_one_pdf_results(
    workers, agreement_document, private_storage, tmp_path
):
    """The whole worker dies (SIGKILL: no chance to reject or requeue anything). Its message
    stays unacknowledged in Redis (acks_late); after the visibility timeout a new worker gets
    it, marked redelivered, and renders the row the dead one left in "rendering"."""
    marker = tmp_path / "paused"
    first = workers.start(
        module="tests.security.fault_worker", FAULT_PAUSE_AT="render", FAULT_MARKER=str(marker)
    )
    document_render_task.apply_async(args=[agreement_document.pk], queue=workers.queue)
    pid = _paused_in_the_middle(agreement_document, marker)
    assert pid == first.pid  # the solo pool renders in the worker process itself

    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    assert first.returncode == -signal.SIGKILL
    assert not [path for path in private_storage.rglob("*") if path.is_file()]

    killed_at = time.monotonic()
    workers.start()  # a plain worker, as the orchestrator would restart it
    _assert_exactly_one_pdf(agreement_document, private_storage)
    assert time.monotonic() - killed_at < VISIBILITY_TIMEOUT + 60


def test_a_pool_process_killed_while_storing_the_pdf_is_retried_and_one_pdf_results(
    workers, agreement_document, private_storage, tmp_path
):
    """The pool process dies after writing the file, before its row commits. The worker sees
    it lost (task_reject_on_worker_lost) and puts the message back at once; a new pool
    process renders again, replaces the orphan file, and the row gets one file."""
    marker = tmp_path / "paused"
    worker = workers.start(
        module="tests.security.fault_worker",
        pool="prefork",
        FAULT_PAUSE_AT="store",
        FAULT_MARKER=str(marker),
    )
    document_render_task.apply_async(args=[agreement_document.pk], queue=workers.queue)
    child = _paused_in_the_middle(agreement_document, marker)
    assert child != worker.pid
    assert len([path for path in private_storage.rglob("*") if path.is_file()]) == 1  # written

    os.kill(child, signal.SIGKILL)
    _assert_exactly_one_pdf(agreement_document, private_storage)
    assert worker.poll() is None  # the worker itself carried on
