"""Routing (属地原则): which team receives a new case, and which team is the next tier up.

One place decides; every decision carries a reason that the case record keeps ("routed"
entry), so anyone can see later why a case went where it went. The rules:

- an ordinary case goes to the grid team covering the compound's grid (rule `grid_team`);
- a case graded key from the start goes to the street's specialist team (`key_case`);
- a compound no grid team covers (`no_covering_team`) or that is in no grid yet (`no_grid`)
  sends the case to the street's specialist team, flagged for its lead: never dropped;
- above the grid, a street without a specialist team falls back to its joint centre, then to
  the district's joint centre; a case that lands on a team of another tier than its rule
  wanted is flagged.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from cases.workflow import Tier, next_tier
from grids.models import Compound, Street
from mediators.models import Team


class NoTeamError(Exception):
    """The street has no team above the grid at all: a configuration error that the org
    pages show as a routing gap (mediators.selectors.routing_gaps)."""


@dataclass(frozen=True)
class RoutingDecision:
    team: Team
    tier: str
    rule: str  # grid_team | key_case | no_grid | no_covering_team | escalation
    reason: str
    flagged: bool = False


def route_new_case(*, compound: Compound, grade_level: str) -> RoutingDecision:
    """Where a newly registered case goes, from its compound and its grade."""
    street = compound.street
    if grade_level == "key":
        team, fallback = _street_team(street, Tier.SPECIALIST)
        return _decision(
            team,
            "key_case",
            _("Graded as a key case, so it goes straight to %(team)s.") % {"team": team},
            fallback,
            flagged=team.tier != Tier.SPECIALIST,
        )
    if compound.grid_id is None:
        team, fallback = _street_team(street, Tier.SPECIALIST)
        return _decision(
            team,
            "no_grid",
            _(
                "%(compound)s is not placed in any grid yet; %(team)s receives the case "
                "and its lead is asked to place the compound."
            )
            % {"compound": compound.name, "team": team},
            fallback,
            flagged=True,
        )
    grid_team = (
        Team.objects.filter(kind=Team.Kind.GRID_TEAM, active=True, grids=compound.grid_id)
        .order_by("id")
        .first()
    )
    if grid_team is not None:
        return _decision(
            grid_team,
            "grid_team",
            _("%(compound)s lies in grid %(grid)s, which %(team)s covers.")
            % {"compound": compound.name, "grid": compound.grid.name, "team": grid_team},
        )
    team, fallback = _street_team(street, Tier.SPECIALIST)
    return _decision(
        team,
        "no_covering_team",
        _(
            "No grid team covers grid %(grid)s; %(team)s receives the case and its lead "
            "is asked to assign a grid team."
        )
        % {"grid": compound.grid.name, "team": team},
        fallback,
        flagged=True,
    )


def route_escalation(*, street: Street, to_tier: str) -> RoutingDecision:
    """The team of tier `to_tier` for a case of this street."""
    team, fallback = _street_team(street, Tier(to_tier))
    return _decision(
        team,
        "escalation",
        _("Escalated to %(team)s.") % {"team": team},
        fallback,
        flagged=team.tier != to_tier,
    )


def next_tier_up(*, street: Street, tier: str) -> RoutingDecision | None:
    """For a case of this street at `tier`: who is the next tier up. None at the joint
    centre, where what is not settled is referred on (to court, arbitration, ...)."""
    above = next_tier(tier)
    if above is None:
        return None
    return route_escalation(street=street, to_tier=above)


def _decision(
    team: Team, rule: str, reason: str, fallback: str = "", *, flagged: bool = False
) -> RoutingDecision:
    if fallback:
        reason = f"{reason} {fallback}"
    return RoutingDecision(team=team, tier=team.tier, rule=rule, reason=reason, flagged=flagged)


def _street_team(street: Street, tier: Tier) -> tuple[Team, str]:
    """The team of a tier above the grid for a street, falling back upwards: the street's
    specialist team, the street's joint centre, the district's joint centre. Returns the team
    and, when it is a fallback, the sentence that says so."""
    active = Team.objects.filter(active=True)
    candidates = []
    if tier == Tier.SPECIALIST:
        candidates.append(("", active.filter(kind=Team.Kind.SPECIALIST_TEAM, street=street)))
    candidates.append(
        (
            _("%(street)s has no active specialist mediation team.") % {"street": street.name},
            active.filter(kind=Team.Kind.JOINT_CENTRE, street=street),
        )
    )
    candidates.append(
        (
            _("%(street)s has no active specialist mediation team or joint mediation centre.")
            % {"street": street.name}
            if tier == Tier.SPECIALIST
            else _("%(street)s has no joint mediation centre of its own.")
            % {"street": street.name},
            active.filter(
                kind=Team.Kind.JOINT_CENTRE, street__isnull=True, district=street.district_id
            ),
        )
    )
    for index, (fallback, queryset) in enumerate(candidates):
        team = queryset.order_by("id").first()
        if team is not None:
            return team, fallback if index else ""
    raise NoTeamError(f"No specialist team or joint centre covers street {street.code}.")
