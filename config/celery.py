"""The Celery application: configuration comes from Django settings (CELERY_* names)."""

import os
from datetime import datetime

import celery
from celery.signals import setup_logging
from celery.utils.time import maybe_make_aware

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")


class DelayTooLong(ValueError):
    """A task was to wait in the broker longer than the broker keeps it hidden."""


def delay_limit(app: celery.Celery) -> float | None:
    """The longest countdown a task may be published with, in seconds.

    Redis holds a message a worker has taken (and, with acks_late, not yet acknowledged) for
    `visibility_timeout` seconds, then hands it to another worker. A task waiting for its ETA
    is such a message, and so is one that is running: an ETA plus the hard time limit beyond
    the timeout would run the task twice. Long waits are rows in the database that a beat
    job polls (see followups.tasks), never ETAs. Without a visibility timeout (kombu's
    filesystem transport) there is no limit."""
    timeout = (app.conf.broker_transport_options or {}).get("visibility_timeout")
    if timeout is None:
        return None
    return timeout - (app.conf.task_time_limit or 0)


def check_delay(app: celery.Celery, name: str, *, countdown=None, eta=None) -> None:
    limit = delay_limit(app)
    if limit is None or (countdown is None and eta is None):
        return
    if eta is not None:
        eta = datetime.fromisoformat(eta) if isinstance(eta, str) else eta
        wait = (maybe_make_aware(eta) - app.now()).total_seconds()
    else:
        wait = float(countdown)
    if wait > limit:
        raise DelayTooLong(
            f"{name} would wait {wait:.0f} s in the broker, longer than the {limit:.0f} s it may"
            " (visibility timeout minus the task time limit); poll the database from a beat job"
        )


class Task(celery.Task):
    """Every task's apply_async (and so every retry) checks its delay, eager or not."""

    def apply_async(self, args=None, kwargs=None, task_id=None, producer=None, **options):
        check_delay(self._get_app(), self.name, **_delay_of(options))
        return super().apply_async(args, kwargs, task_id, producer, **options)


class Celery(celery.Celery):
    """send_task (what apply_async, beat and other callers publish through) checks too."""

    def send_task(self, name, args=None, kwargs=None, countdown=None, eta=None, **options):
        check_delay(self, name, countdown=countdown, eta=eta)
        return super().send_task(name, args, kwargs, countdown=countdown, eta=eta, **options)


def _delay_of(options: dict) -> dict:
    return {"countdown": options.get("countdown"), "eta": options.get("eta")}


app = Celery("config", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def _django_logging(**kwargs) -> None:
    """The worker and beat log through Django's LOGGING, with its filter that masks phone and
    ID numbers, instead of the handlers Celery would put on the root logger in its place."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
