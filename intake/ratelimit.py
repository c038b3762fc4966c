"""Rate limits on what anonymous people can repeat: submitting complaints, asking for codes,
uploading files (by number and by bytes) and guessing tracking codes. Counters live in the
shared cache (Redis in production and CI); the address is core.clientip's, as the login
lockout and the API's throttles see it.

A window opens at the first attempt and lasts the whole period (cache.add, then an atomic
incr). Clock-aligned windows (as django-ratelimit has) let a burst of twice the limit through
at a window's edge and made the throttling tests depend on the time of day.

An attempt is counted before the thing it limits is done, and compared with the count the
increment returns: parallel requests cannot all pass a check that none of them has counted
yet. What turns out not to count (a refused request, a tracking lookup that succeeded) is
given back.

The limits are best effort: while the cache cannot be reached they let everything through
(and log it), so that a resident's complaint is saved rather than refused with an error; the
form's honeypot, the confirmation code and staff review stay in place (docs/deployment.md).
"""

import hashlib
import logging
import time
from dataclasses import dataclass, field
from math import ceil

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from core.clientip import client_ip

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


@dataclass(frozen=True)
class Rate:
    """One limit to count against: `group` per address, or per `value` (a mobile number, a
    tracking code); `cost` is how much this request uses of it (1, or files, or bytes)."""

    group: str
    rate_name: str
    value: str | None = None
    cost: int = 1


@dataclass
class Counted:
    """What a call of `limit` added to the counters, to give back if it should not count."""

    added: list[tuple[str, int]] = field(default_factory=list)

    def give_back(self) -> None:
        for key, cost in self.added:
            try:
                cache.decr(key, cost)
            except ValueError:  # the window has closed meanwhile: nothing left to give back
                pass
            except CACHE_DOWN as error:
                logger.warning("rate limit not given back, the cache is unreachable: %s", error)
        self.added = []


def _parse(rate: str) -> tuple[int, int]:
    count, period = rate.split("/")
    return int(count), PERIODS[period[-1]] * int(period[:-1] or 1)


def _key(group: str, value: str) -> str:
    # Hashed: mobile numbers and tracking codes never appear in the cache's keys.
    digest = hashlib.sha256(f"{group}:{value}".encode()).hexdigest()[:32]
    return f"intake:rl:{group}:{digest}"


def _count(key: str, period: int, cost: int) -> int:
    if cache.add(key, 0, timeout=period):
        cache.set(f"{key}:opened", time.time(), timeout=period)
    try:
        return cache.incr(key, cost)
    except ValueError:  # expired between add and incr
        cache.add(key, cost, timeout=period)
        return cost


def limit(
    request, *rates: Rate, group="", rate_name="", value: str | None = None, cost: int = 1
) -> Counted:
    """Count this request against each rate (or the one rate given by keyword) and refuse
    once any is used up; a refused request gives back what it counted, so it uses nothing.
    Returns what was counted, for `Counted.give_back`."""
    rates = rates or (Rate(group, rate_name, value, cost),)
    counted = Counted()
    if not settings.RATE_LIMITS_ENABLED:
        return counted
    for rate in rates:
        allowed, period = _parse(rules.get(rate.rate_name))
        who = (client_ip(request) or "unknown") if rate.value is None else rate.value
        key = _key(rate.group, who)
        try:
            used = _count(key, period, rate.cost)
            counted.added.append((key, rate.cost))
            opened = (cache.get(f"{key}:opened") or time.time()) if used > allowed else None
        except CACHE_DOWN as error:
            logger.warning(
                "rate limit %s not checked, the cache is unreachable: %s", rate.group, error
            )
            continue
        if opened is not None:
            counted.give_back()
            minutes = max(1, ceil((opened + period - time.time()) / 60))
            raise RateLimited(
                _("Too many attempts. Please try again in %(minutes)d minutes.")
                % {"minutes": minutes}
            )
    return counted


def upload_rates(sizes: list[int]) -> tuple[Rate, Rate]:
    """The files of one request count against the address one by one and by their bytes."""
    return (
        Rate("intake.upload.ip", "UPLOAD_RATE_IP", cost=len(sizes)),
        Rate("intake.upload.bytes.ip", "UPLOAD_BYTES_RATE_IP", cost=sum(sizes)),
    )


def track_rates(code: str) -> tuple[Rate, Rate]:
    """A tracking lookup counts per address and per code before it is made; one that
    succeeds gives both back, so only wrong guesses use the limits up."""
    return (
        Rate("intake.track.ip", "TRACK_RATE_IP"),
        Rate("intake.track.code", "TRACK_RATE_CODE", value=code),
    )
