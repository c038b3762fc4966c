"""The one guard for work on a case (everything that is not a workflow move): lock the case row,
check the actor's capability and that the case still takes work."""

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from cases.access import case_capabilities
from cases.models import Case
from cases.workflow import WORK_STATUSES, Capability, Status
from core.errors import Refused
from core.logging import log_access_refused

if TYPE_CHECKING:
    from mediators.models import User


def case_lock_for_work(
    *, case_id: int, actor: "User", capability: str = Capability.WORK, any_status: bool = False
) -> Case:
    """Call inside transaction.atomic(). Refuses with Refused: forbidden (not this user's
    to do) or illegal (the case is closed, declined or withdrawn)."""
    case = Case.objects.select_for_update().get(pk=case_id)
    case.capabilities = case_capabilities(actor, case)
    if capability not in case.capabilities:
        log_access_refused(user=actor, object_type="case", object_id=case_id, action=capability)
        raise Refused("forbidden", _("You may not do this on this case."))
    if not any_status and case.status not in WORK_STATUSES:
        raise Refused(
            "illegal",
            _("The case is %(status)s: nothing more can be recorded on it.")
            % {"status": Status(case.status).label},
        )
    return case


def require_text(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise Refused("invalid", message)
    return text
