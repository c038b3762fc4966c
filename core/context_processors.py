from django.conf import settings

from .navigation import items_for


def site(request) -> dict:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "nav_items": items_for(request) if hasattr(request, "user") else [],
    }
