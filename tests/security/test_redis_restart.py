"""Redis really stopped and started again while residents file complaints (issue 10, item 7).

The suite's own Redis is shared with the other test workers, so this test starts a Redis
server of its own on a free port, points the broker and the cache at it, and stops it with
SIGTERM half way: the complaints filed while it is down are saved with their code messages in
the outbox; when the same server is started again, publishing works again without restarting
anything, and the drain job sends every waiting message exactly once."""

import shutil
import signal
import subprocess
import time

import pytest
import redis
from django.test import override_settings
from django.urls import reverse

from intake.models import Complaint
from notifications import sms
from notifications.models import OutboundMessage
from notifications.tasks import outbox_drain
from tests.factories.intake import form_data
from tests.intake.test_broker_down import broker_at
from tests.security.test_faults import _free_port

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


class PrivateRedis:
    def __init__(self, directory):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.directory = directory
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if redis.Redis.from_url(self.url, socket_timeout=1).ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.1)
        raise AssertionError("the private Redis did not start")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)  # a clean shutdown, as `systemctl stop`
        self.process.wait(timeout=20)

    def queued(self) -> int:
        return redis.Redis.from_url(self.url).llen("celery")


@pytest.fixture
def private_redis(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("needs redis-server (make test installs it with Redis)")
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


def test_complaints_filed_while_redis_is_stopped_are_kept_and_sent_after_it_restarts(
    client, town, private_redis, django_capture_on_commit_callbacks
):
    cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": private_redis.url,
    }
    mobiles = [f"1371234{i:04d}" for i in range(4)]

    def file(i: int, mobile: str) -> None:
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("intake:complaint-new"),
                form_data(town.a.compound, mobile=mobile),
                REMOTE_ADDR=f"10.8.0.{i}",
            )
        assert response.status_code == 302, response.content.decode()[:2000]
        assert time.monotonic() - started < 20  # the resident is not kept waiting long

    with broker_at(private_redis.url), override_settings(CACHES={"default": cache}):
        file(0, mobiles[0])  # Redis up
        private_redis.stop()
        for i, mobile in enumerate(mobiles[1:], start=1):  # Redis stopped
            file(i, mobile)
        assert sorted(Complaint.objects.values_list("mobile", flat=True)) == mobiles
        codes = OutboundMessage.objects.filter(source__startswith="intake:code:")
        assert sorted(codes.values_list("to", flat=True)) == mobiles
        waiting = set(codes.exclude(status="sent").values_list("to", flat=True))
        assert set(mobiles[1:]) <= waiting  # nothing could be sent while it was down

        private_redis.start()  # the same server again, nothing else restarted
        before = private_redis.queued()
        outbox_drain.delay()  # beat's publish reaches the broker again
        assert private_redis.queued() == before + 1

    # the drain job (as the worker runs it) sends every waiting message, each once
    sms.outbox.clear()
    outbox_drain()
    assert not codes.exclude(status="sent").exists()
    sent_to = sorted(message["to"] for message in sms.outbox)
    assert sent_to == sorted(waiting)
    outbox_drain()  # a second run finds nothing more to send
    assert sorted(message["to"] for message in sms.outbox) == sent_to
