"""Celery tasks of the supervision app: they take ids and dates as text, are safe to run
twice, and call the services."""

from datetime import date

from celery import shared_task

from reports.periods import add_months, current_month, months_back
from reports.selectors import TREND_MONTHS, rollup_freshness
from reports.services.monthly import (
    monthly_report_deliver,
    monthly_report_prepare,
    supervised_places,
)
from reports.services.rollups import rollup_months_to_refresh, rollup_refresh


@shared_task
def rollup_refresh_month(month_iso: str) -> str:
    marker = rollup_refresh(month=date.fromisoformat(month_iso))
    return f"{marker.month:%Y-%m}"


@shared_task
def rollups_refresh_recent() -> list[str]:
    """Every few minutes: the running month and the one before (late conclusions)."""

    return [f"{rollup_refresh(month=m).month:%Y-%m}" for m in rollup_months_to_refresh(months=2)]


@shared_task
def rollups_refresh_year() -> list[str]:
    """Nightly: the last 13 months, so the trend and the drill-down lists agree after
    reopened cases and corrections."""

    return [f"{rollup_refresh(month=m).month:%Y-%m}" for m in rollup_months_to_refresh(months=13)]


@shared_task
def monthly_reports_prepare() -> list[int]:
    """On the first day of the month: last month is recounted, frozen for every supervised
    district and street, and each report is rendered and emailed by its own task."""

    month = add_months(current_month(), -1)
    rollup_refresh(month=month)
    # The report's trend covers twelve months: count any that never were (a new install).
    window = months_back(month, TREND_MONTHS)
    counted = rollup_freshness(window)
    for earlier in window:
        if earlier not in counted:
            rollup_refresh(month=earlier)
    report_ids = []
    for level, pk in supervised_places():
        report = monthly_report_prepare(month=month, level=level, pk=pk)
        monthly_report_send.delay(report.pk)
        report_ids.append(report.pk)
    return report_ids


@shared_task(autoretry_for=(Exception,), retry_backoff=60, max_retries=6)
def monthly_report_send(report_id: int) -> int:
    return monthly_report_deliver(report_id=report_id)
