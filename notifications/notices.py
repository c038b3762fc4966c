"""Notices say what happened, not how to send it.

A caller names the notice, who is to hear it and its parameters; `notice_send` renders the
text for each recipient, in the recipient's language and per channel, and writes it where it
goes: the desk (an in-app Notification) for staff, the outbox (an OutboundMessage, SMS or
email) for whoever has a number or an address and for channels the notice uses. The outbox
stays the one way out of the system. Each outbox message keeps the notice's name and
parameters, so a provider that only sends approved templates (Aliyun, Tencent Cloud SMS)
can send the template registered for that name with those parameters instead of the text.

A new channel (WeChat) is one more entry in `_enqueue` and a text per notice where it
needs one; the callers do not change.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.functional import Promise

from .models import Notification
from .services import message_enqueue

DESK, SMS, EMAIL = "desk", "sms", "email"
STAFF_LANGUAGE = "zh-hans"  # staff read their notices in Chinese, as every notice so far
NOTICES: dict[str, "Notice"] = {}


@dataclass(frozen=True)
class Notice:
    name: str  # "app.what_happened": the key of a provider's template for it
    text: Promise  # "%(param)s" placeholders; translated in the recipient's language
    channels: frozenset = frozenset({DESK, SMS, EMAIL})
    subject: Promise | None = None  # the email's subject (the text's start if None)
    sms: Promise | None = None  # a shorter text for SMS, where the text is long
    # Parameters that are themselves sentences, made in the recipient's language.
    prepare: Callable[[dict], dict] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        NOTICES.setdefault(self.name, self)

    def render(self, channel: str, params: dict, language: str) -> tuple[str, str]:
        """(subject, body) for this channel, in `language`."""
        with translation.override(language):
            values = {**params, **(self.prepare(params) if self.prepare else {})}
            text = self.sms if channel == SMS and self.sms is not None else self.text
            body = str(text) % values
            subject = str(self.subject) % values if self.subject is not None else body[:80]
        return subject, body


@dataclass(frozen=True)
class Recipient:
    """Who hears a notice: a member of staff (their desk, phone and address), or a resident
    or party known only by a mobile number or an address, in the language they chose."""

    user: object | None = None
    mobile: str = ""
    email: str = ""
    language: str = STAFF_LANGUAGE

    @classmethod
    def staff(cls, user) -> "Recipient":
        return cls(user=user, mobile=user.phone, email=user.email)

    @classmethod
    def resident(cls, *, mobile: str = "", email: str = "", language: str = "zh-hans"):
        return cls(mobile=mobile, email=email, language=language or "zh-hans")


def staff(users: Iterable) -> list[Recipient]:
    return [Recipient.staff(user) for user in users]


def notice_send(
    notice: Notice,
    *,
    to: Iterable[Recipient],
    params: dict,
    source: str,
    url: str = "",
    case=None,
    channels: Iterable[str] | None = None,
) -> int:
    """Tell each recipient, once per source: repeats of the same source are ignored on every
    channel (a task that runs twice tells once). `channels` narrows the notice's own for this
    sending. Returns how many desk notifications were new (as the desk shows them)."""

    allowed = notice.channels & set(channels) if channels is not None else notice.channels
    desk = []
    for recipient in to:
        if DESK in allowed and recipient.user is not None:
            _subject, text = notice.render(DESK, params, recipient.language)
            desk.append(
                Notification(
                    user=recipient.user, source=source, text=text[:300], url=url, case=case
                )
            )
        _enqueue(recipient, notice, allowed, params, source)
    return len(Notification.objects.bulk_create(desk, ignore_conflicts=True)) if desk else 0


def _enqueue(recipient, notice, channels, params, source) -> None:
    for channel, to in ((SMS, recipient.mobile), (EMAIL, recipient.email)):
        if channel in channels and to:
            subject, body = notice.render(channel, params, recipient.language)
            message_enqueue(
                channel=channel,
                to=to,
                subject=subject if channel == EMAIL else "",
                body=body,
                source=source,
                notice=notice.name,
                params=params,
            )
