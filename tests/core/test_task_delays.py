"""No task waits in the broker longer than the broker keeps it hidden (issue 10, item 7).

Redis gives a message a worker has taken but not acknowledged to another worker after the
visibility timeout; a task held for its ETA is such a message. config.celery refuses any
countdown or ETA that, with the task's time limit, would not fit inside the timeout. Long waits
are rows that beat jobs poll from the database."""

import json
import uuid
from datetime import datetime, timedelta

import pytest
import redis
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.utils import timezone

from config.celery import DelayTooLong, delay_limit
from config.celery import app as celery_app
from documents.tasks import document_render_task


def test_the_limit_is_the_visibility_timeout_less_the_time_limit():
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] == 3600
    assert delay_limit(celery_app) == 3600 - settings.CELERY_TASK_TIME_LIMIT == 3420


@pytest.mark.parametrize(
    "when",
    [
        {"countdown": 3421},
        {"countdown": 86400},
        {"eta": timedelta(hours=2)},
        {"eta": timedelta(days=30)},
    ],
)
def test_a_longer_wait_is_refused_before_anything_is_sent(when):
    if "eta" in when:
        when = {"eta": timezone.now() + when["eta"]}
    with pytest.raises(DelayTooLong, match="poll the database"):
        document_render_task.apply_async(args=[0], **when)
    with pytest.raises(DelayTooLong):
        celery_app.send_task("documents.tasks.document_render_task", args=[0], **when)


@pytest.fixture
def broker():
    if not settings.REDIS_URL:
        pytest.skip("needs Redis (make test provides it)")
    queue = f"test-delays-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    eager, celery_app.conf.task_always_eager = celery_app.conf.task_always_eager, False
    try:
        yield client, queue
    finally:
        celery_app.conf.task_always_eager = eager
        client.delete(queue)


def test_a_wait_within_the_limit_reaches_the_broker_with_its_eta(broker):
    client, queue = broker
    document_render_task.apply_async(args=[0], countdown=3400, queue=queue)
    with pytest.raises(DelayTooLong):
        document_render_task.apply_async(args=[0], countdown=3500, queue=queue)
    [raw] = client.lrange(queue, 0, -1)  # one message: the refused one was never published
    eta = datetime.fromisoformat(json.loads(raw)["headers"]["eta"])
    assert abs(eta - (timezone.now() + timedelta(seconds=3400))) < timedelta(seconds=30)


def test_every_retry_of_every_task_fits_inside_the_limit():
    """Retries are the only delayed publishes in the code base (grep: no countdown or eta
    elsewhere); a retry the guard refused would fail the task in the worker instead."""
    celery_app.autodiscover_tasks(lambda: settings.INSTALLED_APPS, force=True)
    ours = {name: task for name, task in celery_app.tasks.items() if not name.startswith("celery.")}
    assert "followups.tasks.visits_schedule" in ours
    for name, task in ours.items():
        if not getattr(task, "autoretry_for", ()):
            continue
        if getattr(task, "retry_backoff", False):  # as celery.app.autoretry reads them
            longest = get_exponential_backoff_interval(
                factor=int(max(1.0, float(task.retry_backoff))),
                retries=task.max_retries,
                maximum=int(getattr(task, "retry_backoff_max", 600)),
                full_jitter=False,
            )
        else:
            longest = task.default_retry_delay
        assert longest <= delay_limit(celery_app), name
