import json
from pathlib import Path

from django.conf import settings
from django.utils import timezone


class SmsBackend:
    def send(self, to: str, text: str) -> None:
        path = Path(settings.SMS_FILE_PATH)
        path.parent.mkdir(parents=True, exist_ok=True)
        record = {"to": to, "text": text, "at": timezone.now().isoformat()}
        with path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
