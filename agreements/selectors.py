"""Reads of agreements shared by the pages, the API, the tracking page and the dossier."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from cases.models import Case, Party
from cases.panels import known_empty
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


@dataclass(frozen=True)
class OwnersConsent:
    """Where the owners of a collective case stand on the settlement: every member of its
    groups of owners by position (cases.Party.position), as (party id, name) pairs. One owner
    refusing can stall the rest, so an agreement is not finalised over anyone's head without a
    recorded reason (agreements.services)."""

    agrees: tuple[tuple[int, str], ...] = ()
    refuses: tuple[tuple[int, str], ...] = ()
    undecided: tuple[tuple[int, str], ...] = ()

    @property
    def collective(self) -> bool:
        return bool(self.agrees or self.refuses or self.undecided)

    @property
    def unanimous(self) -> bool:
        return not self.refuses and not self.undecided

    def as_detail(self) -> dict:
        """For the record entry: the counts and who refused or had not decided."""
        return {
            "agrees": len(self.agrees),
            "refuses": len(self.refuses),
            "undecided": len(self.undecided),
            "refusing": [{"id": pk, "name": name} for pk, name in self.refuses],
            "undecided_owners": [{"id": pk, "name": name} for pk, name in self.undecided],
        }


def owners_consent(case: Case) -> OwnersConsent:
    """The positions of every member of the case's groups of owners (one query; none on the
    case page when it found no group)."""
    if known_empty(case, "groups"):
        return OwnersConsent()
    by_position: dict[str, list[tuple[int, str]]] = {p: [] for p in Party.Position.values}
    rows = (
        Party.objects.filter(case=case, group__isnull=False)
        .order_by("group_id", "-is_representative", "id")
        .values_list("pk", "name", "position")
    )
    for pk, name, position in rows:
        by_position[position].append((pk, name))
    return OwnersConsent(
        agrees=tuple(by_position[Party.Position.AGREES]),
        refuses=tuple(by_position[Party.Position.REFUSES]),
        undecided=tuple(by_position[Party.Position.UNDECIDED]),
    )


def case_has_agreements() -> Exists:
    """Asked with the case page's presence query (cases.panels.register_check)."""
    return Exists(Agreement.objects.filter(case=OuterRef("pk")))


def case_awaits_signatures() -> Exists:
    """A final agreement the parties have not signed yet (Case.state: the settle move waits
    for their signing); asked with the case page's presence query."""
    return Exists(Agreement.objects.filter(case=OuterRef("pk"), status=Agreement.Status.FINAL))


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
