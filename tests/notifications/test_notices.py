"""Notices say what happened (issue 20, part 5): the caller names the notice, the recipients
and the parameters; each recipient reads it in their language on their channels, and the
outbox keeps the notice's name and parameters for providers that send approved templates."""

import pytest
from django.utils.translation import gettext_lazy

from intake.services.common import tracking_code_send
from notifications.models import Notification, OutboundMessage
from notifications.notices import DESK, EMAIL, NOTICES, SMS, Notice, Recipient, notice_send, staff

pytestmark = pytest.mark.django_db

HELLO = Notice(name="tests.hello", text=gettext_lazy("You are invited to case %(reference)s."))


def test_each_channel_gets_its_text_in_the_recipients_language(town):
    town.a.grid_mediator.phone, town.a.grid_mediator.email = "13900001111", "m@example.org"
    english = Recipient.resident(mobile="13800002222", language="en")
    sent = notice_send(
        HELLO,
        to=[*staff([town.a.grid_mediator]), english],
        params={"reference": "测521调〔2026〕第0001号"},
        source="test:1",
        url="/cases/1/",
    )
    assert sent == 1  # one desk notification: the resident has no desk
    desk = Notification.objects.get(user=town.a.grid_mediator)
    assert desk.text == "您受邀参与案件 测521调〔2026〕第0001号。" and desk.url == "/cases/1/"
    by_to = {m.to: m for m in OutboundMessage.objects.all()}
    assert by_to["13900001111"].body == desk.text  # staff read Chinese
    assert by_to["13800002222"].body == "You are invited to case 测521调〔2026〕第0001号."
    assert by_to["m@example.org"].channel == EMAIL
    for message in by_to.values():
        assert message.notice == "tests.hello"
        assert message.params == {"reference": "测521调〔2026〕第0001号"}


def test_a_notice_goes_out_once_per_source_and_only_on_its_channels(town):
    only_sms = Notice(name="tests.sms_only", text=HELLO.text, channels=frozenset({SMS}))
    town.a.grid_worker.phone = "13900003333"
    me = staff([town.a.grid_worker])
    for _ in range(2):
        notice_send(only_sms, to=me, params={"reference": "X"}, source="test:2")
    assert not Notification.objects.exists()
    assert OutboundMessage.objects.filter(to="13900003333").count() == 1
    notice_send(HELLO, to=me, params={"reference": "X"}, source="test:3", channels={DESK})
    assert Notification.objects.count() == 1 and OutboundMessage.objects.count() == 1


def test_the_residents_tracking_code_is_a_named_notice_in_their_language(town, case):
    tracking_code_send(case=case, mobile="13812345678", language="en", track_url="https://t/x")
    message = OutboundMessage.objects.get(to="13812345678")
    assert message.notice == "intake.tracking_code"
    assert message.body.startswith(f"Your complaint is registered as {case.reference}.")
    assert "Follow it at https://t/x" in message.body
    assert set(message.params) == {"reference", "code", "url"}
    from intake.services.complaints import VERIFICATION_CODE

    assert NOTICES["intake.tracking_code"].channels == {SMS, EMAIL}
    assert NOTICES["intake.verification_code"] is VERIFICATION_CODE


def test_no_caller_writes_to_the_desk_or_the_outbox_but_through_a_notice():
    """notice_send is the one way in: a caller that builds its own text for a channel is how
    every caller came to hard-code channel="sms"."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    writers = re.compile(
        r"message_enqueue\(|Notification\.objects\.(bulk_)?create|notification_send"
    )
    found = {
        path.relative_to(root).as_posix()
        for app in root.iterdir()
        if (app / "apps.py").exists()
        for path in app.rglob("*.py")
        if "migrations" not in path.parts and writers.search(path.read_text(encoding="utf-8"))
    }
    assert found == {"notifications/notices.py", "notifications/services.py"}
