"""Reads of intake shared by the pages, the API and the case page's panel."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.access import scope_for
from cases.models import Case, CaseEvent, MediationSession
from cases.selectors import events_for_side
from grids.models import Compound
from mediators.models import Team

from .models import Addition, Complaint, PartnerSystem, Referral, Upload

SEARCH_LIMIT = 10


def compound_search(query: str, *, within: QuerySet[Compound] | None = None) -> list[Compound]:
    """Compounds whose name or address contains the words typed (search-as-you-type). Until
    the organisation app's public compound search lands, intake keeps this small one."""
    # A NUL byte is not text anyone types, and PostgreSQL refuses it in a query.
    words = (query or "")[:64].replace("\x00", "").split()[:4]
    if not words:
        return []
    compounds = within if within is not None else Compound.objects.all()
    for word in words:
        compounds = compounds.filter(Q(name__icontains=word) | Q(address__icontains=word))
    return list(
        compounds.select_related("street", "property_company").order_by("name", "code")[
            :SEARCH_LIMIT
        ]
    )


def compound_by_code(code: str) -> Compound | None:
    code = (code or "").replace("\x00", "").strip()[:32]
    if not code:
        return None
    return Compound.objects.select_related("street", "property_company").filter(code=code).first()


TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def complaint_by_token(token: str, *related: str) -> Complaint | None:
    """The complaint of a URL's token. Tokens are URL-safe base64; anything else is not looked
    up (a NUL byte would even make PostgreSQL refuse the query)."""
    if not TOKEN_RE.fullmatch(token or ""):
        return None
    return Complaint.objects.select_related(*related).filter(token=token).first()


def can_register(user) -> bool:
    """Staff registration is for whoever works cases: a team member other than a partner
    organisation (the duty officer, the grid worker, mediators), or an administrator."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(scope_for(user).working_team_ids)


def compounds_for_registrar(user) -> QuerySet[Compound]:
    """The compounds of the streets (or, for a district's centre, the district) of the user's
    working teams: a duty officer registers for their own area."""
    if not user.is_authenticated:
        return Compound.objects.none()
    if user.is_superuser:
        return Compound.objects.all()
    teams = Team.objects.filter(pk__in=scope_for(user).working_team_ids)
    street_ids = [t.street_id for t in teams if t.street_id]
    district_ids = [t.district_id for t in teams if not t.street_id]
    return Compound.objects.filter(
        Q(street_id__in=street_ids) | Q(street__district_id__in=district_ids)
    )


@dataclass(frozen=True)
class Step:
    created_at: datetime
    kind: str
    summary: str


def tracking_steps(case: Case, *, side: str) -> list[Step]:
    """The record entries a party of this side may see (never internal entries, never the
    other side's back-to-back notes: the case app's own selector for one side's view), each
    as the resident reads it. A session's entry carries its minutes for the staff's file; the
    public page says only that it took place, when and how (a mediator found the applicant's
    own words of a back-to-back session on the tracking page, issue 19)."""
    events = list(events_for_side(case, side))
    session_ids = {e.detail.get("session_id") for e in events if _about_session(e)}
    sessions = {
        s.pk: s
        for s in MediationSession.objects.filter(case=case, pk__in=session_ids - {None}).only(
            "held_at", "mode"
        )
    }
    return [
        Step(e.created_at, e.kind, _session_line(e, sessions.get(e.detail.get("session_id"))))
        if _about_session(e)
        else Step(e.created_at, e.kind, e.summary)
        for e in events
    ]


def _about_session(event: CaseEvent) -> bool:
    return event.kind == "session" or (
        event.kind == "correction" and event.detail.get("corrected_kind") == "session"
    )


def _session_line(event: CaseEvent, session: MediationSession | None) -> str:
    held = timezone.localtime(session.held_at if session else event.created_at)
    mode = session.mode if session else event.detail.get("mode", "")
    values = {"date": f"{held:%Y-%m-%d}"}
    if event.kind == "correction":
        return _("The record of the session of %(date)s was corrected.") % values
    if mode == MediationSession.Mode.BACK_TO_BACK:
        return _("A back-to-back session was held with your side on %(date)s.") % values
    return _("A joint mediation session was held on %(date)s.") % values


def case_uploads(case: Case) -> list[Upload]:
    """The files the resident sent with the complaint and later, oldest first."""
    return list(
        Upload.objects.filter(Q(complaint__case=case) | Q(addition__case=case)).order_by(
            "created_at", "id"
        )
    )


def case_has_files() -> Q:
    """The files panel's presence check on the case's row (cases.panels.CasePanel.present):
    what case_uploads or case_additions would list (an addition's uploads come with it)."""
    case = OuterRef("pk")
    return Q(Exists(Addition.objects.filter(case=case))) | Q(
        Exists(Upload.objects.filter(complaint__case=case))
    )


def case_additions(case: Case) -> list[Addition]:
    return list(Addition.objects.filter(case=case).order_by("created_at", "id"))


def upload_case_id(upload: Upload) -> int | None:
    """The case an uploaded file belongs to (None while it is a draft or pending)."""
    if upload.addition_id:
        return Addition.objects.filter(pk=upload.addition_id).values_list("case_id", flat=True)[0]
    if upload.complaint_id:
        return upload.complaint.case_id
    return None


def partner_for_user(user) -> PartnerSystem | None:
    if not user.is_authenticated:
        return None
    return PartnerSystem.objects.filter(user=user, active=True).first()


def referrals_for_partner(partner: PartnerSystem) -> QuerySet[Referral]:
    """A partner's referrals with their cases (one query for the page of them)."""
    return Referral.objects.filter(partner=partner).select_related("case")
