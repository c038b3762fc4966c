"""The one rule for a visitor's address (issue 19, items 5 and 6): behind TRUSTED_PROXY_COUNT
proxies the client is that many places from the right of X-Forwarded-For; with none the
header is ignored. The login lockout, the API's throttles and the residents' limits all read
it, so each is tested here for taking it."""

from django.conf import settings
from django.test import RequestFactory

from core.clientip import client_ip

PROXY = "10.0.0.2"


def request(xff: str | None = None, remote: str = PROXY):
    extra = {"HTTP_X_FORWARDED_FOR": xff} if xff is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_it_ignores_the_header_when_no_proxy_is_configured(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request("203.0.113.9", remote="198.51.100.4")) == "198.51.100.4"


def test_behind_one_proxy_it_takes_the_address_the_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request("203.0.113.9")) == "203.0.113.9"
    # what the client wrote itself stands further left and is not believed
    assert client_ip(request("1.2.3.4, 5.6.7.8, 203.0.113.9")) == "203.0.113.9"


def test_behind_two_proxies_it_takes_the_second_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request("1.2.3.4, 203.0.113.9, 10.0.0.1")) == "203.0.113.9"


def test_a_request_that_bypassed_the_proxies_counts_by_its_own_address(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    # one hop where two proxies would have written two: sent past them, straight to the app
    assert client_ip(request("203.0.113.9", remote="198.51.100.4")) == "198.51.100.4"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request(None, remote="198.51.100.4")) == "198.51.100.4"


def test_garbage_is_no_address_and_ipv6_counts_by_its_network(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request("<script>")) is None
    assert client_ip(request(None, remote="")) is None
    assert client_ip(request("2001:db8:1:2:aaaa::1")) == "2001:db8:1:2::"
    assert client_ip(request("2001:db8:1:2:bbbb::7")) == "2001:db8:1:2::"
    assert client_ip(request("::ffff:203.0.113.9")) == "203.0.113.9"


def test_every_limit_reads_the_one_rule():
    assert settings.AXES_CLIENT_IP_CALLABLE == "core.clientip.client_ip"
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == settings.TRUSTED_PROXY_COUNT
