import logging

from core.masking import mask_mobile

logger = logging.getLogger("notifications.sms")


class SmsBackend:
    def send(self, to: str, text: str) -> None:
        # Masked here too: a Celery worker's log does not pass through Django's log filter.
        logger.info("SMS to %s: %s", mask_mobile(to), text)
