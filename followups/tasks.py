"""The scheduled jobs (registered with beat in apps.py). Each polls the database for what is
due, so nothing waits in the broker with an ETA; each is idempotent and, if an item fails,
raises after doing the rest so that Celery retries it."""

from celery import shared_task

from .services.checks import jc_remind, obligations_remind, visits_remind
from .services.obligations import obligations_mark_due
from .services.patrols import patrols_flag_missed
from .services.plans import visits_schedule as run

RETRY = {
    "autoretry_for": (Exception,),
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "max_retries": 5,
}


@shared_task(**RETRY)
def visits_schedule() -> dict:
    return run()


@shared_task(**RETRY)
def obligations_check() -> dict:
    """Mark what has become due, then remind: before due, overdue, and the lead after grace."""

    due = obligations_mark_due()
    return {"due": due, **obligations_remind()}


@shared_task(**RETRY)
def reminders_send() -> dict:
    return {"visits": visits_remind(), "jc": jc_remind()}


@shared_task(**RETRY)
def patrols_check() -> int:
    return patrols_flag_missed()
