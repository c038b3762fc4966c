import logging

from django.db import transaction

from cases.models import CaseEvent
from notifications.tasks import notify_case_event

logger = logging.getLogger(__name__)


def notify_on_commit(event: CaseEvent) -> None:
    """Tell the people concerned about a record entry once (and only if) it is committed.

    In-app notifications are only database rows: if the broker cannot take the task, they
    are written right away instead of being lost."""

    event_id = event.pk

    def send() -> None:
        try:
            notify_case_event.delay(event_id)
        except Exception:  # the broker is down: do the (idempotent) work here
            logger.warning("broker unavailable; notifying for event %s inline", event_id)
            notify_case_event.apply(args=[event_id])

    transaction.on_commit(send)
