"""Who follows a case up and who hears about it."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from cases.models import Case, CaseAssignment
from cases.workflow import Tier
from mediators.models import Membership, Team

R = Membership.Role
LEAD_ROLES = (R.TEAM_LEAD, R.COORDINATOR)


def _members(team_id: int, roles) -> QuerySet:
    return (
        get_user_model()
        .objects.filter(
            memberships__team_id=team_id,
            memberships__role__in=list(roles),
            memberships__active=True,
            is_active=True,
        )
        .distinct()
        .order_by("id")
    )


def followup_owner(case: Case):
    """Who makes the follow-up visits: the grid worker at the grid tier, otherwise the case's
    lead mediator (any assigned mediator if no lead), otherwise the team's lead."""
    if case.tier == Tier.GRID:
        worker = _members(case.team_id, [R.GRID_WORKER]).first()
        if worker is not None:
            return worker
    assignment = (
        CaseAssignment.objects.filter(case=case, active=True, user__is_active=True)
        .select_related("user")
        .order_by("-role", "assigned_at")  # "lead" > "assistant": the lead comes first
        .first()
    )
    if assignment is not None:
        return assignment.user
    return case_leads(case).first()


def case_mediators(case: Case) -> QuerySet:
    """Whom an obligation reminder goes to: the assigned mediators, or the follow-up owner."""
    User = get_user_model()
    assigned = User.objects.filter(
        case_assignments__case=case, case_assignments__active=True, is_active=True
    )
    if assigned.exists():
        return assigned.distinct()
    owner = followup_owner(case)
    return User.objects.filter(pk=owner.pk) if owner else User.objects.none()


def case_leads(case: Case) -> QuerySet:
    """The team lead who hears about what is overdue: the lead of the case's team, or for a
    grid team (which has none) the lead of the street's specialist team."""
    leads = _members(case.team_id, LEAD_ROLES)
    if leads.exists():
        return leads
    return street_specialist_leads(case.street_id)


def street_specialist_team(street_id: int) -> Team | None:
    return (
        Team.objects.filter(kind=Team.Kind.SPECIALIST_TEAM, street_id=street_id, active=True)
        .order_by("id")
        .first()
    )


def street_specialist_leads(street_id: int) -> QuerySet:
    team = street_specialist_team(street_id)
    if team is None:
        return get_user_model().objects.none()
    return _members(team.pk, LEAD_ROLES)
