"""Demo follow-ups: every historical closed case followed up (visits done with ratings, or due),
and a walkthrough through the real services: agreements with obligations in every state,
visits done and due, a rebound, a visit that reached nobody, the reminders they cause, weekly
patrols of every grid with early signs (one registered as a case) and one missed week."""

import secrets
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from agreements.models import Agreement, Obligation
from cases.models import Case, Category
from core.bulk import BulkWriter, next_id
from mediators.demo import team_workers
from mediators.models import Membership

from .models import EarlySign, FollowUpPlan, FollowUpVisit
from .models.patrols import week_start
from .services.checks import jc_remind, obligations_remind, visits_remind
from .services.obligations import obligation_record, obligations_mark_due
from .services.patrols import (
    MemberInput,
    PatrolInput,
    SignInput,
    early_sign_to_case,
    patrol_record,
    patrols_flag_missed,
)
from .services.plans import plan_for_agreement, plan_for_closure
from .services.visits import visit_record, visit_unreachable

if TYPE_CHECKING:
    from mediators.models import User

# A 1×1 PNG: the evidence of the demo's performance records (checked by content like any other).
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)
SIGNS = [
    ("3号楼业主群里商议集体拒缴物业费，情绪较大。", "high", "3号楼部分业主"),
    ("地下车库照明损坏多日未修，业主多次向物业反映。", "medium", ""),
    ("小区绿化带被改作停车位，部分业主不满。", "low", "物业公司、业委会"),
    ("电梯年检逾期，业主担心安全。", "medium", "8号楼业主"),
]


def seed(ctx) -> None:
    today = timezone.localdate()
    _seed_history(ctx, today)
    _seed_walkthrough(ctx, today)
    _seed_patrols(ctx, today)
    obligations_mark_due(today=today)
    obligations_remind(today=today)
    visits_remind(today=today)
    jc_remind(today=today)


# ---------------------------------------------------------------------------------------------
# Every historical closed case was followed up (冠县: 117 cases, all followed up)
# ---------------------------------------------------------------------------------------------

SATISFACTION = (["satisfied"] * 16) + (["fairly_satisfied"] * 3) + ["dissatisfied"]


def _seed_history(ctx, today) -> None:
    rng = ctx.rng
    owners = team_workers()
    closed = Case.objects.filter(status=Case.Status.CLOSED, registered_by__isnull=True).order_by(
        "pk"
    )
    writer = BulkWriter()
    plan_id, visit_id = next_id(FollowUpPlan), next_id(FollowUpVisit)
    now = timezone.now()
    for case in closed.values("pk", "closed_at", "team_id").iterator():
        anchor_on = timezone.localdate(case["closed_at"])
        writer.add(
            FollowUpPlan,
            {
                "id": plan_id,
                "case_id": case["pk"],
                "cycle": 0,
                "anchor": "closure",
                "agreement_id": None,
                "anchor_on": anchor_on,
                "visit_days": [7, 30, 90],
                "status": "completed" if anchor_on + timedelta(days=90) < today else "active",
                "created_at": case["closed_at"],
                "stopped_at": None,
            },
        )
        for days in (7, 30, 90):
            due = anchor_on + timedelta(days=days)
            done = due < today
            visited = due + timedelta(days=rng.randrange(0, 3))
            writer.add(
                FollowUpVisit,
                {
                    "id": visit_id,
                    "plan_id": plan_id,
                    "case_id": case["pk"],
                    "offset_days": days,
                    "planned_on": due,
                    "due_on": due,
                    "assigned_to_id": owners.get(case["team_id"]),
                    "status": "done" if done else "scheduled",
                    "attempts": 0,
                    "last_attempt_on": None,
                    "visited_on": min(visited, today) if done else None,
                    "mode": rng.choice(["phone", "phone", "home", "on_site"]) if done else "",
                    "participants": "申请人" if done else "",
                    "performance": "not_applicable" if done else "",
                    "satisfaction": rng.choice(SATISFACTION) if done else "",
                    "remarks": "",
                    "rebound": False,
                    "recorded_by_id": owners.get(case["team_id"]) if done else None,
                    "recorded_at": now if done else None,
                },
            )
            visit_id += 1
        plan_id += 1
    writer.close(FollowUpPlan, FollowUpVisit)
    ctx.counts.update(writer.counts)


# ---------------------------------------------------------------------------------------------
# The walkthrough: the printed logins see every state
# ---------------------------------------------------------------------------------------------


