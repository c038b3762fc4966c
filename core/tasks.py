import socket

from celery import shared_task
from django.utils import timezone

from .models import WorkerHeartbeat


@shared_task
def heartbeat() -> str:
    """Record that a worker ran a task just now (run by beat every few minutes)."""
    hostname = heartbeat.request.hostname or socket.gethostname()
    WorkerHeartbeat.objects.update_or_create(
        hostname=hostname, defaults={"beat_at": timezone.now()}
    )
    return hostname
