"""A real Celery worker and a real beat (django-celery-beat's DatabaseScheduler) on Redis: a
follow-up visit appears in the database without any call from the test."""

import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from followups.models import FollowUpVisit
from tests.conftest import build_street
from tests.core.test_celery_worker import worker_env
from tests.factories.cases import make_case
from tests.factories.followups import make_agreement, settle


def _start(args, env):
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", *args],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _stop(process) -> str:
    process.terminate()
    try:
        output, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    return output


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_beat_and_a_worker_create_the_visits_by_themselves(tmp_path):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("needs PostgreSQL and Redis (make test provides them)")
    street = build_street()
    case = make_case(compound=street.compound, registered_by=street.grid_worker)
    settle(case, actor=street.grid_worker, mediator=street.grid_mediator)
    make_agreement(case, drafted_by=street.grid_mediator, effective_on=timezone.localdate())
    # The schedule lives in the database (as in production); this test's entry runs the job
    # every second on a queue only this test's worker reads.
    queue = f"test-{uuid.uuid4().hex[:8]}"
    every_second, _ = IntervalSchedule.objects.get_or_create(
        every=1, period=IntervalSchedule.SECONDS
    )
    PeriodicTask.objects.create(
        name=f"{queue}-visits",
        task="followups.tasks.visits_schedule",
        interval=every_second,
        queue=queue,
    )
    env = worker_env()
    worker = _start(
        [
            "worker",
            "-Q",
            queue,
            "--pool=solo",
            "--without-mingle",
            "--without-gossip",
            "-n",
            f"{queue}@%h",
        ],
        env,
    )
    beat = _start(
        ["beat", "--max-interval=1", f"--pidfile={tmp_path / 'beat.pid'}", "--loglevel=INFO"],
        env,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not FollowUpVisit.objects.exists():
            time.sleep(0.5)
        assert FollowUpVisit.objects.filter(case=case).count() == 3, "no visit within 90 s"
        time.sleep(3)  # a few more runs of the job: still exactly the three visits
        assert FollowUpVisit.objects.filter(case=case).count() == 3
        assert PeriodicTask.objects.get(name=f"{queue}-visits").total_run_count >= 1
    finally:
        print(_stop(beat)[-3000:])
        print(_stop(worker)[-3000:])
