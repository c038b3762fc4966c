"""Keeping the monthly roll-ups fresh: one month is recounted from the cases and replaced in
one transaction, under a row lock on the month so that two workers recounting it at once
cannot leave it counted twice."""

from contextlib import suppress
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from reports.models import CaseMonthRollup, MediatorMonthRollup, RollupMonth, SettleDaysRollup
from reports.periods import add_months, current_month, period_for
from reports.selectors import rollup_rows


def rollup_refresh(*, month: date) -> RollupMonth:
    month = month.replace(day=1)
    with suppress(IntegrityError):  # created by a concurrent refresh a moment ago
        RollupMonth.objects.get_or_create(month=month)
    with transaction.atomic():
        marker = RollupMonth.objects.select_for_update().get(month=month)
        # Counted after taking the lock, so the later of two refreshes stores the later counts.
        rows = rollup_rows(period_for(month))
        for model in (CaseMonthRollup, SettleDaysRollup, MediatorMonthRollup):
            model.objects.filter(month=month).delete()
        CaseMonthRollup.objects.bulk_create(
            [CaseMonthRollup(month=month, **row) for row in rows["cases"]], batch_size=2000
        )
        SettleDaysRollup.objects.bulk_create(
            [SettleDaysRollup(month=month, **row) for row in rows["settle_days"]],
            batch_size=2000,
        )
        MediatorMonthRollup.objects.bulk_create(
            [MediatorMonthRollup(month=month, **row) for row in rows["mediators"]],
            batch_size=2000,
        )
        marker.refreshed_at = timezone.now()
        marker.save(update_fields=["refreshed_at"])
    return marker


def rollup_months_to_refresh(*, months: int = 2) -> list[date]:
    """The current month and the ones before it, oldest first."""
    this = current_month()
    return [add_months(this, -i) for i in range(months - 1, -1, -1)]
