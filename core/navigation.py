"""The staff navigation: each app registers its entries here, shown to whoever they concern."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: Promise | str
    visible: Callable = lambda user: True
    badge: Callable | None = None
    order: int = 100


_ENTRIES: list[NavEntry] = []


def register(entry: NavEntry) -> None:
    if entry.url_name not in {e.url_name for e in _ENTRIES}:
        _ENTRIES.append(entry)
        _ENTRIES.sort(key=lambda e: e.order)


def items_for(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        return []
    items = []
    for entry in _ENTRIES:
        if not entry.visible(user):
            continue
        url = reverse(entry.url_name)
        items.append(
            {
                "url": url,
                "label": entry.label,
                "active": False,
                "badge": entry.badge(user) if entry.badge else None,
            }
        )
    # The entry whose address is the longest start of this page's: on /reports/ledger/ the
    # ledgers, not the figures at /reports/ as well.
    matches = [i for i in items if request.path == i["url"] or _under(request.path, i["url"])]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return items


def _under(path: str, url: str) -> bool:
    return len(url) > 1 and path.startswith(url)
