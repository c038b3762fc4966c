import pytest
from django.core import mail

from notifications import sms
from notifications.models import OutboundMessage
from notifications.services import message_enqueue, outbox_send_one
from notifications.tasks import outbox_drain


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    sms.outbox.clear()


def test_a_message_is_sent_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message_enqueue(channel="sms", to="13812345678", body="验证码 123456", source="otp:1")
    assert [m["text"] for m in sms.outbox] == ["验证码 123456"]
    assert OutboundMessage.objects.get().status == "sent"


def test_the_same_source_is_sent_once(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message_enqueue(channel="email", to="a@example.org", body="x", source="s", subject="y")
        assert message_enqueue(channel="email", to="a@example.org", body="x", source="s") is None
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "y"


def test_a_failing_gateway_is_retried_and_nothing_is_lost(db, settings):
    settings.SMS_BACKEND = "notifications.sms.http.SmsBackend"
    settings.SMS_HTTP_URL = "http://127.0.0.1:9/unreachable"
    message = message_enqueue(channel="sms", to="13812345678", body="hello", source="t")
    assert outbox_send_one(message_id=message.pk) == "retry"
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("pending", 1)
    assert message.last_error
    # the gateway comes back: the drain sends it once it is due again
    settings.SMS_BACKEND = "notifications.sms.locmem.SmsBackend"
    OutboundMessage.objects.filter(pk=message.pk).update(next_attempt_at=message.created_at)
    assert outbox_drain() == 1
    assert [m["text"] for m in sms.outbox] == ["hello"]
    assert outbox_drain() == 0
