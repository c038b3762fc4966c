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
