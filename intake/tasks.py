from celery import shared_task

from .services.complaints import complaints_expire as expire


@shared_task
def complaints_expire() -> int:
    """Every half hour: remove complaints never confirmed within a day, and unclaimed files."""

    return expire()
