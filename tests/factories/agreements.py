"""Agreements are made through the real services, as the product makes them."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from agreements import services
from agreements.access import reviewers_of
from agreements.models import Agreement
from cases.services.assignment import case_assign
from cases.services.moves import case_accept


def case_in_mediation(case, *, worker, mediator=None):
    """Accept the case and assign its mediator (as the grid worker or lead would)."""
    case_accept(case_id=case.pk, actor=worker)
    if mediator is not None:
        case_assign(case_id=case.pk, actor=worker, user=mediator)
    case.refresh_from_db()
    return case


def fee_lines(case, *, amount="3600.00", instalments=3):
    applicant = case.parties.get(side="applicant", group__isnull=True, is_filer=True)
    respondent = case.parties.filter(side="respondent").first()
    today = timezone.localdate()
    return [
        services.ObligationLine(
            debtor_id=applicant.pk,
            creditor_id=respondent.pk,
            kind="payment",
            description="补缴2025年度物业费",
            amount=Decimal(amount),
            due_on=today + timedelta(days=10),
            instalments=instalments,
        ),
        services.ObligationLine(
            debtor_id=respondent.pk,
            creditor_id=applicant.pk,
            kind="act",
            description="当日为申请人充值水卡并恢复供水",
            due_on=today + timedelta(days=1),
        ),
        services.ObligationLine(
            debtor_id=respondent.pk,
            creditor_id=applicant.pk,
            kind="refrain",
            description="不再以欠费为由停止供水",
            due_on=today + timedelta(days=365),
        ),
    ]


def make_draft(case, *, actor, lines=None, **texts) -> Agreement:
    agreement = services.agreement_draft(case_id=case.pk, actor=actor)
    services.agreement_update(
        agreement_id=agreement.pk,
        actor=actor,
        texts={
            "facts": texts.get("facts", "申请人李龙因物业费欠缴，物业公司拒绝为其充值水卡。"),
            "disputed_matters": texts.get("disputed_matters", "物业费欠缴与停水。"),
            "responsibilities": texts.get("responsibilities", "双方均有责任。"),
            "terms": texts.get("terms", "申请人分期补缴物业费，物业公司恢复供水。"),
            "performance": texts.get("performance", "按下表履行。"),
            "place": texts.get("place", "浦江镇人民调解委员会"),
        },
        lines=fee_lines(case) if lines is None else lines,
    )
    agreement.refresh_from_db()
    return agreement


def finalise(agreement, *, drafter, reviewer=None, consent_reason: str = "") -> Agreement:
    """Submit as the drafter and approve as a reviewer (agreements.access: the grid worker or
    legal adviser at the grid tier, the team lead above it); by default the first of the
    case's reviewers who did not draft it, as a team would."""
    services.agreement_submit(
        agreement_id=agreement.pk, actor=drafter, consent_reason=consent_reason
    )
    if reviewer is None:
        reviewer = (
            reviewers_of(agreement.case)
            .exclude(user=drafter)
            .select_related("user")
            .order_by("role", "pk")
            .first()
            .user
        )
    services.agreement_approve(agreement_id=agreement.pk, actor=reviewer)
    agreement.refresh_from_db()
    return agreement
