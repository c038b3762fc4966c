"""Deployment checks of our own settings (`manage.py check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_check(app_configs, **kwargs):
    """The QR code on every printed agreement leads to SITE_URL: a local or plain-http address
    would send whoever scans it nowhere, or somewhere unverified."""
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme != "https" or parts.hostname in (None, "localhost", "127.0.0.1"):
        return [
            Warning(
                f"SITE_URL is {settings.SITE_URL!r}: the QR codes printed on agreements lead "
                "there.",
                hint="Set SITE_URL to the public https:// address of the site.",
                id="core.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def rate_limits_check(app_configs, **kwargs):
    """The residents' rate limits may be switched off for a load test, never in service."""
    if not settings.RATE_LIMITS_ENABLED:
        return [
            Warning(
                "RATE_LIMITS_ENABLED is off: complaint, upload and tracking limits are not "
                "applied.",
                hint="Unset RATE_LIMITS_ENABLED (it is meant for bench/run.py only).",
                id="core.W002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def trusted_proxy_check(app_configs, **kwargs):
    """Production runs behind a TLS proxy: without TRUSTED_PROXY_COUNT every visitor has the
    proxy's address, so five wrong passwords from anyone pause an account for everyone and
    the residents' limits count the whole town as one visitor."""
    if settings.TRUSTED_PROXY_COUNT <= 0:
        return [
            Warning(
                "TRUSTED_PROXY_COUNT is 0: the login lockout, the API's throttles and the "
                "residents' limits take the proxy's address for every visitor's.",
                hint="Set TRUSTED_PROXY_COUNT to the number of proxies in front of the app "
                "that append to X-Forwarded-For (1 for one nginx; docs/deployment.md).",
                id="core.W003",
            )
        ]
    return []
