"""What each kind of document prints: a template and its context, read through the case's
own rows. Documents are printed in Chinese (the language of the legal text) whatever the
language of the person who asked for them.

Follow-up visit records (回访记录) are declared as a kind but have no builder yet: the visits
they print are being built in the follow-up work, which can also add its section to the case
file with `dossier_section`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from itertools import groupby

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _lazy

from agreements import codes
from agreements.models import Agreement
from cases.models import (
    Case,
    CaseAssignment,
    CaseEvent,
    ExpertAssessment,
    MediationSession,
    Party,
    TierStint,
)
from cases.workflow import Tier
from core.pdf import render_pdf_pages
from core.qr import qr_svg_data_uri

from .models import Document

STYLESHEETS = ("documents/pdf.css",)
Builder = Callable[[Document], tuple[str, dict]]


def site_url() -> str:
    """Where the QR code on a printed agreement leads (the public verification page)."""
    return settings.SITE_URL


def render_document(document: Document) -> tuple[bytes, int]:
    builder = BUILDERS.get(document.kind)
    if builder is None:
        raise NotImplementedError(f"no printed form for {document.kind} yet")
    with translation.override("zh-hans"):
        template, context = builder(document)
        return render_pdf_pages(template, context, stylesheets=STYLESHEETS)


# --- shared pieces ---------------------------------------------------------------------------


def parties_of(case: Case) -> dict:
    """Parties by side, each side's individual parties and its groups with every member."""
    parties = list(
        Party.objects.filter(case=case)
        .select_related("property_company", "group")
        .order_by("side", "group_id", "-is_representative", "id")
    )
    sides = []
    for side, label in Party.Side.choices:
        members = [p for p in parties if p.side == side]
        if not members:
            continue
        singles = [p for p in members if p.group_id is None]
        groups = [
            {"group": group_members[0].group, "members": group_members}
            for _gid, group_members in (
                (gid, list(items))
                for gid, items in groupby(
                    [p for p in members if p.group_id], key=lambda p: p.group_id
                )
            )
        ]
        sides.append({"side": side, "label": label, "singles": singles, "groups": groups})
    return {"sides": sides, "all": parties}


def mediators_of(case: Case, agreement: Agreement | None = None) -> list:
    users = [a.user for a in case.assignments.filter(active=True).select_related("user")]
    if agreement is not None and agreement.drafted_by not in users:
        users.append(agreement.drafted_by)
    return users


@dataclass(frozen=True)
class HandledBy:
    """Who had the case at one moment: the tier and team of its stint then and the mediators
    assigned then. A document prints these, not the case's current ones: minutes of a session
    held at the grid stay the grid's after the case goes up to the specialist team."""

    tier: str
    tier_label: str
    team: object
    mediators: list


def handled_at(case: Case, at: datetime) -> HandledBy:
    """The stint the case was in at `at` (the first one for a moment before registration) and
    the mediators assigned at that moment, or, when none was yet (a case is accepted before the
    lead assigns it), those the stint's team put on the case during the stint."""
    stints = TierStint.objects.filter(case=case).select_related("team")
    stint = (
        stints.filter(entered_at__lte=at)
        .filter(Q(left_at__isnull=True) | Q(left_at__gt=at))
        .order_by("-entered_at", "-id")
        .first()
    ) or stints.order_by("entered_at", "id").first()
    if stint is None:  # a case from before stints were kept: its current tier is all we know
        return HandledBy(case.tier, case.get_tier_display(), case.team, mediators_of(case))
    assignments = CaseAssignment.objects.filter(case=case).select_related("user")
    assignments = assignments.order_by("-role", "assigned_at", "id")  # the lead comes first
    at_the_time = assignments.filter(assigned_at__lte=at).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gt=at)
    )
    mediators = [a.user for a in at_the_time]
    if not mediators:
        during = assignments.filter(assigned_at__gte=stint.entered_at)
        if stint.left_at is not None:
            during = during.filter(assigned_at__lt=stint.left_at)
        mediators = list(dict.fromkeys(a.user for a in during))
    return HandledBy(stint.tier, Tier(stint.tier).label, stint.team, mediators)


def schedule_of(agreement: Agreement) -> list[dict]:
    obligations = list(
        agreement.obligations.select_related("debtor", "creditor").order_by(
            "term_number", "instalment", "id"
        )
    )
    return [
        {"number": number, "obligations": list(items)}
        for number, items in groupby(obligations, key=lambda o: o.term_number)
    ]


@lru_cache(maxsize=256)
def _qr(url: str) -> str:
    """A worker renders the same agreement's code again on retries and previews."""
    return qr_svg_data_uri(url, scale=3)


def agreement_context(agreement: Agreement) -> dict:
    case = agreement.case
    verify_url = site_url() + reverse("documents:verify", args=[agreement.verification_code])
    parties = parties_of(case)
    return {
        "agreement": agreement,
        "case": case,
        # the issuer and its seal: the people's mediation committee, not the team (art. 29)
        "committee": case.team.committee,
        "parties": parties,
        "copies": len([p for p in parties["all"] if not p.group_id]) + 1,
        "schedule": schedule_of(agreement),
        "mediators": mediators_of(case, agreement),
        "verification_code": codes.display(agreement.verification_code),
        "verify_url": verify_url,
        "qr": _qr(verify_url),
    }


# --- builders --------------------------------------------------------------------------------


