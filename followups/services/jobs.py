"""How the scheduled jobs run: each item in its own transaction, so that one item that fails
does not undo or stop the others; the job then raises, Celery retries it, and the retry (every
item being idempotent) finishes what was left."""

import logging
from collections.abc import Callable, Iterable

from django.db import transaction

logger = logging.getLogger("followups.jobs")


class JobIncomplete(Exception):
    def __init__(self, job: str, failed: list):
        super().__init__(f"{job}: {len(failed)} item(s) failed: {failed[:20]}")
        self.failed = failed


def run_each(job: str, items: Iterable, handle: Callable[[object], bool]) -> int:
    """Call `handle(item)` for each item in a transaction of its own; returns how many did
    something. Raises JobIncomplete after the last item if any failed."""
    done, failed = 0, []
    for item in items:
        try:
            with transaction.atomic():
                done += bool(handle(item))
        except Exception:
            logger.exception("%s failed on %s", job, item)
            failed.append(item)
    if failed:
        raise JobIncomplete(job, failed)
    return done
