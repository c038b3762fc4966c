"""Demo data: a case from eleven years ago that the retention job has anonymised, and a
resident's access request recorded and carried out on a closed case."""

from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from cases.access import case_capabilities
from cases.models import Case, Category, Party
from cases.services.parties import PartyData
from cases.services.record import event_record
from cases.services.registration import case_register
from cases.workflow import Capability
from followups.models import FollowUpPlan, FollowUpVisit

from . import conf, services
from .models import DataRequest

if TYPE_CHECKING:
    from mediators.models import User


def seed(ctx) -> None:
    _seed_archived_case(ctx)
    services.retention_run()
    _seed_access_request(ctx)


def _seed_archived_case(ctx) -> None:
    """Registered, settled and closed more than the retention period ago, with its record
    entries at those times (the services would stamp them now)."""
    registered = timezone.now() - timedelta(days=365 * (conf.retention_years() + 1) + 40)
    accepted, settled = registered + timedelta(days=1), registered + timedelta(days=18)
    closed = registered + timedelta(days=60)
    compound = ctx.compounds[0]
    applicant = ctx.name()
    case = case_register(
        compound=compound,
        category=Category.objects.get(code="repairs"),
        channel="walk_in",
        title=f"{applicant}家楼上漏水，物业迟迟不修",
        description=f"{applicant}（电话{ctx.mobile()}）反映楼上管道漏水，物业三次报修未处理。",
        building="7号楼2单元",
        parties=[
            PartyData(
                side="applicant",
                name=applicant,
                mobile=ctx.mobile(),
                id_number="310112198503071231",
                address=f"{compound.name}7号楼2单元301室",
                is_filer=True,
            ),
            PartyData(
                side="respondent",
                kind="organisation",
                name=compound.property_company.name,
                property_company_id=compound.property_company_id,
            ),
        ],
        registered_by=ctx.users["gridworker"],
        at=registered,
    )
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update_past_cases(
            status=Case.Status.CLOSED,
            outcome=Case.Outcome.AGREEMENT,
            accepted_at=accepted,
            deadline=(accepted + timedelta(days=30)).date(),
            concluded_at=settled,
            closed_at=closed,
        )
        actor = ctx.users["gridworker"]
        for kind, at, summary in (
            ("accept", accepted, "受理。"),
            ("settle", settled, "物业公司一周内完成管道维修，业主撤回投诉。"),
            ("close", closed, "维修完成，回访满意。"),
        ):
            event_record(case=case, kind=kind, actor=actor, summary=summary, at=at)
        _followed_up(case, actor, closed)
    ctx.extra["anonymised_case"] = case.pk


def _followed_up(case, actor: "User", closed) -> None:
    """Like every closed case, it was visited after closure (7, 30 and 90 days)."""
    anchor_on = timezone.localdate(closed)
    plan = FollowUpPlan.objects.create(
        case=case,
        anchor="closure",
        anchor_on=anchor_on,
        visit_days=[7, 30, 90],
        status="completed",
        created_at=closed,
    )
    for days in (7, 30, 90):
        on = anchor_on + timedelta(days=days)
        FollowUpVisit.objects.create(
            plan=plan,
            case=case,
            offset_days=days,
            planned_on=on,
            due_on=on,
            assigned_to=actor,
            status="done",
            visited_on=on,
            mode="phone",
            participants="申请人",
            performance="not_applicable",
            satisfaction="satisfied",
            recorded_by=actor,
            recorded_at=closed + timedelta(days=days),
        )


def _seed_access_request(ctx) -> None:
    """The applicant of a closed walkthrough case asked for a copy of their data and got it."""
    closed = Case.objects.filter(
        pk__in=ctx.extra.get("walkthrough_cases", []), status=Case.Status.CLOSED
    ).order_by("pk")
    case = closed.first()
    if case is None:
        return
    party = Party.objects.filter(case=case, kind=Party.Kind.PERSON).order_by("pk").first()
    worker = next(u for u in ctx.users.values() if Capability.WORK in case_capabilities(u, case))
    request = services.data_request_record(
        case_id=case.pk,
        actor=worker,
        party_id=party.pk,
        kind=DataRequest.Kind.ACCESS,
        asked_at=timezone.now() - timedelta(days=2),
        verification=DataRequest.Verification.ID_DOCUMENT,
        verification_note="本人持身份证到街道调解办公室申请",
    )
    services.data_request_fulfil(
        case_id=case.pk, request_id=request.pk, actor=worker, note="当面交付打印件一份"
    )
    ctx.extra["data_request"] = request.pk
