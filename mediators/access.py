"""Who may see which part of the organisation: the one place the /org/ pages and the staff API
ask. Two questions, in this order:

1. May the user read this kind of thing at all? The model permissions of their role groups
   (mediators.services.groups): e.g. experts from outside see places and the expert pool but
   not the teams' people. Refused with 403.
2. Which of them? The user's jurisdiction: the streets of their teams (a district's joint
   centre: the whole district) and, for supervisors, the street or district they supervise
   (司法所 / 司法局). Anything outside is 404, as if it did not exist.
"""

from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from core.logging import log_access_refused
from grids.models import Community, Compound, District, Grid, PropertyCompany, Street

from .models import DutyShift, Expert, Membership, Team, User

ROSTER_KEEPERS = {Membership.Role.TEAM_LEAD, Membership.Role.COORDINATOR}


def user_memberships(user) -> list[Membership]:
    """The user's active memberships with their teams, loaded once per request: the case scope
    (cases.access), the organisation scope below and the navigation all ask."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_active_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, active=True, team__active=True).select_related(
                "team"
            )
        )
        user._active_memberships = cached
    return cached


def user_jurisdictions(user) -> list[tuple[int | None, int | None]]:
    """(street_id, district_id) of each street or district the user supervises, loaded once per
    request (one of the two is set on each row)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_jurisdictions", None)
    if cached is None:
        cached = list(user.jurisdictions.values_list("street_id", "district_id"))
        user._jurisdictions = cached
    return cached


@dataclass
class OrgScope:
    """The streets and districts a user's organisation pages cover; built once per request."""

    user: User

    @cached_property
    def everything(self) -> bool:
        return bool(self.user.is_superuser)

    @cached_property
    def memberships(self) -> list[Membership]:
        return user_memberships(self.user)

    @cached_property
    def _reach(self) -> tuple[frozenset[int], frozenset[int]]:
        """(streets, whole districts) from memberships, jurisdictions and expert profile."""
        streets: set[int] = set()
        districts: set[int] = set()
        for m in self.memberships:
            if m.team.street_id:
                streets.add(m.team.street_id)
            else:
                districts.add(m.team.district_id)
        if self.user.is_authenticated:
            for street_id, district_id in user_jurisdictions(self.user):
                if street_id:
                    streets.add(street_id)
                else:
                    districts.add(district_id)
            expert_district = (
                Expert.objects.filter(user=self.user).values_list("district_id", flat=True).first()
            )
            if expert_district:
                districts.add(expert_district)
        return frozenset(streets), frozenset(districts)

    @cached_property
    def street_ids(self) -> frozenset[int]:
        streets, districts = self._reach
        if not districts:
            return streets
        return streets | set(
            Street.objects.filter(district__in=districts).values_list("pk", flat=True)
        )

    @cached_property
    def district_ids(self) -> frozenset[int]:
        """Districts the user reaches at least one street of (their district centre is the
        tier above them), or all of."""
        streets, districts = self._reach
        if not streets:
            return districts
        return districts | set(
            Street.objects.filter(pk__in=streets).values_list("district_id", flat=True)
        )

    def _where(self, street_field: str) -> Q:
        if self.everything:
            return Q()
        return Q(**{f"{street_field}__in": self.street_ids})

    # Scoped querysets: every page and endpoint starts from one of these.
    def districts(self) -> QuerySet[District]:
        return (
            District.objects.all()
            if self.everything
            else District.objects.filter(pk__in=self.district_ids)
        )

    def streets(self) -> QuerySet[Street]:
        return Street.objects.filter(self._where("pk"))

    def communities(self) -> QuerySet[Community]:
        return Community.objects.filter(self._where("street"))

    def grids(self) -> QuerySet[Grid]:
        return Grid.objects.filter(self._where("street"))

    def compounds(self) -> QuerySet[Compound]:
        return Compound.objects.filter(self._where("street"))

    def companies(self) -> QuerySet[PropertyCompany]:
        if self.everything:
            return PropertyCompany.objects.all()
        served = Compound.objects.filter(
            property_company=OuterRef("pk"), street__in=self.street_ids
        )
        return PropertyCompany.objects.filter(Exists(served))

    def teams(self) -> QuerySet[Team]:
        if self.everything:
            return Team.objects.all()
        return Team.objects.filter(
            Q(street__in=self.street_ids) | Q(street__isnull=True, district__in=self.district_ids)
        )

    def people(self) -> QuerySet[User]:
        """Staff with an active membership in a team the user sees."""
        seen = Membership.objects.filter(user=OuterRef("pk"), active=True, team__in=self.teams())
        return User.objects.filter(Exists(seen), is_active=True)

    def experts(self) -> QuerySet[Expert]:
        if self.everything:
            return Expert.objects.all()
        return Expert.objects.filter(Q(district__isnull=True) | Q(district__in=self.district_ids))

    def duty_shifts(self) -> QuerySet[DutyShift]:
        return DutyShift.objects.filter(team__in=self.teams())


def org_scope_for(user) -> OrgScope:
    """The request's user carries its scope, so one request computes it once."""
    scope = getattr(user, "_org_scope", None)
    if scope is None:
        scope = OrgScope(user)
        if user.is_authenticated:
            user._org_scope = scope
    return scope


def require_perm(user, perm: str) -> None:
    """The role question (1. above): 403 for a user whose groups do not grant `perm`."""
    if not user.is_authenticated or not user.has_perm(perm):
        log_access_refused(user=user, object_type=perm, object_id=None, action="role")
        raise PermissionDenied


def org_object_get_for_user(*, user, perm: str, queryset: QuerySet, **lookup):
    """The one way an /org/ page or endpoint fetches one object: 403 without the role's
    permission, 404 outside the user's jurisdiction (`queryset` comes from the scope)."""
    require_perm(user, perm)
    obj = queryset.filter(**lookup).first()
    if obj is None:
        log_access_refused(
            user=user,
            object_type=queryset.model._meta.label_lower,
            object_id=",".join(f"{k}={v}" for k, v in lookup.items()),
            action=perm,
            reason="outside jurisdiction or missing",
        )
        raise Http404
    return obj


def can_keep_roster(user, team: Team) -> bool:
    """Team leads and centre coordinators keep their own team's duty roster."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if not user.has_perm("mediators.add_dutyshift"):
        return False
    scope = org_scope_for(user)
    return any(m.team_id == team.pk and m.role in ROSTER_KEEPERS for m in scope.memberships)
