"""The typical-case library (典型案例、以案释法): a team lead marks a closed case as typical, edits
the anonymised draft, and publishes it. Each step is refused to anyone without the LEAD
capability on the case (cases.access), and each writes an internal record entry on the case.
"""

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.access import case_get_for_user
from cases.models import Case, CaseEvent
from cases.services.record import event_record
from cases.workflow import Capability, Status
from core.errors import Refused
from reports.anonymise import CaseIdentity, anonymise, personal_data_left
from reports.models import TYPICAL_PART_LABELS, TypicalCase

if TYPE_CHECKING:
    from mediators.models import User


def case_identity(case: Case) -> CaseIdentity:
    """Everything personal the case holds: its parties, the staff who worked it, its compound
    and the addresses and numbers recorded on it."""
    identity = CaseIdentity(street_name=case.street.name)
    for party in case.parties.select_related("property_company", "owners_committee"):
        if party.kind == party.Kind.PERSON:
            identity.people.append(party.name)
        else:
            identity.organisations.append(party.name)
        if party.mobile:
            identity.phones.append(party.mobile)
        if party.id_number:
            identity.id_numbers.append(party.id_number)
        if party.address:
            identity.places.append(party.address)
        if party.property_company:
            identity.organisations.append(party.property_company.name)
        if party.owners_committee:
            identity.committees.append(party.owners_committee.name)
    for assignment in case.assignments.select_related("user"):
        identity.people.append(assignment.user.name)
    for event in case.events.select_related("actor").exclude(actor=None):
        identity.people.append(event.actor.name)
    compound = case.compound
    identity.places += [p for p in (compound.name, compound.address, case.building) if p]
    if compound.property_company_id:
        identity.organisations.append(compound.property_company.name)
        identity.phones += [
            n
            for n in (
                compound.property_company.contact_phone,
                compound.property_company.service_phone,
            )
            if n
        ]
    committee = getattr(compound, "owners_committee", None)
    if committee is not None:
        identity.committees.append(committee.name)
        identity.people.append(committee.chair_name)
        identity.phones.append(committee.contact_phone)
    identity.people = sorted({p for p in identity.people if p})
    identity.phones = sorted({n for n in identity.phones if n})
    identity.id_numbers = sorted(set(identity.id_numbers))
    return identity


def _settlement_text(case: Case) -> str:
    terms = (
        case.agreements.exclude(status="superseded")
        .order_by("-version")
        .values_list("terms", flat=True)
    ).first()
    if terms:
        return terms
    settled = case.events.filter(kind="settle").order_by("-created_at").first()
    if settled:
        return settled.detail.get("terms") or settled.summary
    return ""


def typical_case_mark(
    *, case_id: int, actor: "User", lesson: str, keep_company_names: bool = False
) -> TypicalCase:
    """Mark a closed case as typical: the anonymised draft is written at once."""
    if not (lesson or "").strip():
        raise Refused("invalid", _("Write the lesson the case teaches."))
    with transaction.atomic():
        case = case_get_for_user(user=actor, case_id=case_id, capability=Capability.LEAD)
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("street", "compound__property_company", "category")
            .get(pk=case.pk)
        )
        if case.status != Status.CLOSED:
            raise Refused("illegal", _("Only a closed case can become a typical case."))
        if TypicalCase.objects.filter(case=case).exists():
            raise Refused("illegal", _("This case is already in the typical-case library."))
        identity = case_identity(case)

        def clean(text: str) -> str:
            return anonymise(text, identity, keep_company_names=keep_company_names)

        facts = clean("\n\n".join(t for t in (case.description, case.claims) if t))
        now = timezone.now()
        typical = TypicalCase.objects.create(
            case=case,
            category=case.category,
            street_name=case.street.name,
            year=timezone.localtime(case.registered_at).year,
            title=clean(case.title),
            facts=facts,
            mediation=clean(_settlement_text(case)),
            lesson=clean(lesson),
            keep_company_names=keep_company_names,
            marked_by=actor,
            marked_at=now,
            updated_at=now,
        )
        event_record(
            case=case,
            kind="typical_marked",
            actor=actor,
            at=now,
            visibility=CaseEvent.Visibility.INTERNAL,
            summary=_("Marked as a typical case; an anonymised draft was written."),
            detail={"typical_case_id": typical.pk},
        )
    return typical


