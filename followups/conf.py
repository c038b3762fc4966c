"""This app's settings, each with a default (override in the Django settings or environment)."""

import os

from django.conf import settings


def job_seconds() -> float:
    """How often beat runs the follow-up jobs. They are idempotent, so hourly is plenty."""
    return float(
        getattr(settings, "FOLLOWUP_JOB_SECONDS", os.environ.get("FOLLOWUP_JOB_SECONDS", 3600))
    )


def lookback_days() -> int:
    """Settlements older than this are not planned automatically (see services.plans)."""
    return int(getattr(settings, "FOLLOWUP_LOOKBACK_DAYS", 180))


# Cases this close to their 30-day deadline show on the mediator's "today" page.
DEADLINE_SOON_DAYS = 5
