"""Who may see and record screening patrols, and the one way to fetch a visit or an obligation
(through the case access function, so the rules of cases apply unchanged)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from agreements.models import Obligation
from cases.access import VIEW_ONLY_ROLES, case_get_for_user, scope_for
from core.logging import log_access_refused
from grids.models import Grid
from mediators.models import Team

from .models import FollowUpVisit, ScreeningPatrol

# The teams that patrol: a grid team its grids, a street's specialist team or centre every grid
# of the street. patrol_grids_for_user reads it in SQL, may_patrol from the memberships.
STREET_PATROL_KINDS = (Team.Kind.SPECIALIST_TEAM, Team.Kind.JOINT_CENTRE)


def _team_patrols(team: Team) -> bool:
    return team.active and (
        team.kind == Team.Kind.GRID_TEAM
        or (team.kind in STREET_PATROL_KINDS and team.street_id is not None)
    )


def may_patrol(user) -> bool:
    """Whether the user records patrols anywhere (the navigation asks on every page: read from
    the request's memberships, no query). Where: patrol_grids_for_user(user, record=True)."""
    if not user.is_authenticated:
        return False
    return any(
        m.role not in VIEW_ONLY_ROLES and _team_patrols(m.team) for m in scope_for(user).memberships
    )


def patrol_grids_for_user(user, *, record: bool = False) -> QuerySet[Grid]:
    """The grids whose patrols the user may see (or, with record=True, record): those of the
    grid teams they work in, and every grid of the streets whose specialist team or centre they
    work in; to see only, also the streets and districts they supervise."""
    if not user.is_authenticated:
        return Grid.objects.none()
    scope = scope_for(user)
    team_ids = scope.working_team_ids
    grid_team_grids = Team.grids.through.objects.filter(
        team_id__in=team_ids, team__kind=Team.Kind.GRID_TEAM, team__active=True
    ).values("grid_id")
    street_ids = Team.objects.filter(
        pk__in=team_ids,
        kind__in=STREET_PATROL_KINDS,
        street__isnull=False,
        active=True,
    ).values("street_id")
    visible = Q(pk__in=grid_team_grids) | Q(street_id__in=street_ids)
    if not record:
        if user.is_superuser:
            return Grid.objects.all()
        if scope.street_ids:
            visible |= Q(street_id__in=scope.street_ids)
        if scope.district_ids:
            visible |= Q(street__district_id__in=scope.district_ids)
    return Grid.objects.filter(visible)


def patrol_get_for_user(*, user, patrol_id: int, record: bool = False) -> ScreeningPatrol:
    """404 to whoever may not see the patrol, 403 to a reader who may not record on it."""
    patrol = ScreeningPatrol.objects.select_related("grid", "grid__street").filter(pk=patrol_id)
    patrol = patrol.first()
    if patrol is None or not patrol_grids_for_user(user).filter(pk=patrol.grid_id).exists():
        log_access_refused(user=user, object_type="patrol", object_id=patrol_id, action="view")
        raise Http404
    if record and not patrol_grids_for_user(user, record=True).filter(pk=patrol.grid_id).exists():
        log_access_refused(user=user, object_type="patrol", object_id=patrol_id, action="record")
        raise PermissionDenied
    return patrol


def visit_get_for_user(*, user, visit_id: int, capability: str) -> FollowUpVisit:
    visit = FollowUpVisit.objects.select_related("plan", "assigned_to").filter(pk=visit_id).first()
    if visit is None:
        raise Http404
    visit.case = case_get_for_user(user=user, case_id=visit.case_id, capability=capability)
    return visit


def obligation_get_for_user(*, user, obligation_id: int, capability: str) -> Obligation:
    obligation = (
        Obligation.objects.select_related("agreement", "debtor", "creditor")
        .filter(pk=obligation_id)
        .first()
    )
    if obligation is None:
        raise Http404
    obligation.agreement.case = case_get_for_user(
        user=user, case_id=obligation.agreement.case_id, capability=capability
    )
    return obligation
