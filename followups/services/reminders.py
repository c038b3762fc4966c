"""Sending a reminder exactly once: the Reminder row's unique key is claimed in the same
transaction as the in-app notifications and the outbox messages it causes. A second run, or a
second worker at the same moment, finds the key taken and sends nothing."""

import logging
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from followups.models import Reminder
from notifications.models import OutboundMessage
from notifications.services import message_enqueue, notification_send

logger = logging.getLogger(__name__)


def reminder_send(
    *,
    key: str,
    kind: str,
    users: Iterable,
    text: str,
    url: str,
    case=None,
    obligation=None,
    visit=None,
) -> Reminder | None:
    """Claim `key` and tell `users` in the app, by SMS and by email. Returns None if the key
    was claimed before (this reminder already went out)."""
    users = list(users)
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                key=key,
                kind=kind,
                case=case,
                obligation=obligation,
                visit=visit,
                text=text[:300],
                recipients=len(users),
                sent_at=timezone.now(),
            )
    except IntegrityError:
        return None
    notification_send(users=users, source=f"fu:{key}", text=text, url=url, case=case)
    for user in users:
        message_enqueue(
            channel=OutboundMessage.Channel.SMS, to=user.phone, body=text, source=f"fu:{key}"
        )
        message_enqueue(
            channel=OutboundMessage.Channel.EMAIL,
            to=user.email,
            subject=text[:80],
            body=text,
            source=f"fu:{key}",
        )
    return reminder


def chinese(message, **params) -> str:
    """Reminders are stored and sent in Chinese, whatever language the job runs in."""
    with translation.override("zh-hans"):
        return str(message) % params if params else str(message)
