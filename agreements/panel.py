"""The agreement's section of the case page."""

from cases.panels import known_empty
from cases.workflow import Capability

from .selectors import agreements_for_case, owners_consent, templates_for_case
from .services import DRAFTABLE_STATUSES


def panel_context(request, case) -> dict | None:
    versions = [] if known_empty(case, "agreements") else list(agreements_for_case(case))
    can_work = Capability.WORK in case.capabilities
    can_draft = can_work and not versions and case.status in DRAFTABLE_STATUSES
    if not versions and not can_draft:
        return None
    return {
        "case": case,
        "current": versions[0] if versions else None,
        "versions": versions,
        "can_draft": can_draft,
        # Where the owners stand matters until the agreement is final (services._check_consent).
        "consent": owners_consent(case)
        if not versions or versions[0].status in ("draft", "pending_approval")
        else None,
        "templates": list(templates_for_case(case)) if can_draft else [],
    }
