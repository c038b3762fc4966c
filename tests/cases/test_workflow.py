"""The workflow table and its guard (pure: no database)."""

import pytest

from cases.workflow import (
    MOVES,
    Capability,
    CaseState,
    Status,
    Tier,
    allowed_moves,
    check_move,
    next_tier,
)
from core.errors import Refused

WORK = {Capability.VIEW, Capability.WORK}


def test_tiers_go_up_one_at_a_time():
    assert next_tier(Tier.GRID) == Tier.SPECIALIST
    assert next_tier(Tier.SPECIALIST) == Tier.JOINT_CENTRE
    assert next_tier(Tier.JOINT_CENTRE) is None


@pytest.mark.parametrize(
    "status, expected",
    [
        (Status.REGISTERED, {"accept", "decline", "withdraw"}),
        (Status.IN_MEDIATION, {"escalate", "settle", "refer", "withdraw"}),
        (Status.SETTLED, {"close", "reopen"}),
        (Status.REFERRED, {"close"}),
        (Status.CLOSED, {"reopen"}),
        (Status.WITHDRAWN, set()),
        (Status.DECLINED, set()),
    ],
)
def test_allowed_moves_per_status_for_the_working_team(status, expected):
    names = {m.name for m in allowed_moves(CaseState(status, Tier.GRID), WORK)}
    assert names == expected


def test_a_reader_may_do_nothing():
    assert allowed_moves(CaseState(Status.IN_MEDIATION, Tier.GRID), {Capability.VIEW}) == []


def test_the_applicant_may_only_withdraw():
    names = {
        m.name
        for m in allowed_moves(CaseState(Status.IN_MEDIATION, Tier.GRID), {Capability.APPLICANT})
    }
    assert names == {"withdraw"}


def test_the_joint_centre_cannot_escalate():
    with pytest.raises(Refused) as refused:
        check_move("escalate", CaseState(Status.IN_MEDIATION, Tier.JOINT_CENTRE), WORK)
    assert refused.value.code == "illegal"


def test_an_illegal_move_says_why():
    with pytest.raises(Refused) as refused:
        check_move("settle", CaseState(Status.REGISTERED, Tier.GRID), WORK)
    assert refused.value.code == "illegal"
    assert "已登记" in str(refused.value.message)


def test_a_move_without_the_capability_is_forbidden():
    with pytest.raises(Refused) as refused:
        check_move("accept", CaseState(Status.REGISTERED, Tier.GRID), {Capability.VIEW})
    assert refused.value.code == "forbidden"


def test_every_move_targets_a_known_status():
    for move in MOVES.values():
        assert move.target in Status.values
        assert move.sources <= set(Status.values)
