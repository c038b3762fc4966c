"""Reads shared by the pages, the API and the dashboards."""

import re
from datetime import timedelta
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils import timezone

from mediators.models import MediatorProfile
from mediators.selectors import team_working_members

from .access import scope_for
from .models import (
    Case,
    CaseAssignment,
    CaseEvent,
    CaseLink,
    ContactAttempt,
    Evidence,
    ExpertAssessment,
    InterimMeasure,
    JointMeeting,
    LegalOpinion,
    MediationSession,
    Party,
    PartyGroup,
)
from .panels import known_empty
from .workflow import OPEN_STATUSES


def case_list_for_user(user) -> QuerySet[Case]:
    """Every case the user may see, filtered by indexed columns (never a guardian join)."""
    if not user.is_authenticated:
        return Case.objects.none()
    if user.is_superuser:
        return Case.objects.all()
    scope = scope_for(user)
    # Only plain column conditions joined by OR, so PostgreSQL can combine their indexes (a
    # BitmapOr); a correlated EXISTS in the OR would make every list scan the case table. The
    # few cases a user holds by assignment or by an earlier tier are read once, by index.
    visible = Q(pk__in=[])
    if scope.team_ids:
        visible |= Q(team_id__in=scope.team_ids)
    if scope.street_ids:
        visible |= Q(street_id__in=scope.street_ids)
    if scope.district_ids:
        visible |= Q(district_id__in=scope.district_ids)
    by_id = scope.held_case_ids | scope.invited_case_ids
    if by_id:
        visible |= Q(pk__any_of=sorted(by_id))  # one array parameter (core/lookups.py)
    return Case.objects.filter(visible)


