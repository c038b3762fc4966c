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
    # Optional: () -> a boolean expression on the case's row (OuterRef("pk")), true when the
    # panel has something to show. The page asks every panel's in one query with its own lists
    # (cases.selectors.case_sections_present) and skips a panel with nothing without building
    # its context.
    present: Callable | None = None


_PANELS: dict[str, CasePanel] = {}
_CHECKS: dict[str, Callable] = {}


def register(panel: CasePanel) -> None:
    _PANELS[panel.name] = panel


def register_check(name: str, build: Callable) -> None:
    """A question about the case a panel asks before its query: `build()` gives a boolean
    expression on the case's row (OuterRef("pk")), answered with the page's other checks in one
    query. The panel reads the answer with known_empty(case, name)."""
    _CHECKS[name] = build


def known_empty(case, name: str) -> bool:
    """True when the case page's presence query found nothing for `name`: the caller skips its
    query. False when it found rows, or when no page asked (the API, a PDF, a task)."""
    return getattr(case, "present", {}).get(name) is False


def _key(panel: CasePanel) -> str:
    return "panel_" + panel.name.replace("-", "_")


def presence_checks() -> dict:
    """name -> the function building each check the case page's presence query asks: the
    panels' own (CasePanel.present) and those registered with register_check
    (cases.selectors.case_sections_present builds them once per process)."""
    checks = {_key(p): p.present for p in _PANELS.values() if p.present}
    return {**checks, **_CHECKS}


def panels_for(request, case) -> dict[str, list[dict]]:
    """The panels to show, with their contexts, grouped by column. A panel the page's presence
    query found empty (known_empty) is skipped without building its context."""
    shown: dict[str, list[dict]] = {"main": [], "side": []}
    for panel in sorted(_PANELS.values(), key=lambda p: p.order):
        if known_empty(case, _key(panel)):
            continue
        context = panel.context(request, case)
        if context is not None:
            shown[panel.column].append({"template": panel.template, "context": context})
    return shown
