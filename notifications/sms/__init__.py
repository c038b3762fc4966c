"""SMS backends, pluggable like Django's email backends (settings.SMS_BACKEND).

- notifications.sms.console.SmsBackend: writes messages to the log (local runs)
- notifications.sms.filebased.SmsBackend: appends JSON lines to SMS_FILE_PATH (development)
- notifications.sms.locmem.SmsBackend: keeps messages in notifications.sms.outbox (tests)
- notifications.sms.http.SmsBackend: posts to a provider's HTTP gateway (production)
"""

from django.conf import settings
from django.utils.module_loading import import_string

outbox: list[dict] = []  # the locmem backend's messages, like django.core.mail.outbox


class SmsError(Exception):
    """The gateway did not accept the message; the outbox retries later."""


def get_backend():
    return import_string(settings.SMS_BACKEND)()


def send_sms(to: str, text: str) -> None:
    get_backend().send(to, text)