def _typical_for_lead(*, typical_id: int, actor: "User") -> TypicalCase:
    typical = TypicalCase.objects.select_related("case").filter(pk=typical_id).first()
    if typical is None:
        raise Refused("invalid", _("There is no such typical case."))
    # The one access function decides: 404 or 403 for whoever does not lead the case.
    case_get_for_user(user=actor, case_id=typical.case_id, capability=Capability.LEAD)
    return TypicalCase.objects.select_for_update().get(pk=typical.pk)


def typical_case_update(
    *, typical_id: int, actor: "User", title: str, facts: str, mediation: str, lesson: str
) -> TypicalCase:
    with transaction.atomic():
        typical = _typical_for_lead(typical_id=typical_id, actor=actor)
        typical.title, typical.facts = title, facts
        typical.mediation, typical.lesson = mediation, lesson
        if typical.status == TypicalCase.Status.PUBLISHED:
            # Already public: an edit goes live at once, so it is checked like a publication.
            _refuse_missing_parts(typical)
            _refuse_personal_data(typical)
        typical.updated_at = timezone.now()
        typical.save()
    return typical


# The texts the public page shows: each is checked for personal data and must not be empty.
PUBLIC_PARTS = ("title", "facts", "mediation", "lesson")


def typical_case_personal_data(typical: TypicalCase) -> list[str]:
    """What each public part still shows, part by part ("the title shows an ID number recorded
    on the case, or part of it"), so the lead knows where to look; numbers are never repeated."""
    case = Case.objects.select_related("street", "compound__property_company").get(
        pk=typical.case_id
    )
    identity = case_identity(case)
    found = []
    for name in PUBLIC_PARTS:
        left = personal_data_left(getattr(typical, name) or "", identity)
        if left:
            part = TYPICAL_PART_LABELS[name]
            found.append(_("“%(part)s” shows %(what)s") % {"part": part, "what": "、".join(left)})
    return found


def _refuse_personal_data(typical: TypicalCase) -> None:
    left = typical_case_personal_data(typical)
    if left:
        raise Refused(
            "invalid",
            _("Remove this before publishing: %(what)s.") % {"what": "；".join(left)},
        )


def _refuse_missing_parts(typical: TypicalCase) -> None:
    """A published case tells all three parts: a draft of a case closed without a written
    settlement (a referral, say) starts with no account of the mediation, and the public page
    must not show a heading with nothing under it."""
    missing = [
        str(TYPICAL_PART_LABELS[name])
        for name in PUBLIC_PARTS
        if not (getattr(typical, name) or "").strip()
    ]
    if missing:
        raise Refused(
            "invalid",
            _("Write %(parts)s before publishing.") % {"parts": "、".join(missing)},
        )


def typical_case_publish(*, typical_id: int, actor: "User") -> TypicalCase:
    """Publish on /typical-cases/, refused while a part is empty or the text still shows
    anything personal."""
    with transaction.atomic():
        typical = _typical_for_lead(typical_id=typical_id, actor=actor)
        _refuse_missing_parts(typical)
        _refuse_personal_data(typical)
        now = timezone.now()
        typical.status = TypicalCase.Status.PUBLISHED
        typical.approved_by = actor
        typical.published_at = now
        typical.updated_at = now
        typical.save()
        event_record(
            case=typical.case,
            kind="typical_published",
            actor=actor,
            at=now,
            summary=_("The typical case was approved and published."),
            detail={"typical_case_id": typical.pk},
        )
    return typical


def typical_case_withdraw(*, typical_id: int, actor: "User") -> TypicalCase:
    with transaction.atomic():
        typical = _typical_for_lead(typical_id=typical_id, actor=actor)
        if typical.status != TypicalCase.Status.PUBLISHED:
            raise Refused("illegal", _("Only a published typical case can be withdrawn."))
        now = timezone.now()
        typical.status = TypicalCase.Status.WITHDRAWN
        typical.updated_at = now
        typical.save()
        event_record(
            case=typical.case,
            kind="typical_withdrawn",
            actor=actor,
            at=now,
            summary=_("The typical case was withdrawn from the public page."),
            detail={"typical_case_id": typical.pk},
        )
    return typical
