"""Rate limits answer 429 (issue 10, item 5), and are best effort: with the cache out of reach
they let requests through rather than refuse residents (docs/deployment.md).

The complaint form, tracking, the residents' API submit and track, the compound search and the
login have their 429 tests in tests/intake, tests/grids and tests/core; here are the limits of
the API's uploads and code resends, and what happens when the counters cannot be reached."""

import logging

from django.test import RequestFactory, override_settings
from rest_framework.test import APIClient

from intake.models import Complaint
from intake.ratelimit import limit
from notifications.models import OutboundMessage
from tests.factories.intake import photo
from tests.intake.test_api import CREATE, payload
from tests.intake.test_broker_down import CLOSED_PORT


def test_uploads_through_the_api_are_limited_per_address(town, settings):
    settings.INTAKE_UPLOAD_RATE_IP = "2/h"
    api = APIClient()

    def file_one(i: int):
        data = {**payload(town.a.compound, mobile=f"1371234{i:04d}"), "consent": "true"}
        return api.post(CREATE, {**data, "photos": [photo()]}, format="multipart")

    assert [file_one(i).status_code for i in range(2)] == [201, 201]
    refused = file_one(2)
    assert refused.status_code == 429 and "尝试次数过多" in refused.json()["detail"]
    assert Complaint.objects.count() == 2


def test_codes_resent_through_the_api_count_against_the_mobile(town):
    api = APIClient()
    tokens = [
        api.post(CREATE, payload(town.a.compound), format="json", REMOTE_ADDR=f"10.8.0.{i}")
        for i in range(5)  # SUBMIT_RATE_MOBILE: 5 a day
    ]
    assert [response.status_code for response in tokens] == [201] * 5
    sent = OutboundMessage.objects.count()
    response = api.post(f"{CREATE}{tokens[0].json()['token']}/resend/", REMOTE_ADDR="10.8.1.1")
    assert response.status_code == 429 and "尝试次数过多" in response.json()["detail"]
    assert OutboundMessage.objects.count() == sent  # no sixth code


def test_with_the_cache_out_of_reach_the_limits_let_requests_through_and_say_so(caplog, db):
    down = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CLOSED_PORT}
    request = RequestFactory().post("/", REMOTE_ADDR="10.7.0.1")
    with (
        override_settings(CACHES={"default": down}, INTAKE_SUBMIT_RATE_IP="1/h"),
        caplog.at_level(logging.WARNING, logger="intake.ratelimit"),
    ):
        for _ in range(3):  # over the limit, had the counter been there
            limit(request, group="intake.submit.ip", rate_name="SUBMIT_RATE_IP")
    assert caplog.text.count("not checked, the cache is unreachable") == 3