def _agreement(case, *, drafted_by, effective_on, jc_intended=False) -> Agreement:
    """An agreement in effect since `effective_on`, made with the model: the agreements app
    owns drafting and signing, which cannot be back-dated by weeks."""
    return Agreement.objects.create(
        case=case,
        status=Agreement.Status.EFFECTIVE,
        facts=case.description,
        disputed_matters=case.title,
        terms="物业公司恢复正常服务；业主按约定分期缴纳欠缴物业费。",
        performance="按下列期限分期履行。",
        place="调解室",
        verification_code=secrets.token_hex(6),
        drafted_by=drafted_by,
        drafted_at=timezone.now(),
        signed_on=effective_on,
        effective_on=effective_on,
        jc_intended=jc_intended,
    )


def _obligation(agreement, *, due_on, description, amount=None, kind="payment", n=1, of=1):
    case = agreement.case
    return Obligation.objects.create(
        agreement=agreement,
        debtor=case.parties.filter(side="applicant").order_by("pk").first()
        if kind == "payment"
        else case.parties.filter(side="respondent").order_by("pk").first(),
        creditor=case.parties.filter(side="respondent").order_by("pk").first()
        if kind == "payment"
        else case.parties.filter(side="applicant").order_by("pk").first(),
        kind=kind,
        description=description,
        amount=Decimal(amount) if amount else None,
        due_on=due_on,
        instalment=n,
        instalments=of,
    )


