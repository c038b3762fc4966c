import logging
import socket

from celery import shared_task
from django.utils import timezone

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)


@shared_task
def heartbeat(note: str = "") -> str:
    """Record that a worker ran a task just now (run by beat every few minutes). An operator
    checking a deployment can send one with a note to find in the worker's log."""
    hostname = heartbeat.request.hostname or socket.gethostname()
    if note:
        logger.info("heartbeat on %s: %s", hostname, note)
    WorkerHeartbeat.objects.update_or_create(
        hostname=hostname, defaults={"beat_at": timezone.now()}
    )
    return hostname
