"""The Celery application: configuration comes from Django settings (CELERY_* names)."""

import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def _django_logging(**kwargs) -> None:
    """The worker and beat log through Django's LOGGING, with its filter that masks phone and
    ID numbers, instead of the handlers Celery would put on the root logger in its place."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
