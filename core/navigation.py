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
                "active": request.path == url
                or (url != "/" and request.path.startswith(url) and len(url) > 1),
                "badge": entry.badge(user) if entry.badge else None,
            }
        )
    return items
