"""Writing agreements: drafting, approval, finalising, signing, corrections and judicial
confirmation. Each service locks the case row (the agreement's versions and the settle move
are decided per case), checks what the actor may do through cases.access, writes the change
and its record entry in one transaction, and queues work for after the commit.

When drafting starts: while the case is still in mediation, or after it was recorded as settled
(an oral settlement the parties then want in writing). Recording the signing of an agreement
of a case still in mediation makes the settle move in the same transaction: the agreement
takes effect when the parties sign it (People's Mediation Law art. 29), so the case is settled
(调解成功, in the figures and ledgers) then, not when the text is final. The 30-day clock and
the tier's stint keep running while the mediator drafts, the lead approves and the parties are
asked to sign, and parties who refuse to sign leave the case in mediation (to correct the
agreement or refer the case on), not a "reopen" that the figures would count as a rebound.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.access import case_capabilities
from cases.models import Case, CaseEvent, Party
from cases.services.moves import case_settle
from cases.services.record import event_record
from cases.workflow import Capability, Status, Tier
from core.errors import Refused
from core.logging import log_access_refused
from documents.models import Document
from documents.services import document_request, document_store_upload

from . import codes
from .access import may_approve_agreement, may_review_agreement
from .models import Agreement, AgreementTemplate, Obligation
from .selectors import owners_consent
from .tasks import notify_agreement_event

if TYPE_CHECKING:
    from mediators.models import User

DRAFTABLE_STATUSES = {Status.IN_MEDIATION, Status.SETTLED}
LEAD_ONLY = gettext_lazy("Only the team lead approves agreements at this tier.")
GRID_REVIEW_ONLY = gettext_lazy(
    "At the grid tier the grid worker or the team's legal adviser approves agreements."
)
TEXT_FIELDS = ("facts", "disputed_matters", "responsibilities", "terms", "performance", "place")


@dataclass
class ObligationLine:
    """One clause of the performance schedule as the mediator enters it; instalments are
    expanded into one Obligation each."""

    debtor_id: int
    kind: str
    description: str
    due_on: date
    creditor_id: int | None = None
    amount: Decimal | None = None
    instalments: int = 1
    interval_months: int = 1


# --- helpers ---------------------------------------------------------------------------------


def _lock_case(case_id: int) -> Case:
    return Case.objects.select_for_update().get(pk=case_id)


def _require(actor: "User", case: Case, capability: str, message: str) -> frozenset:
    caps = case_capabilities(actor, case)
    if capability not in caps:
        log_access_refused(user=actor, object_type="case", object_id=case.pk, action=capability)
        raise Refused("forbidden", message)
    return caps


def _lock_agreement(
    agreement_id: int, actor: "User", capability: str = Capability.WORK, message: str | None = None
):
    case_id = Agreement.objects.values_list("case_id", flat=True).filter(pk=agreement_id).first()
    if case_id is None:
        raise Refused("invalid", _("There is no such agreement."))
    case = _lock_case(case_id)
    _require(actor, case, capability, message or _("You may not do this on this case's agreement."))
    agreement = Agreement.objects.select_for_update().get(pk=agreement_id)
    return case, agreement


def _fill_placeholders(text: str, case: Case) -> str:
    parties = list(case.parties.all())
    names = {
        side: "、".join(p.name for p in parties if p.side == side and not p.group_id)
        for side in ("applicant", "respondent")
    }
    company = case.compound.property_company.name if case.compound.property_company else ""
    values = {
        "{applicant}": names["applicant"],
        "{respondent}": names["respondent"],
        "{compound}": case.compound.name,
        "{company}": company,
    }
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


def _record(case: Case, kind: str, actor: "User", summary: str, agreement: Agreement, **extra):
    visibility = extra.pop("visibility", CaseEvent.Visibility.INTERNAL)
    return event_record(
        case=case,
        kind=kind,
        actor=actor,
        summary=summary,
        visibility=visibility,
        detail={"agreement_id": agreement.pk, "version": agreement.version, **extra},
    )


def _queue_notice(event: CaseEvent) -> None:
    event_id = event.pk
    transaction.on_commit(lambda: notify_agreement_event.delay(event_id))


# --- drafting --------------------------------------------------------------------------------


def agreement_draft(*, case_id: int, actor: "User", template_id: int | None = None) -> Agreement:
    """Start the first agreement of a case, prefilled from a category template."""
    with transaction.atomic():
        case = _lock_case(case_id)
        _require(
            actor, case, Capability.WORK, _("Only those who work the case draft its agreement.")
        )
        if case.status not in DRAFTABLE_STATUSES:
            raise Refused(
                "illegal",
                _("An agreement is drafted while the case is in mediation or settled."),
            )
        if case.agreements.exists():
            raise Refused(
                "illegal",
                _("This case already has an agreement: open it, or correct it with a new version."),
            )
        template = None
        if template_id:
            template = AgreementTemplate.objects.filter(pk=template_id, active=True).first()
            if template is None:
                raise Refused("invalid", _("Choose one of the offered templates."))
        texts = {
            field: _fill_placeholders(getattr(template, field, "") or "", case)
            for field in TEXT_FIELDS
            if field != "place"
        }
        if not texts["facts"]:
            texts["facts"] = case.description
        agreement = Agreement.objects.create(
            case=case,
            version=1,
            template=template,
            verification_code=codes.new_verification_code(),
            drafted_by=actor,
            drafted_at=timezone.now(),
            place=case.street.address or case.street.name,
            **texts,
        )
        _record(case, "agreement_drafted", actor, _("Agreement drafted (version 1)."), agreement)
    return agreement


def agreement_update(
    *, agreement_id: int, actor: "User", texts: dict[str, str], lines: list[ObligationLine]
) -> Agreement:
    """Save the text and the performance schedule of a draft (only drafts change)."""
    with transaction.atomic():
        case, agreement = _lock_agreement(agreement_id, actor)
        if not agreement.is_editable:
            raise Refused(
                "illegal", _("Only a draft can be edited; correct it with a new version instead.")
            )
        obligations = _expand(case, lines)
        for field in TEXT_FIELDS:
            if field in texts:
                setattr(agreement, field, (texts[field] or "").strip())
        agreement.save()
        agreement.obligations.all().delete()  # a draft's schedule is not tracked yet
        for obligation in obligations:
            obligation.agreement = agreement
        Obligation.objects.bulk_create(obligations)
    return agreement


def _expand(case: Case, lines: list[ObligationLine]) -> list[Obligation]:
    party_ids = set(Party.objects.filter(case=case).values_list("pk", flat=True))
    obligations = []
    for number, line in enumerate(lines, start=1):
        _check_line(number, line, party_ids)
        count = line.instalments
        shares = _split(line.amount, count) if line.amount is not None else [None] * count
        for index in range(count):
            obligations.append(
                Obligation(
                    term_number=number,
                    debtor_id=line.debtor_id,
                    creditor_id=line.creditor_id,
                    kind=line.kind,
                    description=line.description.strip(),
                    amount=shares[index],
                    due_on=line.due_on + relativedelta(months=index * line.interval_months),
                    instalment=index + 1,
                    instalments=count,
                )
            )
    return obligations


def _check_line(number: int, line: ObligationLine, party_ids: set[int]) -> None:
    def refuse(message: str):
        raise Refused("invalid", _("Clause %(n)s: %(problem)s") % {"n": number, "problem": message})

    if line.debtor_id not in party_ids or (line.creditor_id and line.creditor_id not in party_ids):
        refuse(_("choose parties of this case."))
    if line.creditor_id == line.debtor_id:
        refuse(_("a party cannot owe something to itself."))
    if line.kind not in Obligation.Kind.values:
        refuse(_("choose what kind of obligation it is."))
    if not line.description.strip():
        refuse(_("say what is owed."))
    if line.kind == Obligation.Kind.PAYMENT and (line.amount is None or line.amount <= 0):
        refuse(_("a payment needs an amount above zero."))
    if line.kind != Obligation.Kind.PAYMENT and line.amount is not None:
        refuse(_("only a payment has an amount."))
    if not 1 <= line.instalments <= 60 or not 1 <= line.interval_months <= 12:
        refuse(_("instalments are 1 to 60, one to twelve months apart."))
    if line.kind == Obligation.Kind.PAYMENT and line.amount / line.instalments < Decimal("0.01"):
        refuse(_("each instalment must be at least 0.01 yuan."))


def _split(amount: Decimal, count: int) -> list[Decimal]:
    """Equal instalments in whole fen; the last one takes what rounding left over."""
    share = (amount / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [share] * (count - 1) + [amount - share * (count - 1)]


# --- approval and finalising -----------------------------------------------------------------


def agreement_submit(*, agreement_id: int, actor: "User", consent_reason: str = "") -> Agreement:
    """The draft goes to its reviewers (agreements.access): the team lead, or at the grid tier
    the grid worker or legal adviser, who approve it or send it back. Where owners refuse or
    are undecided a reason given here is kept for the approver, who may also give one."""
    with transaction.atomic():
        case, agreement = _lock_agreement(agreement_id, actor)
        if agreement.status != Agreement.Status.DRAFT:
            raise Refused("illegal", _("Only a draft can be submitted."))
        _check_complete(agreement)
        agreement.submitted_at = timezone.now()
        agreement.return_note = ""
        agreement.status = Agreement.Status.PENDING_APPROVAL
        if (consent_reason or "").strip():
            agreement.consent_reason = consent_reason.strip()
        agreement.save()
        event = _record(
            case,
            "agreement_submitted",
            actor,
            _("Agreement version %(v)s submitted for approval.") % {"v": agreement.version},
            agreement,
        )
        _queue_notice(event)
    return agreement


def _lock_for_review(agreement_id: int, actor: "User"):
    case, agreement = _lock_agreement(agreement_id, actor)
    if not may_review_agreement(actor, case):
        log_access_refused(user=actor, object_type="case", object_id=case.pk, action="lead")
        raise Refused("forbidden", GRID_REVIEW_ONLY if case.tier == Tier.GRID else LEAD_ONLY)
    return case, agreement


def _check_complete(agreement: Agreement) -> None:
    missing = [
        str(Agreement._meta.get_field(f).verbose_name)
        for f in ("facts", "disputed_matters", "terms")
        if not getattr(agreement, f).strip()
    ]
    if missing:
        raise Refused(
            "invalid", _("Fill in before submitting: %(fields)s.") % {"fields": "、".join(missing)}
        )


def agreement_approve(*, agreement_id: int, actor: "User", consent_reason: str = "") -> Agreement:
    with transaction.atomic():
        case, agreement = _lock_for_review(agreement_id, actor)
        if agreement.status != Agreement.Status.PENDING_APPROVAL:
            raise Refused("illegal", _("Only an agreement awaiting approval can be approved."))
        if not may_approve_agreement(actor, case, agreement):
            # A reviewer, but the drafter: a lead who drafts (or starts a correction) does
            # not approve it too.
            raise Refused(
                "forbidden",
                _(
                    "You drafted this agreement, so you cannot approve it: another of its "
                    "reviewers must approve it."
                ),
            )
        agreement.approved_by = actor
        agreement.approved_at = timezone.now()
        agreement.save()
        return _finalise(case, agreement, actor, consent_reason or agreement.consent_reason)


def agreement_return(*, agreement_id: int, actor: "User", note: str) -> Agreement:
    """The lead sends a draft back with what to change."""
    if not (note or "").strip():
        raise Refused("invalid", _("Say what should change."))
    with transaction.atomic():
        case, agreement = _lock_for_review(agreement_id, actor)
        if agreement.status != Agreement.Status.PENDING_APPROVAL:
            raise Refused("illegal", _("Only an agreement awaiting approval can be returned."))
        agreement.status = Agreement.Status.DRAFT
        agreement.return_note = note.strip()
        agreement.save()
        event = _record(
            case,
            "agreement_returned",
            actor,
            _("Agreement returned to the mediator: %(note)s") % {"note": note.strip()},
            agreement,
        )
        _queue_notice(event)
    return agreement


def _check_consent(case: Case, agreement: Agreement, actor: "User", reason: str) -> None:
    """A collective side's owners each agree, refuse or have not decided. Finalising over the
    heads of those who refuse or are undecided is refused unless the finaliser says why; the
    reason and who they were are written into the record (internal: the other side does not
    learn which owners refused)."""
    consent = owners_consent(case)
    if consent.unanimous:
        agreement.consent_reason = ""  # a reason given at submission, no longer needed
        return
    reason = (reason or "").strip()
    counts = {"refuses": len(consent.refuses), "undecided": len(consent.undecided)}
    if not reason:
        raise Refused(
            "invalid",
            _(
                "%(refuses)s owners refuse and %(undecided)s have not decided: record their "
                "consent first, or give the reason for finalising without it."
            )
            % counts,
        )
    agreement.consent_reason = reason
    _record(
        case,
        "agreement_consent_overridden",
        actor,
        _(
            "Agreement version %(v)s finalised although %(refuses)s owners refuse and "
            "%(undecided)s have not decided: %(reason)s"
        )
        % {"v": agreement.version, "reason": reason, **counts},
        agreement,
        consent=consent.as_detail(),
        reason=reason,
    )


def _finalise(
    case: Case, agreement: Agreement, actor: "User", consent_reason: str = ""
) -> Agreement:
    """Fix the text, retire the version it corrects and queue the PDF. The case stays in
    mediation until the parties sign (agreement_record_signing)."""

    _check_consent(case, agreement, actor, consent_reason)
    now = timezone.now()
    previous = agreement.supersedes
    if previous is not None and previous.status != Agreement.Status.SUPERSEDED:
        previous.status = Agreement.Status.SUPERSEDED
        previous.save(update_fields=["status"])
    agreement.status = Agreement.Status.FINAL
    agreement.finalised_at = now
    agreement.save()
    _record(
        case,
        "agreement_final",
        actor,
        _("Agreement version %(v)s is final and awaits the signatures.") % {"v": agreement.version},
        agreement,
        visibility=CaseEvent.Visibility.PARTIES,
    )
    document_request(
        case=case,
        kind=Document.Kind.AGREEMENT,
        agreement=agreement,
        actor=actor,
    )
    return agreement


# --- after it is final -----------------------------------------------------------------------


def agreement_correct(*, agreement_id: int, actor: "User", reason: str) -> Agreement:
    """A correction is a new version (a draft copied from the one in force); the old one and
    its PDF stay in the file and become superseded when the new one is final."""
    if not (reason or "").strip():
        raise Refused("invalid", _("Say what the correction is for."))
    with transaction.atomic():
        case, agreement = _lock_agreement(agreement_id, actor)
        if not agreement.in_force:
            raise Refused("illegal", _("Only the agreement in force can be corrected."))
        if case.agreements.filter(status__in=["draft", "pending_approval"]).exists():
            raise Refused("illegal", _("A new version is already being drafted."))
        last = case.agreements.order_by("-version").values_list("version", flat=True).first()
        new = Agreement.objects.create(
            case=case,
            version=last + 1,
            supersedes=agreement,
            template=agreement.template,
            correction_reason=reason.strip(),
            verification_code=codes.new_verification_code(),
            drafted_by=actor,
            drafted_at=timezone.now(),
            **{field: getattr(agreement, field) for field in TEXT_FIELDS},
        )
        Obligation.objects.bulk_create(
            [
                Obligation(
                    agreement=new,
                    term_number=o.term_number,
                    debtor_id=o.debtor_id,
                    creditor_id=o.creditor_id,
                    kind=o.kind,
                    description=o.description,
                    amount=o.amount,
                    due_on=o.due_on,
                    instalment=o.instalment,
                    instalments=o.instalments,
                )
                for o in agreement.obligations.all()
            ]
        )
        _record(
            case,
            "agreement_correction",
            actor,
            _("Correction started as version %(v)s: %(reason)s")
            % {"v": new.version, "reason": reason.strip()},
            new,
        )
    return new


def agreement_record_signing(
    *, agreement_id: int, actor: "User", signed_on: date, effective_on: date, scan=None
) -> Agreement:
    """Every party and the mediator signed and the seal is applied: the agreement is in
    effect, and a case still in mediation is settled now (the settle move, in the same
    transaction). The scanned paper copy, if given, is kept as a document of the case."""

    today = timezone.localdate()
    if signed_on > today or effective_on > today:
        raise Refused("invalid", _("Dates of signature and effect cannot be in the future."))
    if effective_on < signed_on:
        raise Refused("invalid", _("It cannot take effect before it is signed."))
    with transaction.atomic():
        case, agreement = _lock_agreement(agreement_id, actor)
        if agreement.status not in (Agreement.Status.FINAL, Agreement.Status.EFFECTIVE):
            raise Refused("illegal", _("Only a final agreement is signed."))
        if agreement.finalised_at and signed_on < timezone.localdate(agreement.finalised_at):
            raise Refused("invalid", _("It cannot be signed before it was final."))
        agreement.signed_on, agreement.effective_on = signed_on, effective_on
        agreement.status = Agreement.Status.EFFECTIVE
        agreement.save()
        if scan is not None:
            document_store_upload(
                case=case,
                kind=Document.Kind.SIGNED_AGREEMENT,
                agreement=agreement,
                uploaded=scan,
                actor=actor,
            )
        _record(
            case,
            "agreement_signed",
            actor,
            _("Agreement version %(v)s signed on %(signed)s, in effect from %(effective)s.")
            % {
                "v": agreement.version,
                "signed": signed_on.isoformat(),
                "effective": effective_on.isoformat(),
            },
            agreement,
            visibility=CaseEvent.Visibility.PARTIES,
            scan=scan is not None,
        )
        if case.status == Status.IN_MEDIATION:
            case_settle(
                case_id=case.pk,
                actor=actor,
                summary=_("mediation agreement version %(v)s, signed on %(signed)s")
                % {"v": agreement.version, "signed": signed_on.isoformat()},
            )
    return agreement


def agreement_record_judicial_confirmation(
    *,
    agreement_id: int,
    actor: "User",
    intended: bool,
    applied_on: date | None = None,
    court: str = "",
    result: str = "",
    result_on: date | None = None,
) -> Agreement:
    """司法确认: whether the parties applied, when, to which court, and what it decided."""
    court, result = (court or "").strip(), (result or "").strip()
    if applied_on and not court:
        raise Refused("invalid", _("Name the court the parties applied to."))
    if (result or result_on) and not applied_on:
        raise Refused("invalid", _("A result needs the date of the application."))
    if result_on and not result:
        raise Refused("invalid", _("Say what the court decided."))
    if applied_on and result_on and result_on < applied_on:
        raise Refused("invalid", _("The result cannot come before the application."))
    with transaction.atomic():
        case, agreement = _lock_agreement(agreement_id, actor)
        if agreement.status != Agreement.Status.EFFECTIVE:
            raise Refused("illegal", _("Judicial confirmation follows an agreement in effect."))
        if applied_on and applied_on < agreement.effective_on:
            raise Refused(
                "invalid", _("The application cannot come before the agreement took effect.")
            )
        agreement.jc_intended = intended or bool(applied_on)
        agreement.jc_applied_on, agreement.jc_court = applied_on, court
        agreement.jc_result, agreement.jc_result_on = result, result_on
        agreement.save()
        summary = (
            _("Judicial confirmation applied for at %(court)s on %(date)s.")
            % {"court": court, "date": applied_on.isoformat()}
            if applied_on
            else _("Judicial confirmation: the parties intend to apply.")
            if agreement.jc_intended
            else _("Judicial confirmation: the parties do not apply.")
        )
        if result:
            summary += " " + _("Result: %(result)s") % {"result": result}
        _record(
            case,
            "judicial_confirmation",
            actor,
            summary,
            agreement,
            visibility=CaseEvent.Visibility.PARTIES,
        )
    return agreement