def build_agreement(document: Document) -> tuple[str, dict]:
    agreement = Agreement.objects.select_related(
        "case__team__street",
        "case__team__district",
        "case__compound__property_company",
        "case__street",
        "drafted_by",
    ).get(pk=document.agreement_id)
    return "documents/pdf/agreement.html", agreement_context(agreement)


def build_acceptance_form(document: Document) -> tuple[str, dict]:
    case = Case.objects.select_related(
        "category", "compound__property_company", "street", "team", "registered_by"
    ).get(pk=document.case_id)
    accepted = case.events.filter(kind="accept").select_related("actor").first()
    # A reopened or escalated case is printed as it was accepted: that tier, team and mediators.
    moment = accepted.created_at if accepted else case.accepted_at or case.registered_at
    return "documents/pdf/acceptance_form.html", {
        "case": case,
        "parties": parties_of(case),
        "accepted": accepted,
        "handled": handled_at(case, moment),
        "printed_at": timezone.localtime(),
    }


@dataclass(frozen=True)
class DossierSection:
    """A part of the case file another app contributes (sessions, assessments, visits)."""

    title: str
    template: str
    context: Callable  # (case, audience) -> dict or None when there is nothing to print
    order: int = 100


_SECTIONS: dict[str, DossierSection] = {}


def dossier_section(name: str, section: DossierSection) -> None:
    _SECTIONS[name] = section


def events_for(case: Case, audience: str):
    events = CaseEvent.objects.filter(case=case).select_related("actor")
    if audience in (Document.Audience.INTERNAL,):
        return events
    # A party's copy: what is shared with every party and that side's own notes only.
    return events.visible_to_side(audience)


def build_case_file(document: Document) -> tuple[str, dict]:
    case = Case.objects.select_related(
        "category", "compound__property_company", "street", "team", "registered_by"
    ).get(pk=document.case_id)
    audience = document.audience
    agreements = [
        {"agreement": a, "schedule": schedule_of(a)}
        for a in case.agreements.select_related("drafted_by", "approved_by").order_by("version")
        if audience == Document.Audience.INTERNAL or a.status not in ("draft", "pending_approval")
    ]
    attachments = Document.objects.filter(case=case, state=Document.State.READY).exclude(
        pk=document.pk
    )
    if audience != Document.Audience.INTERNAL:
        attachments = attachments.filter(
            kind__in=[Document.Kind.AGREEMENT, Document.Kind.SIGNED_AGREEMENT]
        )
    sections = []
    for section in sorted(_SECTIONS.values(), key=lambda s: s.order):
        context = section.context(case, audience)
        if context is not None:
            sections.append({"title": section.title, "template": section.template, **context})
    return "documents/pdf/case_file.html", {
        "case": case,
        "audience": document.get_audience_display(),
        "is_internal": audience == Document.Audience.INTERNAL,
        "parties": parties_of(case),
        "events": list(events_for(case, audience)),
        "agreements": agreements,
        "sections": sections,
        "attachments": list(attachments.order_by("requested_at", "id")),
        "printed_at": timezone.localtime(),
        "version": document.version,
    }


def build_session_minutes(document: Document) -> tuple[str, dict]:
    session = MediationSession.objects.select_related("case__team", "recorded_by").get(
        pk=int(document.subject_key.split(":")[1]), case_id=document.case_id
    )
    case = session.case
    parties = parties_of(case)
    if session.side:  # back-to-back: only the side that was in the room
        parties["sides"] = [s for s in parties["sides"] if s["side"] == session.side]
    handled = handled_at(case, session.held_at)
    return "documents/pdf/session_minutes.html", {
        "case": case,
        "session": session,
        "parties": parties,
        "handled": handled,
        "mediators": handled.mediators,
    }


def sessions_for(case: Case, audience: str):
    sessions = MediationSession.objects.filter(case=case).select_related("recorded_by")
    if audience != Document.Audience.INTERNAL:
        # a party's copy: joint sessions and that side's own back-to-back sessions
        sessions = sessions.filter(side__in=["", audience])
    return sessions.order_by("held_at", "id")


def _sessions_section(case: Case, audience: str) -> dict | None:
    sessions = list(sessions_for(case, audience))
    return {"sessions": sessions} if sessions else None


def _assessments_section(case: Case, audience: str) -> dict | None:
    assessments = ExpertAssessment.objects.filter(case=case).select_related("expert")
    if audience != Document.Audience.INTERNAL:
        assessments = assessments.exclude(submitted_at__isnull=True)
    assessments = list(assessments.order_by("requested_at", "id"))
    return {"assessments": assessments} if assessments else None


dossier_section(
    "sessions",
    DossierSection(
        title=_lazy("Mediation sessions"),
        template="documents/pdf/_sessions.html",
        context=_sessions_section,
        order=10,
    ),
)
dossier_section(
    "assessments",
    DossierSection(
        title=_lazy("Expert assessments"),
        template="documents/pdf/_assessments.html",
        context=_assessments_section,
        order=20,
    ),
)

BUILDERS: dict[str, Builder] = {
    Document.Kind.AGREEMENT: build_agreement,
    Document.Kind.ACCEPTANCE_FORM: build_acceptance_form,
    Document.Kind.SESSION_MINUTES: build_session_minutes,
    Document.Kind.CASE_FILE: build_case_file,
}


def builder_register(kind: str, builder: Builder) -> None:
    """Another app's document (the follow-ups app's visit record), rendered like ours."""
    BUILDERS[kind] = builder
