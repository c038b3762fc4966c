"""The one way to get a case: `case_get_for_user`. Every page, API endpoint and download of a
case goes through it; lists go through `cases.selectors.case_list_for_user`.

Scoping uses indexed columns on the case (team, street, district, assignments); django-guardian
holds only per-case exceptions: an invited expert or partner organisation.
"""

from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, Value
from django.http import Http404
from guardian.models import UserObjectPermission

from core.logging import log_access_refused
from core.masking import mask_mobile
from mediators.access import user_jurisdictions, user_memberships
from mediators.models import Membership, Team

from .models import Case, CaseAssignment, TierStint
from .workflow import Capability

LEAD_ROLES = {Membership.Role.TEAM_LEAD, Membership.Role.COORDINATOR}
# Partner organisations sit in the joint centre to mediate jointly, but the case is not theirs.
VIEW_ONLY_ROLES = {Membership.Role.PARTNER}


class UserScope:
    """What a user's memberships and jurisdictions give them; built once per request."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def memberships(self) -> list[Membership]:
        return user_memberships(self.user)

    @cached_property
    def team_ids(self) -> set[int]:
        return {m.team_id for m in self.memberships}

    @cached_property
    def working_team_ids(self) -> set[int]:
        return {m.team_id for m in self.memberships if m.role not in VIEW_ONLY_ROLES}

    def roles_in(self, team_id: int) -> set[str]:
        return {m.role for m in self.memberships if m.team_id == team_id}

    @cached_property
    def street_ids(self) -> set[int]:
        return {street for street, _district in user_jurisdictions(self.user) if street}

    @cached_property
    def district_ids(self) -> set[int]:
        return {district for street, district in user_jurisdictions(self.user) if district}

    @cached_property
    def invited_case_ids(self) -> set[int]:
        """Cases an expert or partner was invited to (django-guardian object permissions).

        Read from guardian's table by user (indexed) rather than get_objects_for_user, whose
        query casts every case id to text and scans the case table (guardian #68, #811)."""
        if not self.user.is_authenticated:
            return set()

        object_pks = UserObjectPermission.objects.filter(
            user=self.user,
            permission__codename="view_case",
            content_type=ContentType.objects.get_for_model(Case),
        ).values_list("object_pk", flat=True)
        return {int(pk) for pk in object_pks}

    @cached_property
    def _held(self) -> dict[str, set[int]]:
        """The cases the user holds outside their teams' current cases, in one query: those
        they are assigned to, and those that passed through one of their teams (teams of
        earlier tiers keep read access) and are held by another team now."""

        assigned = CaseAssignment.objects.filter(user_id=self.user.pk, active=True).values_list(
            "case_id", Value("assigned")
        )
        held = {"assigned": set(), "earlier": set()}
        if self.team_ids:
            # Escalation is the only move that takes a case to another team: the stints a
            # team left by escalating are the cases it held before (read by index, no join).
            earlier = TierStint.objects.filter(
                team_id__in=self.team_ids, left_by="escalate"
            ).values_list("case_id", Value("earlier"))
            # unordered: SQLite (the `make run` default) refuses ORDER BY inside a UNION
            rows = assigned.order_by().union(earlier.order_by(), all=True)
        else:
            rows = assigned
        for case_id, source in rows:
            held[source].add(case_id)
        return held

    @property
    def assigned_case_ids(self) -> set[int]:
        return self._held["assigned"]

    @property
    def held_case_ids(self) -> set[int]:
        return self._held["assigned"] | self._held["earlier"]

    @property
    def is_supervisor(self) -> bool:
        return bool(self.street_ids or self.district_ids)


def scope_for(user) -> UserScope:
    """The request's user carries its scope so one request computes it once."""
    scope = getattr(user, "_case_scope", None)
    if scope is None:
        scope = UserScope(user)
        if user.is_authenticated:
            user._case_scope = scope
    return scope


def case_capabilities(user, case: Case) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    scope = scope_for(user)
    caps: set[str] = set()
    if case.team_id in scope.working_team_ids:
        caps |= {Capability.VIEW, Capability.WORK, Capability.REVEAL}
        roles = scope.roles_in(case.team_id)
        if roles & LEAD_ROLES or (case.tier == "grid" and Membership.Role.GRID_WORKER in roles):
            caps.add(Capability.LEAD)
    elif case.team_id in scope.team_ids:
        caps.add(Capability.VIEW)
    if _is_assigned(user, case):
        caps |= {Capability.VIEW, Capability.WORK, Capability.REVEAL}
    if Capability.VIEW not in caps and (
        supervises_case(user, case)
        or case.pk in scope.invited_case_ids
        or user.is_superuser
        or _held_earlier(scope, case)
    ):
        caps.add(Capability.VIEW)
    return frozenset(caps)


def case_get_for_user(*, user, case_id: int, capability: str = Capability.VIEW) -> Case:
    """Fetch a case for this user or refuse: 404 to whoever may not see the case (they need
    not learn that it exists), 403 to a reader who may see it but not do `capability`."""
    try:
        case_id = int(case_id)
    except (TypeError, ValueError):
        raise Http404 from None
    case = (
        Case.objects.select_related("category", "compound", "grid", "street", "district", "team")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        log_access_refused(user=user, object_type="case", object_id=case_id, action=capability,
                           reason="missing")  # fmt: skip
        raise Http404
    caps = case_capabilities(user, case)
    if capability not in caps:
        log_access_refused(
            user=user,
            object_type="case",
            object_id=case.pk,
            action=capability,
            reason="had " + (",".join(sorted(caps)) or "-"),
        )
        if Capability.VIEW in caps:
            raise PermissionDenied
        raise Http404
    case.capabilities = caps
    return case


def _is_assigned(user, case: Case) -> bool:
    prefetched = getattr(case, "_prefetched_objects_cache", {}).get("assignments")
    if prefetched is not None:
        return any(a.user_id == user.pk and a.active for a in prefetched)
    return any(a.user_id == user.pk for a in active_assignments(case))


def active_assignments(case: Case) -> list:
    """The case's current mediators, with their users, read once: the access check asks whether
    the user is one of them and the case page lists them."""
    if not hasattr(case, "_active_assignments"):
        case._active_assignments = list(case.assignments.filter(active=True).select_related("user"))
    return case._active_assignments


def _held_earlier(scope: UserScope, case: Case) -> bool:
    """Teams of earlier tiers keep read access."""
    if not scope.team_ids:
        return False
    return TierStint.objects.filter(case=case, team_id__in=scope.team_ids).exists()


# --- The rules other apps ask, each written once -------------------------------------------


def supervises_street(user, *, street_id: int | None, district_id: int | None) -> bool:
    """The user supervises this street or its district (a superuser supervises nothing by
    this rule: callers that let them through say so)."""
    scope = scope_for(user)
    return street_id in scope.street_ids or district_id in scope.district_ids


def supervises_case(user, case: Case) -> bool:
    """The user supervises the street or the district of the case."""
    return supervises_street(user, street_id=case.street_id, district_id=case.district_id)


def may_read_side_only(user, case: Case) -> bool:
    """One side's back-to-back minutes and the record's side-only entries are for those who
    work the case and those who supervise it; never for invited experts and partners or the
    teams of earlier tiers. `case` comes from case_get_for_user (it carries the capabilities)."""
    return Capability.WORK in case.capabilities or supervises_case(user, case)


def led_team_ids(user) -> set[int]:
    """The teams the user leads or coordinates, from the request's memberships (no query)."""
    if not user.is_authenticated:
        return set()
    return {m.team_id for m in scope_for(user).memberships if m.role in LEAD_ROLES}


def leads_a_team(user) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(led_team_ids(user)))


def compounds_worked_by(user) -> Q:
    """A condition on compounds: those whose cases this user works. The teams' jurisdiction
    as patrols know it (followups.access.patrol_grids_for_user with record=True): a grid team's
    grids, the whole street of a specialist team or joint centre, the whole district of a
    district's centre; and any compound of a case the user's team holds or they are assigned
    to. Partner organisations work no case (VIEW_ONLY_ROLES), invited experts hold no team.
    Subqueries only: a list annotated with it costs no query more."""

    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q(pk__isnull=False)
    working = [m.team for m in scope_for(user).memberships if m.role not in VIEW_ONLY_ROLES]
    team_ids = [t.pk for t in working]
    grids = Team.grids.through.objects.filter(
        team_id__in=team_ids, team__kind=Team.Kind.GRID_TEAM
    ).values("grid_id")
    streets = [t.street_id for t in working if t.kind != Team.Kind.GRID_TEAM and t.street_id]
    districts = [t.district_id for t in working if not t.street_id and t.district_id]
    cases = Case.objects.filter(compound=OuterRef("pk"), team_id__in=team_ids)
    assigned = CaseAssignment.objects.filter(
        case__compound=OuterRef("pk"), user_id=user.pk, active=True
    )
    return (
        Q(grid_id__in=grids)
        | Q(street_id__in=streets)
        | Q(street__district_id__in=districts)
        | Exists(cases)
        | Exists(assigned)
    )


def committee_phone_for(committee, *, works_here: bool) -> str:
    """An owners' committee's number as staff see it: in full when the committee agreed to
    publish it or the reader works the compound's cases, else masked (issue 19: invited
    experts and partners read chairs' own mobiles)."""

    if committee.publish_phone or works_here:
        return committee.contact_phone
    return mask_mobile(committee.contact_phone)
