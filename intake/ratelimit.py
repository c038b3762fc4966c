"""Rate limits on what anonymous people can repeat: submitting complaints, asking for codes,
uploading files and guessing tracking codes. Counters live in the shared cache (Redis in
production and CI).

A window opens at the first attempt and lasts the whole period (cache.add, then an atomic
incr). Clock-aligned windows (as django-ratelimit has) let a burst of twice the limit through
at a window's edge and made the throttling tests depend on the time of day.

The limits are best effort: while the cache cannot be reached they let everything through
(and log it), so that a resident's complaint is saved rather than refused with an error; the
form's honeypot, the confirmation code and staff review stay in place (docs/deployment.md).
"""

import hashlib
import ipaddress
import logging
import time
from math import ceil

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from . import rules

logger = logging.getLogger(__name__)
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# What a cache that cannot be reached raises (Django's Redis backend passes redis-py's errors on).
CACHE_DOWN = (RedisError, OSError)


class RateLimited(Exception):
    """Too many attempts; `message` says when to try again (HTTP 429)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def client_ip(request) -> str:
    """The visitor's address; an IPv6 visitor counts by their /64 network, which they can
    change at will within. Behind a proxy, INTAKE_CLIENT_IP_HEADER names the header (e.g.
    HTTP_X_REAL_IP) the proxy sets."""
    header = getattr(settings, "INTAKE_CLIENT_IP_HEADER", "")
    raw = (request.META.get(header) if header else None) or request.META.get("REMOTE_ADDR", "")
    raw = raw.split(",")[0].strip()
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw or "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def _parse(rate: str) -> tuple[int, int]:
    count, period = rate.split("/")
    return int(count), PERIODS[period[-1]] * int(period[:-1] or 1)


def _key(group: str, value: str) -> str:
    # Hashed: mobile numbers and tracking codes never appear in the cache's keys.
    digest = hashlib.sha256(f"{group}:{value}".encode()).hexdigest()[:32]
    return f"intake:rl:{group}:{digest}"


def _count(key: str, period: int, *, add: bool) -> int:
    if not add:
        return cache.get(key, 0)
    if cache.add(key, 0, timeout=period):
        cache.set(f"{key}:opened", time.time(), timeout=period)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=period)
        return 1


def limit(request, *, group: str, rate_name: str, value: str | None = None, count=True) -> None:
    """Count one attempt against `group` (per IP, or per `value` such as a mobile number or a
    tracking code) and refuse once the rate in rules is used up. With count=False it only
    checks, for limits that count failures alone (see count_failure)."""
    if not settings.RATE_LIMITS_ENABLED:
        return
    allowed, period = _parse(rules.get(rate_name))
    key = _key(group, client_ip(request) if value is None else value)
    try:
        used = _count(key, period, add=count)
        over = used > allowed if count else used >= allowed
        opened = (cache.get(f"{key}:opened") or time.time()) if over else None
    except CACHE_DOWN as error:
        logger.warning("rate limit %s not checked, the cache is unreachable: %s", group, error)
        return
    if over:
        minutes = max(1, ceil((opened + period - time.time()) / 60))
        raise RateLimited(
            _("Too many attempts. Please try again in %(minutes)d minutes.") % {"minutes": minutes}
        )


def count_failure(request, *, group: str, rate_name: str, value: str | None = None) -> None:
    """Add one failure to a counter that `limit(count=False)` checks."""
    _allowed, period = _parse(rules.get(rate_name))
    try:
        _count(_key(group, client_ip(request) if value is None else value), period, add=True)
    except CACHE_DOWN as error:
        logger.warning("failure for %s not counted, the cache is unreachable: %s", group, error)
