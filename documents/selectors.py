"""Reads of the case's documents for the case page, the API and the verification page."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from agreements.models import Agreement
from cases.access import scope_for
from cases.models import CaseAssignment
from cases.selectors import case_list_for_user
from cases.workflow import Capability

from .models import Document


def case_has_documents() -> Exists:
    """Asked with the case page's presence query (cases.panels.register_check)."""
    return Exists(Document.objects.filter(case=OuterRef("pk")))


def documents_for_case(case) -> QuerySet[Document]:
    """Every document of a case the user reached through cases.access (newest first per kind).
    A reader who does not work the case sees only the agreement and its signed copies."""
    documents = Document.objects.filter(case=case).select_related("agreement", "case")
    if Capability.WORK not in getattr(case, "capabilities", frozenset()):
        documents = documents.filter(
            kind__in=[Document.Kind.AGREEMENT, Document.Kind.SIGNED_AGREEMENT]
        )
    return documents.order_by("kind", "subject_key", "audience", "-version")


def documents_list_for_user(user) -> QuerySet[Document]:
    """Documents of every case the user may see; of cases they only read (not their team's,
    not assigned), only the agreement and its signed copies, as on the case page."""
    scope = scope_for(user)
    works = Q(case__team_id__in=list(scope.working_team_ids)) | Exists(
        CaseAssignment.objects.filter(case=OuterRef("case"), user=user, active=True)
    )
    readable = Q(kind__in=[Document.Kind.AGREEMENT, Document.Kind.SIGNED_AGREEMENT])
    return (
        Document.objects.filter(case__in=case_list_for_user(user))
        .filter(works | readable)
        .select_related("case")
        .order_by("-id")
    )


def document_for_agreement(agreement: Agreement) -> Document | None:
    return (
        Document.objects.filter(agreement=agreement, kind=Document.Kind.AGREEMENT)
        .order_by("-version")
        .first()
    )


def verification_lookup(code: str) -> dict | None:
    """What the public verification page may say about an agreement: nothing personal."""
    agreement = (
        Agreement.objects.select_related("case")
        .filter(verification_code=code)
        .only(
            "id",
            "version",
            "status",
            "finalised_at",
            "effective_on",
            "verification_code",
            "case__reference",
        )
        .first()
    )
    if agreement is None:
        return None
    document = (
        Document.objects.filter(
            agreement=agreement, kind=Document.Kind.AGREEMENT, state=Document.State.READY
        )
        .only("sha256", "finished_at")
        .order_by("-version")
        .first()
    )
    newer = Agreement.objects.filter(case_id=agreement.case_id, version__gt=agreement.version)
    return {
        "reference": agreement.case.reference,
        "version": agreement.version,
        "status": agreement.status,
        "status_label": agreement.get_status_display(),
        "final_on": agreement.finalised_at,
        "effective_on": agreement.effective_on,
        "sha256": document.sha256 if document else "",
        "superseded": agreement.status == Agreement.Status.SUPERSEDED,
        "newer_version": newer.filter(status__in=["final", "effective"]).exists(),
        "registered": document is not None,
    }
