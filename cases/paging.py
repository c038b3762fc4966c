"""Keyset pagination for the desk's lists: "next" continues after the last row shown, so no
page ever counts or skips over a large table (OFFSET grows with the page number)."""

import base64
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet


@dataclass
class KeysetPage:
    object_list: list
    next_cursor: str | None
    is_first: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def _encode(row) -> str:
    raw = f"{row.registered_at.isoformat()}|{row.pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> tuple[datetime, int] | None:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        stamp, pk = base64.urlsafe_b64decode(padded).decode().split("|")
        return datetime.fromisoformat(stamp), int(pk)
    except (ValueError, UnicodeDecodeError):
        return None


def keyset_page(
    queryset: QuerySet, cursor: str | None, size: int = 25, *, ids_first: bool = False
) -> KeysetPage:
    """Rows ordered newest first by (registered_at, id), the page after `cursor`.

    `ids_first` picks the page's ids in a subquery and reads only those rows: when an index
    holds the order and the filtered columns (the ledgers' covering indexes), the subquery
    never visits the table, where a plain scan in that order fetches every row it filters out.
    """
    queryset = queryset.order_by("-registered_at", "-id")
    position = _decode(cursor) if cursor else None
    if position:
        at, pk = position
        queryset = queryset.filter(Q(registered_at__lt=at) | Q(registered_at=at, pk__lt=pk))
    if ids_first:
        # The outer query keeps the caller's joins; its filters, repeated, test only these rows.
        queryset = queryset.filter(pk__in=queryset.select_related(None).values("pk")[: size + 1])
    rows = list(queryset[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return KeysetPage(
        object_list=rows,
        next_cursor=_encode(rows[-1]) if more and rows else None,
        is_first=position is None,
    )
