"""The follow-up visit record (回访记录) as a PDF, and the follow-ups section of the case file,
rendered by the documents app's machinery (documents.rendering)."""

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from cases.access import case_capabilities
from cases.workflow import Capability
from core.errors import Refused
from documents.models import Document
from documents.rendering import (
    DossierSection,
    builder_register,
    dossier_section,
    mediators_of,
    parties_of,
)
from documents.services import document_request

from .models import FollowUpPlan, FollowUpVisit

if TYPE_CHECKING:
    from mediators.models import User


def visit_subject_key(visit: FollowUpVisit) -> str:
    return f"visit:{visit.pk}"


def build_visit_record(document: Document) -> tuple[str, dict]:
    visit = FollowUpVisit.objects.select_related(
        "case__team", "case__compound", "plan__agreement", "recorded_by", "assigned_to"
    ).get(pk=int(document.subject_key.split(":")[1]), case_id=document.case_id)
    case = visit.case
    return "followups/pdf/visit_record.html", {
        "case": case,
        "visit": visit,
        "agreement": visit.plan.agreement,
        "obligations": _obligations(visit.plan),
        "parties": parties_of(case),
        "mediators": mediators_of(case),
    }


def _obligations(plan: FollowUpPlan) -> list:
    if plan.agreement is None:
        return []
    return list(plan.agreement.obligations.select_related("debtor").order_by("due_on", "pk"))


def followups_section(case, audience: str) -> dict | None:
    """The case file's follow-ups: each visit made or attempted, in order. A visit's remarks
    are the mediator's words about every party, so a party's copy has the facts only."""
    visits = list(
        FollowUpVisit.objects.filter(case=case)
        .exclude(status=FollowUpVisit.Status.SCHEDULED)
        .select_related("recorded_by")
        .order_by("due_on", "pk")
    )
    if not visits:
        return None
    return {"visits": visits, "with_remarks": audience == Document.Audience.INTERNAL}


def visit_record_request(*, visit_id: int, actor: "User") -> Document:
    """Queue the record of a visit made or given up, for whoever works the case."""

    visit = FollowUpVisit.objects.select_related("case").get(pk=visit_id)
    if Capability.WORK not in case_capabilities(actor, visit.case):
        raise Refused("forbidden", _("Only those who work the case make its documents."))
    if visit.status == FollowUpVisit.Status.SCHEDULED:
        raise Refused("invalid", _("Record the visit first: there is nothing to print yet."))
    return document_request(
        case=visit.case,
        kind=Document.Kind.VISIT_RECORD,
        actor=actor,
        subject_key=visit_subject_key(visit),
    )


def register() -> None:
    """Called from FollowupsConfig.ready()."""

    builder_register(Document.Kind.VISIT_RECORD, build_visit_record)
    dossier_section(
        "followups",
        DossierSection(
            title=_("Follow-up visits"),
            template="followups/pdf/_followups.html",
            context=followups_section,
            order=30,
        ),
    )
