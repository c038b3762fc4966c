"""A real Celery worker process, on Redis, renders a document sent to it twice: one row, one file."""

import hashlib
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from documents.models import Document
from documents.services import document_request
from documents.tasks import document_render_task
from tests.core.test_celery_worker import worker_env
from tests.factories.cases import make_case


@pytest.fixture
def docs_worker(transactional_db, private_storage):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("needs PostgreSQL and Redis (make test provides them)")
    queue = f"test-docs-{uuid.uuid4().hex[:8]}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            queue,
            "--pool=solo",
            "--without-mingle",
            "--without-gossip",
            "--loglevel=INFO",
            "-n",
            f"{queue}@%h",
        ],
        cwd=settings.BASE_DIR,
        env={**worker_env(), "PRIVATE_MEDIA_ROOT": str(private_storage)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # Publish to the worker: with the test settings' eager mode the task would run in here.
    eager, celery_app.conf.task_always_eager = celery_app.conf.task_always_eager, False
    try:
        yield queue
    finally:
        celery_app.conf.task_always_eager = eager
        process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        print(output[-4000:])


@pytest.mark.integration
def test_a_worker_renders_a_document_sent_twice_into_one_file(docs_worker, town, private_storage):
    case = make_case(compound=town.a.compound, registered_by=town.a.grid_worker)
    document = document_request(case=case, kind="acceptance_form", actor=town.a.grid_worker)
    for _ in range(2):
        document_render_task.apply_async(args=[document.pk], queue=docs_worker)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        document.refresh_from_db()
        if document.state == "ready":
            break
        time.sleep(0.3)
    assert document.state == "ready", f"not rendered in 90 s: {document.state} {document.error}"
    time.sleep(2)  # let the second delivery run too
    files = [p for p in private_storage.rglob("*") if p.is_file()]
    assert len(files) == 1
    assert hashlib.sha256(files[0].read_bytes()).hexdigest() == document.sha256
    assert Document.objects.filter(case=case).count() == 1
    assert case.events.filter(kind="document_ready").count() == 1
