"""Paused logins. django-axes pauses an account's login from one address after repeated wrong
passwords (AXES_LOCKOUT_PARAMETERS: per account and address), so a stranger's guesses keep
out the stranger, not the owner at their own desk. The owner is told, and an administrator
can lift the pause at once (the user admin's action)."""

from datetime import timedelta

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy

from mediators.models import User
from notifications.notices import DESK, EMAIL, Notice, Recipient, notice_send


def login_lockout_notify(*, username: str, ip_address: str | None) -> int:
    """Tell the account's owner that logging in from `ip_address` is paused: in the app, once
    per pause, and by email at most once an hour (someone with many addresses could pause
    many). Nothing for a name that is no account. Returns the notifications created."""
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        return 0
    now = timezone.now()
    attempt = (
        AccessAttempt.objects.filter(username=username, ip_address=ip_address)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    minutes = int(settings.AXES_COOLOFF_TIME / timedelta(minutes=1))
    # One notice per pause: the attempts' row lives until the pause is lifted or runs out.
    pause = attempt if attempt is not None else int(now.timestamp())
    params = {
        "count": settings.AXES_FAILURE_LIMIT,
        "address": ip_address or "?",
        "time": timezone.localtime(now).strftime("%H:%M"),
        "minutes": minutes,
    }
    me = [Recipient.staff(user)]
    created = notice_send(
        LOGIN_PAUSED, to=me, params=params, source=f"lockout:{pause}", channels={DESK}
    )
    notice_send(  # the email once an hour, however many pauses
        LOGIN_PAUSED,
        to=me,
        params=params,
        source=f"lockout:{user.pk}:{now:%Y%m%d%H}",
        channels={EMAIL},
    )
    return created


def login_lockout_lift(*, users) -> int:
    """An administrator clears these accounts' failed logins, from every address, which lifts
    any pause; returns how many accounts had failed logins to clear."""
    # axes' reset() with no username would clear everyone's: a name is always given here.
    return sum(1 for user in users if user.username and reset(username=user.username))


LOGIN_PAUSED = Notice(
    name="mediators.login_paused",
    text=gettext_lazy(
        "%(count)d wrong passwords for your account from %(address)s at %(time)s: "
        "logging in from that address is paused for %(minutes)d minutes; elsewhere you "
        "can log in as usual. If this was not you, tell your administrator."
    ),
    subject=gettext_lazy("Logging in to your account was paused"),
    channels=frozenset({DESK, EMAIL}),
)
