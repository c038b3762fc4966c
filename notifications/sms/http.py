import json
import urllib.request

from django.conf import settings

from . import SmsError


class SmsBackend:
    """Posts {"to", "text", "sign"} as JSON to SMS_HTTP_URL with a bearer token. Providers
    differ; adapt the payload here (or subclass) for the one a deployment uses."""

    def send(self, to: str, text: str) -> None:
        payload = json.dumps(
            {"to": to, "text": text, "sign": settings.SMS_SIGN}, ensure_ascii=False
        ).encode()
        request = urllib.request.Request(  # noqa: S310 (the URL is the operator's setting)
            settings.SMS_HTTP_URL,
            data=payload,
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {settings.SMS_HTTP_TOKEN}",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                if response.status >= 300:
                    raise SmsError(f"gateway answered {response.status}")
        except OSError as exc:
            raise SmsError(str(exc)) from exc
