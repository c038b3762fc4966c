import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import Notification, OutboundMessage
from .sms import send_sms

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


def notifications_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    unread: QuerySet = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


def message_enqueue(
    *,
    channel: str,
    to: str,
    body: str,
    source: str,
    subject: str = "",
    notice: str = "",
    params: dict | None = None,
) -> OutboundMessage | None:
    """Put an SMS or email in the outbox (in the caller's transaction) and try to send it right
    after commit. The same source and recipient are enqueued once; returns None for a repeat.
    Callers say what happened through notifications.notices.notice_send, which comes here with
    the notice's name and parameters (kept for providers that send approved templates)."""
    if not to:
        return None
    message, created = OutboundMessage.objects.get_or_create(
        channel=channel,
        to=to,
        source=source,
        defaults={
            "body": body,
            "subject": subject,
            "notice": notice,
            "params": params or {},
            "next_attempt_at": timezone.now(),
        },
    )
    if not created:
        return None
    message_id = message.pk

    def send_soon() -> None:
        from .tasks import outbox_send

        try:
            outbox_send.delay(message_id)
        except Exception:  # the broker is down: the periodic drain sends it later
            logger.warning("broker unavailable; message %s waits for the outbox drain", message_id)

    transaction.on_commit(send_soon)
    return message


def outbox_send_one(*, message_id: int) -> str:
    """Send one pending message, once, even if two workers try at the same moment."""
    with transaction.atomic():
        message = (
            OutboundMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutboundMessage.Status.PENDING)
            .first()
        )
        if message is None:
            return "skipped"
        try:
            _deliver(message)
        except Exception as exc:  # any gateway failure: retry later with a growing wait
            message.attempts += 1
            message.last_error = str(exc)[:300]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = OutboundMessage.Status.FAILED
            message.next_attempt_at = timezone.now() + timedelta(minutes=2**message.attempts)
            message.save()
            logger.warning(
                "message %s not sent (attempt %s): %s", message.pk, message.attempts, exc
            )
            return "retry"
        message.status = OutboundMessage.Status.SENT
        message.sent_at = timezone.now()
        message.attempts += 1
        message.save()
        return "sent"


def outbox_due_ids(limit: int = 200) -> list[int]:
    return list(
        OutboundMessage.objects.filter(
            status=OutboundMessage.Status.PENDING, next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def _deliver(message: OutboundMessage) -> None:
    if message.channel == OutboundMessage.Channel.SMS:
        send_sms(message.to, message.body)
    else:
        send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.to])
