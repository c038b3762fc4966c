from django.db import models


class WorkerHeartbeat(models.Model):
    """Written by a periodic task: shows the staff that Celery's worker and beat are alive."""

    hostname = models.CharField(max_length=255, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.hostname} {self.beat_at:%Y-%m-%d %H:%M:%S}"
