"""Months in local time (Asia/Shanghai): the unit every figure is counted in."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Period:
    """One calendar month. `as_of` is where "at the end of the month" is measured: the first
    moment of the next month, or now while the month is still running."""

    month: date  # its first day
    start: datetime
    end: datetime  # exclusive: the first moment of the next month
    as_of: datetime

    @property
    def key(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def as_of_date(self) -> date:
        """The local date on which "overdue" is judged: a deadline before it has passed."""
        return timezone.localdate(self.as_of)

    @property
    def is_running(self) -> bool:
        return self.as_of < self.end

    def previous(self, months: int = 1) -> "Period":
        return period_for(add_months(self.month, -months))

    def next(self) -> "Period":
        return period_for(add_months(self.month, 1))


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def period_for(month: date, *, now: datetime | None = None) -> Period:
    month = month.replace(day=1)
    start = _local_midnight(month)
    end = _local_midnight(add_months(month, 1))
    now = now or timezone.now()
    return Period(month=month, start=start, end=end, as_of=min(end, max(now, start)))


def current_month() -> date:
    return timezone.localdate().replace(day=1)


def parse_month(value: str | None) -> date | None:
    """ "2026-03" → date(2026, 3, 1); None for anything else (the caller says what is wrong)."""
    match = MONTH_RE.match((value or "").strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return date(year, month, 1)


def months_back(month: date, count: int) -> list[date]:
    """The `count` months ending with `month`, oldest first."""
    return [add_months(month, -i) for i in range(count - 1, -1, -1)]
