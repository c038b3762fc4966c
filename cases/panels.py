"""Other apps add sections to the case page without touching it: a panel is a template plus a
function that builds its context for (request, case). Register from AppConfig.ready()."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CasePanel:
    name: str
    template: str
    context: Callable  # (request, case) -> dict, or None to hide the panel
    column: str = "main"  # "main" (left) or "side" (right)
    order: int = 100


_PANELS: dict[str, CasePanel] = {}


def register(panel: CasePanel) -> None:
    _PANELS[panel.name] = panel


def panels_for(request, case) -> dict[str, list[dict]]:
    """The panels to show, with their contexts, grouped by column."""
    shown: dict[str, list[dict]] = {"main": [], "side": []}
    for panel in sorted(_PANELS.values(), key=lambda p: p.order):
        context = panel.context(request, case)
        if context is not None:
            shown[panel.column].append({"template": panel.template, "context": context})
    return shown
