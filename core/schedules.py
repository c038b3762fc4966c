"""Each app registers its periodic jobs here from its AppConfig.ready(); beat installs them in
django-celery-beat's tables when it starts (times can then be edited in the admin)."""

from celery.schedules import crontab

from config.celery import app


def register(name: str, task: str, schedule: float | crontab, **options) -> None:
    entry = {"task": task, "schedule": schedule}
    if options:
        entry["options"] = options
    app.conf.beat_schedule = {**(app.conf.beat_schedule or {}), name: entry}
