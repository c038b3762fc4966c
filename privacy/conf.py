"""This app's settings, each with a default (override in the Django settings)."""

from django.conf import settings

from intake import rules


def retention_years() -> int:
    """How long after a case ends its personal data is kept (PRIVACY_RETENTION_YEARS). The
    default is intake's, so the privacy notice and the retention job always state one period."""

    return int(getattr(settings, "PRIVACY_RETENTION_YEARS", rules.get("RETENTION_YEARS")))


def batch_size() -> int:
    """Cases anonymised per transaction by the retention job."""
    return int(getattr(settings, "PRIVACY_RETENTION_BATCH", 100))


def run_seconds() -> float:
    """The job stops taking new batches after this long and queues itself to go on, well inside
    the task's soft time limit."""
    return float(getattr(settings, "PRIVACY_RETENTION_RUN_SECONDS", 60))
