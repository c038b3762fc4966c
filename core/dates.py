"""Local days as ranges of time, for filters that take a date from the address."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

# A date field accepts any day from 0001-01-01 to 9999-12-31, but the day after the last one
# does not exist and midnight of the first is before the epoch of an aware datetime in some
# zones: a filter's day is kept within these years, which hold every case there will be.
EARLIEST, LATEST = date(1900, 1, 1), date(9000, 1, 1)


def local_midnight(day: date, days_after: int = 0) -> datetime:
    """The first moment of `day` (plus `days_after` days) in local time, the day kept between
    EARLIEST and LATEST: registered_to=9999-12-31 means "up to the end", not an OverflowError
    (issue 19, item 8). A day is compared as the range of its local hours, not as
    registered_at::date: the index on registered_at serves the range."""
    day = min(max(day, EARLIEST), LATEST) + timedelta(days=days_after)
    return timezone.make_aware(datetime.combine(day, time.min))
