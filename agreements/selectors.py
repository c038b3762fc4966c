"""Reads of agreements shared by the pages, the API, the tracking page and the dossier."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse

from cases.models import Case
from cases.selectors import case_list_for_user
from documents.models import Document

from .models import Agreement, AgreementTemplate


@dataclass(frozen=True)
class ResidentAgreement:
    agreement: Agreement
    document: Document
    download_url: str


def agreement_for_resident(case: Case) -> ResidentAgreement | None:
    """The agreement a resident may download from the tracking page: the one in force (final
    or in effect) whose PDF is ready; None while there is none. The caller has already
    matched the case to the resident's tracking code."""
    agreement = (
        Agreement.objects.filter(case=case, status__in=["final", "effective"])
        .order_by("-version")
        .first()
    )
    if agreement is None:
        return None
    document = (
        Document.objects.filter(
            agreement=agreement, kind=Document.Kind.AGREEMENT, state=Document.State.READY
        )
        .order_by("-version")
        .first()
    )
    if document is None:
        return None
    return ResidentAgreement(
        agreement=agreement,
        document=document,
        download_url=reverse("documents:resident-agreement", args=[case.pk]),
    )


def case_has_agreements() -> Exists:
    """Asked with the case page's presence query (cases.panels.register_check)."""
    return Exists(Agreement.objects.filter(case=OuterRef("pk")))


def agreements_for_case(case: Case) -> QuerySet[Agreement]:
    return case.agreements.select_related("drafted_by", "approved_by").order_by("-version")


def agreement_list_for_user(user) -> QuerySet[Agreement]:
    """Agreements of every case the user may see."""
    return (
        Agreement.objects.filter(case__in=case_list_for_user(user))
        .select_related("case", "drafted_by")
        .order_by("-id")
    )


def templates_for_case(case: Case) -> QuerySet[AgreementTemplate]:
    from django.db.models import Q

    return AgreementTemplate.objects.filter(active=True).filter(
        Q(category=case.category_id) | Q(category__isnull=True)
    )


def obligation_lines(agreement: Agreement) -> list[dict]:
    """The draft's schedule as the mediator entered it: one line per clause, instalments
    folded back together (total amount, first due date, count, months apart)."""
    lines: dict[int, dict] = {}
    for o in agreement.obligations.order_by("term_number", "instalment", "id"):
        line = lines.setdefault(
            o.term_number,
            {
                "debtor": o.debtor_id,
                "creditor": o.creditor_id,
                "kind": o.kind,
                "description": o.description,
                "amount": None,
                "due_on": o.due_on,
                "instalments": o.instalments,
                "interval_months": 1,
                "_dates": [],
            },
        )
        if o.amount is not None:
            line["amount"] = (line["amount"] or 0) + o.amount
        line["_dates"].append(o.due_on)
    for line in lines.values():
        dates = line.pop("_dates")
        if len(dates) > 1:
            months = (dates[1].year - dates[0].year) * 12 + dates[1].month - dates[0].month
            line["interval_months"] = max(1, months)
    return list(lines.values())
