"""Agreements and obligations as the docs app will make them (effective, with obligations), and
cases brought to settlement through the real move services."""

import secrets
from datetime import date
from decimal import Decimal

from django.utils import timezone

from agreements.models import Agreement, Obligation
from cases.models import Case
from cases.services.assignment import case_assign
from cases.services.moves import case_accept, case_close, case_settle


def settle(case: Case, *, actor, mediator=None, close: bool = False) -> Case:
    """Accept, assign, settle (and close) a case through the services."""
    case_accept(case_id=case.pk, actor=actor)
    if mediator is not None:
        case_assign(case_id=case.pk, actor=actor, user=mediator)
    case_settle(case_id=case.pk, actor=actor, summary="双方达成一致。")
    if close:
        case_close(case_id=case.pk, actor=actor)
    case.refresh_from_db()
    return case


def make_agreement(
    case: Case,
    *,
    drafted_by,
    effective_on: date | None = None,
    status: str = Agreement.Status.EFFECTIVE,
    jc_intended: bool = False,
    version: int = 1,
) -> Agreement:
    return Agreement.objects.create(
        case=case,
        version=version,
        status=status,
        facts="物业公司拒绝为欠费业主充值水卡。",
        disputed_matters="物业费缴纳及水卡充值。",
        terms="业主缴纳物业费，物业公司恢复充值。",
        verification_code=secrets.token_hex(6),
        drafted_by=drafted_by,
        drafted_at=timezone.now(),
        effective_on=effective_on or timezone.localdate(),
        jc_intended=jc_intended,
    )


def make_obligation(
    agreement: Agreement,
    *,
    due_on: date,
    kind: str = Obligation.Kind.PAYMENT,
    amount: Decimal | None = Decimal("1200.00"),
    description: str = "缴清2025年度物业费",
    status: str = Obligation.Status.PENDING,
) -> Obligation:
    case = agreement.case
    debtor = case.parties.filter(side="applicant").first()
    creditor = case.parties.filter(side="respondent").first()
    return Obligation.objects.create(
        agreement=agreement,
        debtor=debtor,
        creditor=creditor,
        kind=kind,
        description=description,
        amount=amount if kind == Obligation.Kind.PAYMENT else None,
        due_on=due_on,
        status=status,
    )
