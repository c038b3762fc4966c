"""The broker is down while a resident files and confirms: nothing is lost. The complaint and
the case are saved, the SMS wait in the outbox, and go out when the broker is back (the
beat's drain)."""

import time
from contextlib import contextmanager

from django.urls import reverse

from config.celery import app as celery_app
from intake.models import Complaint
from notifications import sms
from notifications.models import Notification, OutboundMessage
from notifications.tasks import outbox_drain
from tests.factories.intake import form_data, last_code

CLOSED_PORT = "redis://127.0.0.1:9/0"  # the discard port: nothing listens there


def broker_down():
    """Point Celery at a closed port and stop running tasks in-process, as in production."""
    return broker_at(CLOSED_PORT)


@contextmanager
def broker_at(url: str):
    """Celery publishes to `url`, as a deployed web process does (no task runs in-process)."""
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url, celery_app._pool)
    conf.task_always_eager, conf.broker_url = False, url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        yield
    finally:
        if celery_app._pool is not None:
            celery_app._pool.force_close_all()
        conf.task_always_eager, conf.broker_url, celery_app._pool = saved
        celery_app.amqp._producer_pool = None


def test_a_complaint_filed_while_the_broker_is_down_loses_nothing(client, town, on_commit):
    with broker_down():
        started = time.monotonic()
        with on_commit():
            response = client.post(reverse("intake:complaint-new"), form_data(town.a.compound))
        assert time.monotonic() - started < 20  # the resident is not kept waiting long
    assert response.status_code == 302
    assert Complaint.objects.get().status == "pending"
    code_message = OutboundMessage.objects.get(source__startswith="intake:code:")
    assert code_message.status == "pending"
    assert sms.outbox == []
    # the broker is back; beat runs the drain
    assert outbox_drain() == 1
    assert last_code("13912345678")
    code_message.refresh_from_db()
    assert code_message.status == "sent"


def test_a_confirmation_while_the_broker_is_down_registers_and_sends_later(client, town, on_commit):
    with on_commit():
        client.post(reverse("intake:complaint-new"), form_data(town.a.compound))
    complaint = Complaint.objects.get()
    code = last_code("13912345678")
    with broker_down(), on_commit():
        response = client.post(
            reverse("intake:complaint-confirm", args=[complaint.token]), {"code": code}
        )
    assert response.status_code == 302
    complaint.refresh_from_db()
    case = complaint.case
    assert case is not None and case.channel == "web"
    # the team's in-app notifications are written inline when no broker takes the task
    assert Notification.objects.filter(user=town.a.grid_mediator, case=case).exists()
    tracking = OutboundMessage.objects.get(source=f"intake:tracking:{case.pk}")
    assert tracking.status == "pending"
    assert all(case.reference not in m["text"] for m in sms.outbox)
    assert outbox_drain() == 1
    assert case.reference in sms.outbox[-1]["text"]
    tracking.refresh_from_db()
    assert tracking.status == "sent"