def _evidence(name="转账记录.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def _seed_walkthrough(ctx, today) -> None:
    gridworker, mediator = ctx.users["gridworker"], ctx.users["mediator"]
    specialist = ctx.users["specialist"]
    mine = Case.objects.filter(registered_by=gridworker, reopened_count=0).order_by("pk")
    # The settled cases the agreements demo left without an agreement: ours get agreements that
    # took effect weeks ago, so that their obligations and visits have come due.
    settled = list(mine.filter(status=Case.Status.SETTLED, agreements__isnull=True))
    closed = list(mine.filter(status=Case.Status.CLOSED))
    grid_settled = [c for c in settled if c.tier == "grid"]
    if len(grid_settled) < 2 or len(closed) < 2:
        return  # the cases demo changed shape: nothing sensible to follow up

    # 1. Forty days after the agreement: instalments performed, partly performed, pending;
    #    a repair breached; the 7- and 30-day visits done, the 90-day visit due later.
    a = _agreement(grid_settled[0], drafted_by=mediator, effective_on=today - timedelta(days=40))
    fee = "缴纳欠缴物业费（第%s期）"
    first = _obligation(
        a, due_on=today - timedelta(days=30), description=fee % 1, amount="800", n=1, of=3
    )
    second = _obligation(
        a, due_on=today - timedelta(days=10), description=fee % 2, amount="800", n=2, of=3
    )
    _obligation(a, due_on=today + timedelta(days=20), description=fee % 3, amount="800", n=3, of=3)
    repair = _obligation(
        a, due_on=today - timedelta(days=15), description="更换3号楼单元门门禁", kind="act"
    )
    plan_for_agreement(agreement_id=a.pk)
    obligations_mark_due(today=today)
    obligation_record(
        obligation_id=first.pk,
        actor=mediator,
        status="performed",
        performed_on=first.due_on,
        amount_paid=Decimal("800"),
        note="业主出示银行转账记录。",
        files=[_evidence()],
    )
    obligation_record(
        obligation_id=second.pk,
        actor=mediator,
        status="partly_performed",
        performed_on=second.due_on,
        amount_paid=Decimal("300"),
        note="业主称资金困难，先付300元，余款月底前付清。",
        files=[_evidence()],
    )
    obligation_record(
        obligation_id=repair.pk,
        actor=mediator,
        status="breached",
        note="物业公司以预算未批为由，至今未更换门禁。",
    )
    _record_visits(a.case, gridworker, [("satisfied", "home"), ("fairly_satisfied", "phone")])

    # 2. A week after the agreement: the 7-day visit is due today; one payment due in two
    #    days, one overdue since yesterday, one overdue past the grace period (to the lead).
    b = _agreement(grid_settled[1], drafted_by=mediator, effective_on=today - timedelta(days=7))
    _obligation(b, due_on=today + timedelta(days=2), description="退还多收的停车费", amount="450")
    _obligation(b, due_on=today - timedelta(days=1), description="恢复水卡充值", kind="act")
    _obligation(b, due_on=today - timedelta(days=12), description="赔偿漏水损失", amount="1200")
    plan_for_agreement(agreement_id=b.pk)

    # 3. A specialist-team agreement nine days old: the 7-day visit reached nobody yesterday
    #    (retried and counted); the rest of its visits are ahead.
    for case in [c for c in settled if c.tier == "specialist"][:1]:
        c = _agreement(case, drafted_by=specialist, effective_on=today - timedelta(days=9))
        _obligation(
            c, due_on=today + timedelta(days=21), description="公共收益分配到户", amount="3600"
        )
        plan_for_agreement(agreement_id=c.pk)
        visit_unreachable(
            visit_id=c.case.followup_visits.get(offset_days=7).pk,
            actor=specialist,
            attempted_on=today - timedelta(days=1),
            mode="phone",
            remarks="电话无人接听。",
        )

    # 4. A case closed without an agreement: followed up from its closing.
    plan_for_closure(case_id=closed[0].pk)

    # 5. A rebound: at the 7-day visit the dispute had flared up again; the same file reopened.
    #    The parties meant to apply for judicial confirmation: its window closes in 6 days.
    r = _agreement(
        closed[1], drafted_by=mediator, effective_on=today - timedelta(days=24), jc_intended=True
    )
    _obligation(r, due_on=today - timedelta(days=14), description="修复地库渗水", kind="act")
    plan_for_agreement(agreement_id=r.pk)
    visit = r.case.followup_visits.get(offset_days=7)
    visit_record(
        visit_id=visit.pk,
        actor=gridworker,
        visited_on=visit.due_on,
        mode="on_site",
        participants="申请人、物业项目经理",
        performance="not_performed",
        satisfaction="dissatisfied",
        remarks="地库再次大面积渗水，物业未按协议修复，业主情绪激动。",
        rebound=True,
    )


def _record_visits(case, actor: "User", results) -> None:
    for visit, (satisfaction, mode) in zip(
        case.followup_visits.order_by("due_on"), results, strict=False
    ):
        visit_record(
            visit_id=visit.pk,
            actor=actor,
            visited_on=visit.due_on,
            mode=mode,
            participants="申请人李先生；物业项目经理",
            performance="partly",
            satisfaction=satisfaction,
            remarks="首期款已付，门禁尚未更换，已督促物业。",
        )


# ---------------------------------------------------------------------------------------------
# Weekly screening patrols
# ---------------------------------------------------------------------------------------------


def _seed_patrols(ctx, today) -> None:
    """Four weeks of patrols for every grid; the last grid of the first street missed last
    week. Early signs in the first grid; one registered as a case."""
    rng = ctx.rng
    workers = dict(
        Membership.objects.filter(role=Membership.Role.GRID_WORKER).values_list("team_id", "user")
    )
    users = {u.pk: u for u in ctx.users.values()}
    missed = [g for g in ctx.grids if g.street_id == ctx.streets[0].pk][-1]
    this_week = week_start(today)
    signs_left = list(SIGNS)
    for weeks_ago in range(4, 0, -1):
        day = this_week - timedelta(days=7 * weeks_ago) + timedelta(days=2)  # a Wednesday
        for grid in ctx.grids:
            if grid == missed and weeks_ago == 1:
                continue
            team = ctx.grid_teams.get(grid.pk)
            worker = users.get(workers.get(team.pk)) if team else None
            if worker is None:
                continue
            compounds = [c for c in ctx.compounds if c.grid_id == grid.pk]
            signs = []
            if grid == ctx.grids[0] and signs_left:
                text, severity, parties = signs_left.pop(0)
                signs.append(SignInput(text, severity, rng.choice(compounds).pk, parties))
            patrol_record(
                actor=worker,
                data=PatrolInput(
                    grid_id=grid.pk,
                    patrolled_on=day,
                    compound_ids=[c.pk for c in compounds],
                    members=[
                        MemberInput("staff", worker.name, user_id=worker.pk),
                        MemberInput("association_expert", "钱秀君"),
                        MemberInput("resident_judge", "周华"),
                        MemberInput("volunteer", ctx.name()),
                    ],
                    signs=signs,
                    notes="按周开展矛盾纠纷排查。",
                ),
            )
    sign = EarlySign.objects.filter(severity="high").order_by("pk").first()
    if sign is not None:
        early_sign_to_case(
            sign_id=sign.pk,
            actor=ctx.users["gridworker"],
            category=Category.objects.get(code="fees"),
            title="3号楼业主酝酿集体拒缴物业费",
            applicant_name=ctx.name(),
            applicant_mobile=ctx.mobile(),
        )
    patrols_flag_missed(today=today)
