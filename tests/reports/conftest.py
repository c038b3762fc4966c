"""A small street whose March 2026 is built case by case through the real services, so that
every figure's right answer can be worked out by hand in the tests (tests/reports/test_figures.py).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

import pytest
import time_machine
from django.utils import timezone

from agreements.models import Agreement, Obligation
from cases.services.assignment import case_assign
from cases.services.moves import (
    case_accept,
    case_close,
    case_decline,
    case_escalate,
    case_refer,
    case_reopen,
    case_settle,
    case_withdraw,
)
from tests.factories.cases import make_case

MARCH = date(2026, 3, 1)


def local(day: str, hour: int = 10, minute: int = 0) -> datetime:
    """'2026-03-05' at 10:00 in Shanghai."""
    return timezone.make_aware(datetime.combine(date.fromisoformat(day), time(hour, minute)))


def at(day: str, hour: int = 10, minute: int = 0):
    return time_machine.travel(local(day, hour, minute), tick=False)


@dataclass
class Story:
    town: object
    cases: dict = field(default_factory=dict)


def _register(key, story, day, *, street="a", hour=10, minute=0, **kwargs):
    s = getattr(story.town, street)
    with at(day, hour, minute):
        case = make_case(compound=s.compound, registered_by=s.grid_worker, **kwargs)
    story.cases[key] = case
    return case


def _do(day, fn, **kwargs):
    with at(day):
        return fn(**kwargs)


@pytest.fixture
def march(town) -> Story:
    """Street A's cases around March 2026 (street B has one, which A must never count)."""
    a, b = town.a, town.b
    story = Story(town=town)
    gw, med, lead, spec = a.grid_worker, a.grid_mediator, a.lead, a.specialist

    # c1: accepted in February, settled at the grid on 5 March: 12 days (21 Feb → 5 Mar).
    c1 = _register("c1", story, "2026-02-20")
    _do("2026-02-21", case_accept, case_id=c1.pk, actor=gw)
    _do("2026-02-21", case_assign, case_id=c1.pk, actor=gw, user=med)
    _do("2026-03-05", case_settle, case_id=c1.pk, actor=med, summary="物业退还多收费用")

    # c12: accepted 26 January, settled at the grid on 3 March: 36 days.
    c12 = _register("c12", story, "2026-01-25")
    _do("2026-01-26", case_accept, case_id=c12.pk, actor=gw)
    _do("2026-01-26", case_assign, case_id=c12.pk, actor=gw, user=med)
    _do("2026-03-03", case_settle, case_id=c12.pk, actor=med, summary="限期维修")

    # c2: received by web form on 2 March, escalated from the grid on the 10th, settled by
    # the specialist team on the 20th: 17 days (3 → 20 March).
    c2 = _register("c2", story, "2026-03-02", channel="web")
    _do("2026-03-03", case_accept, case_id=c2.pk, actor=gw)
    _do("2026-03-03", case_assign, case_id=c2.pk, actor=gw, user=med)
    _do("2026-03-10", case_escalate, case_id=c2.pk, actor=med, reason="分歧较大")
    _do("2026-03-11", case_assign, case_id=c2.pk, actor=lead, user=spec)
    _do("2026-03-20", case_settle, case_id=c2.pk, actor=spec, summary="双方达成一致")

    # c3: received by hotline on 5 March, declined on the 6th.
    c3 = _register("c3", story, "2026-03-05", channel="hotline")
    _do("2026-03-06", case_decline, case_id=c3.pk, actor=gw, reason="不属于物业纠纷")

    # c4: walk-in on 10 March, accepted on the 11th, not settled: referred on the 25th.
    c4 = _register("c4", story, "2026-03-10", channel="walk_in")
    _do("2026-03-11", case_accept, case_id=c4.pk, actor=gw)
    _do(
        "2026-03-25",
        case_refer,
        case_id=c4.pk,
        actor=gw,
        referral_target="court",
        referral_body="区人民法院",
        reason="坚持诉讼",
    )

    # c5: hotline on 15 March, accepted on the 16th, still open (deadline 15 April).
    c5 = _register("c5", story, "2026-03-15", channel="hotline")
    _do("2026-03-16", case_accept, case_id=c5.pk, actor=gw)
    _do("2026-03-16", case_assign, case_id=c5.pk, actor=gw, user=med)

    # c6: accepted 11 January (deadline 10 February), still open: overdue at the end of March.
    c6 = _register("c6", story, "2026-01-10")
    _do("2026-01-11", case_accept, case_id=c6.pk, actor=gw)
    _do("2026-01-11", case_assign, case_id=c6.pk, actor=gw, user=med)

    # c7: received on 28 March by WeChat, not yet accepted: open, not overdue.
    _register("c7", story, "2026-03-28", channel="wechat")

    # c8: settled in January, closed in February, reopened on 12 March (a rebound).
    c8 = _register("c8", story, "2026-01-05")
    _do("2026-01-06", case_accept, case_id=c8.pk, actor=gw)
    _do("2026-01-20", case_settle, case_id=c8.pk, actor=gw, summary="达成协议")
    _do("2026-02-10", case_close, case_id=c8.pk, actor=gw)
    _do("2026-03-12", case_reopen, case_id=c8.pk, actor=gw, reason="物业未按约整改")

    # c10: registered at 23:30 on 31 March (March) and c10b at 00:10 on 1 April (April).
    _register("c10", story, "2026-03-31", hour=23, minute=30, channel="patrol")
    _register("c10b", story, "2026-04-01", hour=0, minute=10, channel="patrol")

    # c11: referred by a partner on 1 March, accepted on the 2nd, withdrawn on the 8th.
    c11 = _register("c11", story, "2026-03-01", channel="referral")
    _do("2026-03-02", case_accept, case_id=c11.pk, actor=gw)
    _do("2026-03-08", case_withdraw, case_id=c11.pk, actor=gw, reason="已自行协商")

    # b1: street B, received and settled in March: never in street A's figures.
    b1 = _register("b1", story, "2026-03-03", street="b")
    _do("2026-03-04", case_accept, case_id=b1.pk, actor=b.grid_worker)
    _do("2026-03-09", case_settle, case_id=b1.pk, actor=b.grid_worker, summary="和解")

    # c1's agreement: two obligations due in March (one performed, one breached) and one due
    # in April.
    with at("2026-03-05"):
        agreement = Agreement.objects.create(
            case=c1,
            status=Agreement.Status.EFFECTIVE,
            facts="事实",
            disputed_matters="争议",
            terms="条款",
            verification_code="V1",
            drafted_by=med,
            drafted_at=timezone.now(),
        )
    parties = list(c1.parties.all())
    for due, status in [
        ("2026-03-10", Obligation.Status.PERFORMED),
        ("2026-03-20", Obligation.Status.BREACHED),
        ("2026-04-05", Obligation.Status.PENDING),
    ]:
        Obligation.objects.create(
            agreement=agreement,
            debtor=parties[1],
            creditor=parties[0],
            kind=Obligation.Kind.ACT,
            description="维修",
            due_on=date.fromisoformat(due),
            status=status,
        )
    # A superseded agreement's obligations never count.
    with at("2026-03-01"):
        old = Agreement.objects.create(
            case=c12,
            status=Agreement.Status.SUPERSEDED,
            facts="事实",
            disputed_matters="争议",
            terms="条款",
            verification_code="V0",
            drafted_by=med,
            drafted_at=timezone.now(),
        )
    Obligation.objects.create(
        agreement=old,
        debtor=list(c12.parties.all())[1],
        kind=Obligation.Kind.ACT,
        description="旧",
        due_on=date(2026, 3, 15),
        status=Obligation.Status.BREACHED,
    )
    return story
