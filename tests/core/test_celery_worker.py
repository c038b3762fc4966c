"""A real Celery worker process, on Redis, runs a task that writes to the test database."""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from core.models import WorkerHeartbeat


def worker_env() -> dict:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": url,
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "LOG_LEVEL": "INFO",
    }


@pytest.fixture
def worker(transactional_db):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("needs PostgreSQL and Redis (make test provides them)")
    queue = f"test-{uuid.uuid4().hex[:8]}"
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
        env=worker_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    worker = Worker(queue, process)
    try:
        yield worker
    finally:
        print(worker.stop()[-4000:])


class Worker:
    def __init__(self, queue: str, process: subprocess.Popen):
        self.queue, self.process, self.output = queue, process, None

    def stop(self) -> str:
        """Stop the worker (once) and return everything it printed."""
        if self.output is None:
            self.process.terminate()
            try:
                self.output, _ = self.process.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.output, _ = self.process.communicate()
        return self.output


def wait_for_heartbeat(queue: str) -> WorkerHeartbeat | None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        beat = WorkerHeartbeat.objects.filter(hostname__startswith=queue).first()
        if beat:
            return beat
        time.sleep(0.3)
    return None


@pytest.mark.integration
def test_a_worker_process_runs_a_task_from_redis(worker):
    celery_app.send_task("core.tasks.heartbeat", queue=worker.queue)
    assert wait_for_heartbeat(worker.queue), "the worker did not run the task within 60 s"


@pytest.mark.integration
def test_the_worker_log_masks_phone_and_id_numbers(worker):
    note = "回访 13812345678 身份证 11010519491231002X"
    celery_app.send_task("core.tasks.heartbeat", args=[note], queue=worker.queue)
    assert wait_for_heartbeat(worker.queue), "the worker did not run the task within 60 s"
    output = worker.stop()
    assert "heartbeat on" in output  # the line was logged, through Django's LOGGING
    assert "138****5678" in output
    assert "13812345678" not in output and "11010519491231002X" not in output
