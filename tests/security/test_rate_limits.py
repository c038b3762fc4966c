"""Rate limits answer 429 (issue 10, item 5), and are best effort: with the cache out of reach
they let requests through rather than refuse residents (docs/deployment.md).

The complaint form, tracking, the residents' API submit and track, the compound search and the
login have their 429 tests in tests/intake, tests/grids and tests/core; here are the limits of
the API's uploads and code resends, what happens when the counters cannot be reached, and
(issue 19) whom the limits count behind the TLS proxy production stands behind: the client
the proxy names in X-Forwarded-For, never what a client wrote there itself."""

import logging

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from intake.models import Complaint, Upload
from intake.ratelimit import limit
from notifications.models import OutboundMessage
from tests.factories.intake import photo
from tests.factories.mediators import PASSWORD
from tests.grids.test_api import SEARCH
from tests.intake.test_api import CREATE, payload
from tests.intake.test_broker_down import CLOSED_PORT

PROXY = "10.0.0.2"  # the TLS proxy: every request reaches the app from here
LOGIN = reverse("login")


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


def _files_in(folder) -> list:
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_the_apis_files_count_one_by_one_against_the_address(town, settings, private_storage):
    """Issue 19, item 4: six photos in one request were one attempt."""
    settings.INTAKE_UPLOAD_RATE_IP = "6/h"
    api = APIClient()
    data = {**payload(town.a.compound), "consent": "true"}
    six = [photo(f"p{i}.png", text=f"p{i}") for i in range(6)]
    assert api.post(CREATE, {**data, "photos": six}, format="multipart").status_code == 201
    refused = api.post(
        CREATE, {**data, "mobile": "13912340001", "photos": [photo()]}, format="multipart"
    )
    assert refused.status_code == 429
    assert Complaint.objects.count() == 1 and Upload.objects.count() == 6
    assert len(_files_in(private_storage)) == 6  # the refused photo was never stored


def test_the_apis_files_count_by_their_bytes(town, settings, private_storage):
    size = photo().size
    settings.INTAKE_UPLOAD_BYTES_RATE_IP = f"{2 * size}/h"
    api = APIClient()

    def file_one(i: int):
        data = {**payload(town.a.compound, mobile=f"1371234{i:04d}"), "consent": "true"}
        return api.post(CREATE, {**data, "photos": [photo()]}, format="multipart")

    assert [file_one(i).status_code for i in range(3)] == [201, 201, 429]
    assert Upload.objects.count() == 2 and len(_files_in(private_storage)) == 2


def test_an_invalid_api_complaint_leaves_no_file_behind(town, private_storage):
    """Its draft key is never returned: what it stored could only wait 24 h for the cleanup."""
    api = APIClient()
    data = {**payload(town.a.compound, name=""), "consent": "true"}
    photos = [photo(f"p{i}.png", text=f"p{i}") for i in range(6)]
    response = api.post(CREATE, {**data, "photos": photos}, format="multipart")
    assert response.status_code == 400 and "name" in response.json()
    assert not Upload.objects.exists() and _files_in(private_storage) == []
    # nor does one refused for too many complaints
    api.post(CREATE, {**data, "name": "王芳", "photos": [photo()]}, format="multipart")
    assert len(_files_in(private_storage)) == 1
    with override_settings(INTAKE_SUBMIT_RATE_IP="1/h"):
        refused = api.post(
            CREATE,
            {**data, "name": "王芳", "mobile": "13912340002", "photos": [photo("b.png")]},
            format="multipart",
        )
    assert refused.status_code == 429
    assert Upload.objects.count() == 1 and len(_files_in(private_storage)) == 1


def _login(client, username: str, password: str, *, xff: str | None, remote: str = PROXY):
    extra = {"HTTP_X_FORWARDED_FOR": xff} if xff else {}
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=remote, **extra
    )


def test_behind_the_proxy_wrong_passwords_pause_the_guesser_not_the_owner(town, settings):
    """Issue 19, item 5: everyone had the proxy's address, so five wrong passwords from one
    client locked the account for all."""
    settings.TRUSTED_PROXY_COUNT = 1
    user = town.a.grid_worker
    guesser, owner = Client(), Client()
    codes = [_login(guesser, user.username, "wrong", xff="203.0.113.7") for _ in range(5)]
    assert [c.status_code for c in codes] == [200] * 4 + [429]  # AXES_FAILURE_LIMIT: 5
    refused = _login(guesser, user.username, PASSWORD, xff="203.0.113.7")
    assert refused.status_code == 429 and "_auth_user_id" not in guesser.session
    assert AccessAttempt.objects.get(username=user.username).ip_address == "203.0.113.7"

    response = _login(owner, user.username, PASSWORD, xff="198.51.100.20")
    assert response.status_code == 302 and owner.session["_auth_user_id"] == str(user.pk)
    # the guesser stays paused; what it writes into the header itself does not free it
    again = _login(guesser, user.username, PASSWORD, xff="198.51.100.20, 203.0.113.7")
    assert again.status_code == 429 and "_auth_user_id" not in guesser.session


def test_without_a_proxy_a_forged_header_neither_frees_nor_frames_anyone(town, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    user = town.a.grid_worker
    guesser = Client()
    for i in range(5):
        _login(guesser, user.username, "wrong", xff=f"198.51.100.{i}", remote="203.0.113.7")
    refused = _login(guesser, user.username, PASSWORD, xff="198.51.100.99", remote="203.0.113.7")
    assert refused.status_code == 429
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.7"]
    # the addresses it named are not paused
    named = _login(Client(), user.username, PASSWORD, xff=None, remote="198.51.100.0")
    assert named.status_code == 302


@pytest.mark.parametrize("proxies", [0, 1])
def test_the_compound_search_is_throttled_whatever_the_client_writes_in_the_header(
    client, town, settings, proxies
):
    """Issue 19, item 6: DRF took X-Forwarded-For as the address; a new header per call was
    a new visitor."""
    settings.TRUSTED_PROXY_COUNT = proxies
    client_address = "203.0.113.7"

    def search(i: int, who: str = client_address):
        forged = f"198.51.100.{i}"
        header = f"{forged}, {who}" if proxies else forged
        remote = PROXY if proxies else who
        return client.get(SEARCH, {"q": "花园"}, HTTP_X_FORWARDED_FOR=header, REMOTE_ADDR=remote)

    codes = [search(i).status_code for i in range(61)]
    assert codes[:60] == [200] * 60 and codes[60] == 429
    # another resident (behind the proxy: another address the proxy names) is not held back
    assert search(0, who="203.0.113.8").status_code == 200