def case_list_for_display(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """The related rows a case list shows, fetched with the list (no query per row)."""
    return queryset.select_related("category", "compound", "team").order_by("-registered_at", "-id")


def assignee_suggestions(case: Case) -> list:
    """Members of the case's team who may mediate it, best first: those whose specialties include
    the case's category, then those with the fewest open cases."""

    specialist = MediatorProfile.specialties.through.objects.filter(
        mediatorprofile__user=OuterRef("pk"), category_id=case.category_id
    )
    members = (
        get_user_model()
        .objects.filter(pk__in=team_working_members(case.team_id).values("pk"))
        .annotate(
            specialty_match=Exists(specialist),
            open_cases=Count(
                "case_assignments",
                filter=Q(
                    case_assignments__active=True,
                    case_assignments__case__status__in=list(OPEN_STATUSES),
                ),
            ),
        )
        .order_by("-specialty_match", "open_cases", "name")
    )
    return list(members)


def desk_counts(user) -> dict[str, int]:
    """The figures of the staff home page, in one query: my open cases, my team's open cases,
    those due within five days and those overdue."""

    scope = scope_for(user)
    today = timezone.localdate()
    mine = Exists(CaseAssignment.objects.filter(case=OuterRef("pk"), user=user, active=True))
    open_cases = Case.objects.filter(status__in=list(OPEN_STATUSES)).filter(
        Q(team_id__in=scope.working_team_ids) | mine
    )
    return open_cases.aggregate(
        mine=Count("pk", filter=mine),
        team=Count("pk", filter=Q(team_id__in=scope.working_team_ids)),
        due_soon=Count(
            "pk", filter=Q(deadline__gte=today, deadline__lte=today + timedelta(days=5))
        ),
        overdue=Count("pk", filter=Q(deadline__lt=today)),
    )


def duplicate_candidates(
    compound, mobiles, names, within_days: int = 30, *, user=None, exclude_case_id=None
) -> QuerySet[Case]:
    """Cases of the same compound registered in the last `within_days` days with a party of
    the same mobile number or name: the duplicate warning at registration. With `user`, only
    cases that user may see."""

    mobiles = [m for m in (mobiles or []) if m]
    names = [n.strip() for n in (names or []) if n and n.strip()]
    if not mobiles and not names:
        return Case.objects.none()
    same_party = Party.objects.filter(case=OuterRef("pk")).filter(
        Q(mobile__in=mobiles) | Q(name__in=names)
    )
    since = timezone.now() - timedelta(days=within_days)
    base = case_list_for_user(user) if user is not None else Case.objects.all()
    candidates = base.filter(compound=compound, registered_at__gte=since).filter(Exists(same_party))
    if exclude_case_id:
        candidates = candidates.exclude(pk=exclude_case_id)
    return candidates.select_related("category").order_by("-registered_at")


def case_timeline(case: Case, *, include_side_only: bool = True) -> QuerySet:
    """The record entries of a case for the staff page, oldest first, with the entries each
    corrects fetched along (no query per row)."""

    events = CaseEvent.objects.filter(case=case).select_related("actor", "corrects")
    if not include_side_only:
        events = events.exclude(visibility=CaseEvent.Visibility.SIDE)
    return events.order_by("created_at", "id")


def case_sessions(case: Case) -> list:
    """The case's mediation sessions, newest first, read once per request: the case page lists
    them and its documents panel offers them for minutes. Empty without a query when the
    page's presence query found none."""

    if not hasattr(case, "_sessions"):
        case._sessions = (
            []
            if known_empty(case, "sessions")
            else list(case.sessions.select_related("recorded_by"))
        )
    return case._sessions


def events_for_side(case: Case, side: str) -> QuerySet:
    """What one side of the dispute may read of its file: the entries shared with all parties
    and its own side's (never the other side's back-to-back notes, never internal notes).
    The tracking page and the printed copy for a party read this."""

    return (
        CaseEvent.objects.filter(case=case)
        .visible_to_side(side)
        .select_related("corrects")
        .order_by("created_at", "id")
    )


def group_tallies(case: Case) -> dict[int, dict[str, int]]:
    """Per group of owners: how many agree, refuse, are undecided (one query)."""

    tallies: dict[int, dict[str, int]] = {}
    rows = (
        Party.objects.filter(case=case, group__isnull=False)
        .values("group_id", "position")
        .annotate(n=Count("id"))
    )
    for row in rows:
        tallies.setdefault(row["group_id"], {})[row["position"]] = row["n"]
    return tallies


INBOX_VIEWS = ("mine", "team", "due_soon", "overdue", "all")


def case_inbox(user, view: str) -> QuerySet[Case]:
    """The desk's tabs: my cases, my team's open cases, due within five days, overdue, all."""

    today = timezone.localdate()
    scope = scope_for(user)
    open_ = Q(status__in=list(OPEN_STATUSES))
    # A user sees every case of their teams and every case they are assigned to
    # (access.case_capabilities): these two tabs need not repeat the whole scope, whose held
    # and invited cases are two more queries and an array of a thousand ids to plan with.
    if view == "mine":
        mine = CaseAssignment.objects.filter(case=OuterRef("pk"), user=user, active=True)
        return Case.objects.filter(Exists(mine))
    if view == "team":
        return Case.objects.filter(open_, team_id__in=scope.working_team_ids)
    if view in ("due_soon", "overdue") and scope.working_team_ids:
        # Deadlines are kept by whoever works the case: a mediator's deadline tabs list their
        # teams' cases and those assigned to them, not the cases an earlier tier of theirs
        # passed on (the next team's deadlines); a supervisor's list every case they oversee.
        cases = Case.objects.filter(
            Q(team_id__in=scope.working_team_ids) | Q(pk__any_of=sorted(scope.assigned_case_ids))
        )
    else:
        cases = case_list_for_user(user)
    if view == "due_soon":
        return cases.filter(open_, deadline__gte=today, deadline__lte=today + timedelta(days=5))
    if view == "overdue":
        return cases.filter(open_, deadline__lt=today)
    return cases


def case_search(queryset: QuerySet[Case], text: str) -> QuerySet[Case]:
    """By reference number, party name or phone (the full number, or its last four digits)."""

    text = (text or "").strip()
    if not text:
        return queryset
    digits = re.sub(r"\D", "", text)
    # Only what is written as a number: a reference (测154调〔2026〕第0002号) has 11 digits too.
    if re.fullmatch(r"[\d\s()+-]+", text) and len(digits) == 11 and digits.startswith("1"):
        return queryset.filter(Exists(Party.objects.filter(case=OuterRef("pk"), mobile=digits)))
    if re.fullmatch(r"\d{4}", text):  # what people read off a masked number: 138****5678
        last_four = Party.objects.filter(case=OuterRef("pk"), mobile__endswith=text)
        return queryset.filter(Q(reference__contains=text) | Exists(last_four))
    by_reference = Q(reference__icontains=text)
    party_named = Party.objects.filter(case=OuterRef("pk"), name__icontains=text)
    return queryset.filter(by_reference | Exists(party_named) | Q(title__icontains=text))


def _has(model, **lookups) -> Exists:
    return Exists(model.objects.filter(**lookups))


def _section_checks() -> dict:
    """For each list of the case page, an EXISTS on the case's row (OuterRef("pk"))."""

    case = OuterRef("pk")
    return {
        "sessions": _has(MediationSession, case=case),
        "contacts": _has(ContactAttempt, case=case),
        "measures": _has(InterimMeasure, case=case),
        "evidence": _has(Evidence, case=case),
        "opinions": _has(LegalOpinion, case=case),
        "assessments": _has(ExpertAssessment, case=case),
        "meetings": _has(JointMeeting, case=case),
        "groups": _has(PartyGroup, case=case),
        "links": Q(_has(CaseLink, case=case)) | Q(_has(CaseLink, other=case)),
    }


def _boolean(check):
    """A Q of EXISTS (one check OR another) as a selectable boolean."""
    return ExpressionWrapper(check, output_field=BooleanField()) if isinstance(check, Q) else check


def case_sections_present(case: Case, extra: dict | None = None) -> dict[str, bool]:
    """Which of the case page's lists (and of `extra`: name -> a function building a panel's
    check) have rows, in one query: most cases have no evidence, measures, meetings, ... and a
    query for each empty list was a third of the page's time at a million cases
    (docs/performance.md)."""
    sql, params = _presence_query(tuple((extra or {}).items()))
    with connection.cursor() as cursor:
        cursor.execute(sql, [case.pk if p == _NO_CASE else p for p in params])
        row = cursor.fetchone()
        names = [column[0].removeprefix("has_") for column in cursor.description]
    return {name: bool(value) for name, value in zip(names, row, strict=True)}


_NO_CASE = -2_147_480_000  # a key no case has, replaced by the case's own in the cached query


@lru_cache(maxsize=8)
def _presence_query(extra: tuple) -> tuple[str, tuple]:
    """The SQL of the presence query, built once per process: Django took longer to compile a
    dozen EXISTS subqueries than PostgreSQL took to run them."""
    checks = {**_section_checks(), **{name: build() for name, build in extra}}
    # aliased: a name such as "sessions" is also the case's own relation
    query = (
        Case.objects.filter(pk=_NO_CASE)
        .values(**{f"has_{name}": _boolean(check) for name, check in checks.items()})
        .query
    )
    sql, params = query.sql_with_params()
    return sql, tuple(params)


def bounded_count(queryset: QuerySet, limit: int = 1000) -> tuple[int, bool]:
    """Count at most `limit` rows (a LIMITed subquery): lists never count a whole large table.
    Returns (count, more) where more means "at least limit"."""
    n = queryset.order_by()[: limit + 1].count()
    return min(n, limit), n > limit


def invited_cases_of(user) -> QuerySet[Case]:
    """For an invited expert or partner: the cases they were invited to, and nothing else."""
    scope = scope_for(user)
    return Case.objects.filter(pk__in=scope.invited_case_ids)
