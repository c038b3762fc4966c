"""Demo agreements in every state, made through the services: a draft, one awaiting the lead's
approval, final ones awaiting signatures, one in effect with judicial confirmation, and one
corrected (version 1 superseded by version 2). Obligations: payments in instalments, acts,
refrains."""

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from cases.models import Case
from cases.services.assignment import case_assign

from . import services
from .default_templates import templates_ensure_defaults
from .models import AgreementTemplate

if TYPE_CHECKING:
    from mediators.models import User


def _lines(case, rng, *, amount: int, instalments: int):
    applicant = case.parties.filter(side="applicant").order_by("-is_representative", "id").first()
    respondent = case.parties.filter(side="respondent").first()
    if applicant is None or respondent is None:
        return []
    today = timezone.localdate()
    return [
        services.ObligationLine(
            debtor_id=applicant.pk,
            creditor_id=respondent.pk,
            kind="payment",
            description="补缴所欠物业服务费",
            amount=Decimal(amount),
            due_on=today + timedelta(days=rng.randrange(5, 20)),
            instalments=instalments,
        ),
        services.ObligationLine(
            debtor_id=respondent.pk,
            creditor_id=applicant.pk,
            kind="act",
            description="恢复供水并完成单元门禁维修",
            due_on=today + timedelta(days=3),
        ),
        services.ObligationLine(
            debtor_id=respondent.pk,
            creditor_id=applicant.pk,
            kind="refrain",
            description="不再以欠费为由停止供水、供电",
            due_on=today + timedelta(days=365),
        ),
    ]


def _draft(case, actor: "User", rng, *, amount=2400, instalments=3):
    template = (
        AgreementTemplate.objects.filter(category=case.category_id).first()
        or AgreementTemplate.objects.filter(category__isnull=True).first()
    )
    agreement = services.agreement_draft(
        case_id=case.pk, actor=actor, template_id=template.pk if template else None
    )
    texts = {"facts": case.description, "place": case.street.address or case.street.name}
    if not agreement.disputed_matters:
        texts["disputed_matters"] = case.title
    if not agreement.terms:
        texts["terms"] = "双方同意按下列履行计划解决本纠纷，今后不再就此另行主张权利。"
    services.agreement_update(
        agreement_id=agreement.pk,
        actor=actor,
        texts=texts,
        lines=_lines(case, rng, amount=amount, instalments=instalments),
    )
    return agreement


def _worker(case, ctx):
    return {
        "grid": ctx.users["mediator"],
        "specialist": ctx.users["specialist"],
        "joint_centre": ctx.users["coordinator"],
    }[case.tier]


def _ensure_assigned(case, ctx):
    worker = _worker(case, ctx)
    if case.status == "in_mediation" and not case.assignments.filter(user=worker, active=True):
        lead = {"grid": ctx.users["gridworker"], "specialist": ctx.users["lead"]}.get(case.tier)
        if lead is not None:
            case_assign(case_id=case.pk, actor=lead, user=worker)
    return worker


def _finalise(agreement, actor: "User", ctx) -> None:
    agreement = services.agreement_submit(agreement_id=agreement.pk, actor=actor)
    if agreement.status == "pending_approval":
        # the grid's own team reviews at the grid tier, the specialist team's lead above it
        reviewer = ctx.users["gridworker"] if agreement.case.tier == "grid" else ctx.users["lead"]
        services.agreement_approve(agreement_id=agreement.pk, actor=reviewer)


def seed(ctx) -> None:
    templates_ensure_defaults()
    rng = ctx.rng
    walkthrough = Case.objects.filter(
        registered_by__in=[ctx.users["gridworker"], ctx.users["lead"]]
    ).order_by("pk")
    # The first three settled walkthrough cases (two at the grid, one escalated); the later
    # ones are left to the follow-ups demo.
    settled = [c for c in walkthrough if c.status == "settled"]
    in_mediation = [c for c in walkthrough if c.status == "in_mediation"]
    made = []
    with transaction.atomic():
        # a draft at the grid tier, and one awaiting the specialist team lead's approval
        for case in in_mediation:
            if case.tier == "grid" and not any(m[1] == "draft" for m in made):
                worker = _ensure_assigned(case, ctx)
                made.append((_draft(case, worker, rng), "draft"))
            elif case.tier == "specialist" and not any(m[1] == "pending" for m in made):
                worker = _ensure_assigned(case, ctx)
                agreement = _draft(case, worker, rng, amount=12600, instalments=6)
                services.agreement_submit(agreement_id=agreement.pk, actor=worker)
                made.append((agreement, "pending"))
        # settled cases: final, in effect with judicial confirmation, corrected
        for index, case in enumerate(settled[:3]):
            # the specialist drafts and the lead approves: nobody approves their own draft
            mediator = ctx.users["mediator"] if case.tier == "grid" else ctx.users["specialist"]
            agreement = _draft(
                case, mediator, rng, amount=1800 + 600 * index, instalments=index + 1
            )
            _finalise(agreement, mediator, ctx)
            if index >= 1:
                today = timezone.localdate()
                services.agreement_record_signing(
                    agreement_id=agreement.pk, actor=mediator, signed_on=today, effective_on=today
                )
            if index == 1:
                services.agreement_record_judicial_confirmation(
                    agreement_id=agreement.pk,
                    actor=mediator,
                    intended=True,
                    applied_on=timezone.localdate(),
                    court="上海市闵行区人民法院",
                )
            if index == 2:
                new = services.agreement_correct(
                    agreement_id=agreement.pk, actor=mediator, reason="第一期付款日期有误"
                )
                _finalise(new, mediator, ctx)
            made.append((agreement, "final"))
    ctx.extra["agreements"] = [a.pk for a, _state in made]
    ctx.counts["agreements.Agreement"] = len(made)
