"""Sections other apps add to the resident's tracking page without editing intake's templates
(the next follow-up visit, the agreement to download, ...). A panel is a template plus a
function building its context for (request, case), or returning None to stay hidden.

    from intake.panels import TrackingPanel, register
    register(TrackingPanel("followups-next", "followups/tracking_next.html", next_visit))

Register from AppConfig.ready(). The template gets `panel` (the context) and `case`, and links
back to resident pages with the case's tracking code; such pages check access with
intake.access.tracked_case(request, code).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class TrackingPanel:
    name: str
    template: str
    context: Callable  # (request, case) -> dict, or None to hide the panel
    order: int = 100


_PANELS: dict[str, TrackingPanel] = {}


def register(panel: TrackingPanel) -> None:
    _PANELS[panel.name] = panel


def panels_for(request, case) -> list[dict]:
    shown = []
    for panel in sorted(_PANELS.values(), key=lambda p: p.order):
        context = panel.context(request, case)
        if context is not None:
            shown.append({"name": panel.name, "template": panel.template, "context": context})
    return shown
