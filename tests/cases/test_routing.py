"""Routing (属地原则): every rule, the fallbacks above the grid, the next tier up, and the reason
the case record keeps."""

import pytest

from cases.models import CaseEvent
from cases.routing import NoTeamError, next_tier_up, route_escalation, route_new_case
from cases.workflow import Tier
from mediators.models import Team
from tests.factories.cases import make_case
from tests.factories.grids import CompoundFactory, GridFactory
from tests.factories.mediators import TeamFactory


def test_an_ordinary_case_goes_to_the_grid_team_covering_the_compound(town):
    decision = route_new_case(compound=town.a.compound, grade_level="ordinary")
    assert decision.team == town.a.grid_team
    assert decision.tier == Tier.GRID
    assert decision.rule == "grid_team"
    assert not decision.flagged
    assert town.a.compound.name in decision.reason
    assert town.a.grid.name in decision.reason
    assert town.a.grid_team.name in decision.reason


def test_a_key_case_goes_straight_to_the_specialist_team(town):
    decision = route_new_case(compound=town.a.compound, grade_level="key")
    assert decision.team == town.a.specialist_team
    assert decision.tier == Tier.SPECIALIST
    assert decision.rule == "key_case"
    assert not decision.flagged
    assert town.a.specialist_team.name in decision.reason


def test_a_grid_no_team_covers_sends_the_case_to_the_specialist_team_flagged(town):
    decision = route_new_case(compound=town.a.uncovered_compound, grade_level="ordinary")
    assert decision.team == town.a.specialist_team
    assert decision.rule == "no_covering_team"
    assert decision.flagged
    assert town.a.uncovered_grid.name in decision.reason


def test_a_compound_without_a_grid_goes_to_the_specialist_team_flagged(town):
    compound = CompoundFactory(grid=None, street=town.a.street)
    decision = route_new_case(compound=compound, grade_level="ordinary")
    assert decision.team == town.a.specialist_team
    assert decision.rule == "no_grid"
    assert decision.flagged
    assert compound.name in decision.reason


def test_an_inactive_grid_team_does_not_receive_cases(town):
    Team.objects.filter(pk=town.a.grid_team.pk).update(active=False)
    decision = route_new_case(compound=town.a.compound, grade_level="ordinary")
    assert decision.team == town.a.specialist_team
    assert decision.rule == "no_covering_team"
    assert decision.flagged


def test_a_street_without_a_specialist_team_falls_back_to_its_joint_centre(town):
    Team.objects.filter(pk=town.a.specialist_team.pk).update(active=False)
    decision = route_new_case(compound=town.a.compound, grade_level="key")
    assert decision.team == town.a.centre
    assert decision.tier == Tier.JOINT_CENTRE
    assert decision.flagged  # a key case landed a tier higher than the rule wanted
    assert town.a.street.name in decision.reason  # the reason says why


def test_then_to_the_districts_joint_centre(town):
    Team.objects.filter(pk__in=[town.a.specialist_team.pk, town.a.centre.pk]).update(active=False)
    district_centre = TeamFactory(
        kind=Team.Kind.JOINT_CENTRE, street=None, district=town.a.street.district
    )
    decision = route_new_case(compound=town.a.uncovered_compound, grade_level="ordinary")
    assert decision.team == district_centre
    assert decision.flagged


def test_a_street_with_no_team_above_the_grid_is_a_configuration_error(town):
    Team.objects.filter(pk__in=[town.a.specialist_team.pk, town.a.centre.pk]).update(active=False)
    with pytest.raises(NoTeamError):
        route_new_case(compound=town.a.compound, grade_level="key")


def test_a_compound_covered_by_another_streets_grid_team_is_routed_by_its_own_grid(town):
    """Two grid teams never share a grid in practice; if one covers two grids the routing
    still follows the compound's own grid."""
    grid = GridFactory(community__street=town.a.street)
    town.a.grid_team.grids.add(grid)
    compound = CompoundFactory(grid=grid)
    assert route_new_case(compound=compound, grade_level="ordinary").team == town.a.grid_team


@pytest.mark.parametrize(
    "tier, expected, flagged",
    [("grid", "specialist_team", False), ("specialist", "centre", False)],
)
def test_the_next_tier_up(town, tier, expected, flagged):
    decision = next_tier_up(street=town.a.street, tier=tier)
    assert decision.team == getattr(town.a, expected)
    assert decision.rule == "escalation"
    assert decision.flagged is flagged


def test_there_is_no_tier_above_the_joint_centre(town):
    assert next_tier_up(street=town.a.street, tier="joint_centre") is None


def test_escalating_from_the_grid_where_the_street_has_no_specialist_team(town):
    Team.objects.filter(pk=town.a.specialist_team.pk).update(active=False)
    decision = route_escalation(street=town.a.street, to_tier="specialist")
    assert decision.team == town.a.centre
    assert decision.flagged
    assert town.a.street.name in decision.reason


def test_the_case_record_shows_why_the_case_went_where_it_went(town):
    case = make_case(compound=town.a.uncovered_compound, registered_by=town.a.grid_worker)
    routed = CaseEvent.objects.get(case=case, kind="routed")
    expected = route_new_case(compound=town.a.uncovered_compound, grade_level="ordinary")
    assert routed.summary == expected.reason
    assert routed.detail["rule"] == "no_covering_team"
    assert routed.detail["flagged"] is True
    case.refresh_from_db()
    assert case.team == town.a.specialist_team
    assert case.needs_lead_attention
