"""The resident's access to their case: granted in the session by a successful lookup (the
tracking code plus the last four digits of the mobile number) or by confirming the complaint.

Other apps' resident-facing pages (the next follow-up, the agreement download) call
`tracked_case(request, code)` to find the case or refuse, exactly as the tracking page does.
"""

from django.utils import timezone

from cases import tracking
from cases.models import Case
from core.logging import log_access_refused

SESSION_KEY = "intake_tracking"


def tracking_grant(request, case: Case) -> None:
    granted = dict(request.session.get(SESSION_KEY, {}))
    granted[str(case.pk)] = timezone.now().isoformat()
    request.session[SESSION_KEY] = granted
    # A new session id once the visitor holds access to a case (no fixation).
    request.session.cycle_key()


def tracked_case_ids(request) -> set[int]:
    """The cases this session was granted (for resident pages addressed by case id)."""
    return {int(pk) for pk in request.session.get(SESSION_KEY, {})}


def tracked_case(request, code: str) -> Case | None:
    """The case of this tracking code if this session was granted it, else None."""
    code = tracking.normalize(code)
    granted = request.session.get(SESSION_KEY, {})
    case = None
    if tracking.is_well_formed(code) and granted:
        case = (
            Case.objects.select_related("category", "compound", "team")
            .filter(tracking_code=code, pk__in=[int(pk) for pk in granted])
            .first()
        )
    if case is None:
        # The code is a secret of the resident's: it is not logged.
        log_access_refused(user=request.user, object_type="case", object_id=None, action="track")
    return case
