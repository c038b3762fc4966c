"""Reads shared by the pages, the API, the case panel, the resident's tracking page and the
partner status endpoint."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from agreements.models import Agreement, Obligation
from cases import status_notes
from cases.access import led_team_ids, scope_for
from cases.models import Case, CaseAssignment
from cases.selectors import case_list_for_user
from cases.workflow import OPEN_STATUSES, Tier
from grids.models import Grid
from mediators.models import Membership, Team

from . import rules
from .conf import DEADLINE_SOON_DAYS
from .models import (
    EarlySign,
    FollowUpPlan,
    FollowUpVisit,
    MissedPatrol,
    Reminder,
    ScreeningPatrol,
)
from .models.patrols import week_start

R = Membership.Role
V = FollowUpVisit.Status


# --- whose cases --------------------------------------------------------------------------


def _grid_worker_team_ids(user) -> set[int]:
    return {m.team_id for m in scope_for(user).memberships if m.role == R.GRID_WORKER}


def followed_by_user(user) -> Q:
    """Cases the user follows up: those they are assigned to, and as a grid worker the
    grid-tier cases of their grid team."""
    mine = Exists(CaseAssignment.objects.filter(case=OuterRef("pk"), user=user, active=True))
    return Q(mine) | Q(tier=Tier.GRID, team_id__in=_grid_worker_team_ids(user))


def overview_team_ids(user) -> set[int]:
    """The teams whose follow-ups the user oversees: those they lead or coordinate, and for a
    specialist team's lead the grid teams of the same street (whose overdue items reach them)."""
    cached = getattr(user, "_followup_overview_team_ids", None)
    if cached is not None:  # the page and its navigation ask in the same request
        return cached
    scope = scope_for(user)
    led = led_team_ids(user)
    if not led:
        return set()
    streets = [
        m.team.street_id
        for m in scope.memberships
        if m.team_id in led and m.team.kind == Team.Kind.SPECIALIST_TEAM
    ]
    grid_teams = (
        set(
            Team.objects.filter(
                kind=Team.Kind.GRID_TEAM, street_id__in=streets, active=True
            ).values_list("pk", flat=True)
        )
        if streets
        else set()
    )
    user._followup_overview_team_ids = led | grid_teams
    return user._followup_overview_team_ids


# --- the mediator's "today" ---------------------------------------------------------------


def visits_due_for_user(user, *, today: date) -> QuerySet[FollowUpVisit]:
    return (
        FollowUpVisit.objects.filter(assigned_to=user, status=V.SCHEDULED, due_on__lte=today)
        .select_related("case", "case__compound")
        .order_by("due_on", "pk")
    )


def visits_upcoming_for_user(user, *, today: date, days: int = 7) -> QuerySet[FollowUpVisit]:
    return (
        FollowUpVisit.objects.filter(
            assigned_to=user,
            status=V.SCHEDULED,
            due_on__gt=today,
            due_on__lte=today + timedelta(days=days),
        )
        .select_related("case", "case__compound")
        .order_by("due_on", "pk")
    )


def _obligation_list(queryset) -> QuerySet[Obligation]:
    return queryset.select_related("agreement__case", "debtor").order_by("due_on", "pk")


def obligations_due_for_user(user, *, today: date, soon_days: int = 7) -> QuerySet[Obligation]:
    """Obligations of the user's cases that are due within `soon_days` or overdue and not yet
    performed."""
    cases = Case.objects.filter(followed_by_user(user)).values("pk")
    return _obligation_list(
        Obligation.objects.filter(
            agreement__case__in=cases,
            agreement__status=Agreement.Status.EFFECTIVE,
            status__in=rules.UNSETTLED,
            due_on__lte=today + timedelta(days=soon_days),
        )
    )


def cases_near_deadline_for_user(user, *, today: date) -> QuerySet[Case]:
    return (
        case_list_for_user(user)
        .filter(followed_by_user(user))
        .filter(
            status__in=list(OPEN_STATUSES),
            deadline__lte=today + timedelta(days=DEADLINE_SOON_DAYS),
        )
        .select_related("compound")
        .order_by("deadline", "pk")
    )


def patrols_this_week_for_user(user, *, today: date) -> list[dict]:
    """For a grid worker: their grids and whether this week's patrol is recorded."""
    team_ids = _grid_worker_team_ids(user)
    if not team_ids:
        return []

    monday = week_start(today)
    grids = (
        Grid.objects.filter(teams__in=team_ids)
        .distinct()
        .annotate(
            patrolled=Exists(ScreeningPatrol.objects.filter(grid=OuterRef("pk"), week_start=monday))
        )
        .order_by("code")
    )
    return [{"grid": g, "patrolled": g.patrolled} for g in grids]


# --- the team lead's overview -------------------------------------------------------------


def overdue_visits_for_teams(team_ids, *, today: date) -> QuerySet[FollowUpVisit]:
    return (
        FollowUpVisit.objects.filter(
            case__team_id__in=team_ids,
            status__in=[V.SCHEDULED, V.UNREACHABLE],
        )
        .filter(Q(status=V.UNREACHABLE) | Q(due_on__lt=today))
        .exclude(status=V.UNREACHABLE, plan__status=FollowUpPlan.Status.REBOUND)
        .select_related("case", "assigned_to")
        .order_by("due_on", "pk")
    )


def _flagged_to_lead():
    return Exists(
        Reminder.objects.filter(obligation=OuterRef("pk"), kind=Reminder.Kind.OBLIGATION_LEAD)
    )


def obligation_missed(case_ref) -> Exists:
    """The case's agreement in force has an obligation missed: recorded as breached, or still
    not performed past the grace period (the check flagged it to the lead). Its status note
    (履行异常) is shown with the case's status wherever that is shown (cases.status_notes)."""
    return Exists(
        Obligation.objects.filter(
            agreement__case=case_ref, agreement__status=Agreement.Status.EFFECTIVE
        ).filter(
            Q(status=Obligation.Status.BREACHED)
            | (Q(status__in=rules.UNSETTLED) & Q(_flagged_to_lead()))
        )
    )


def overdue_obligations_for_teams(team_ids, *, today: date) -> QuerySet[Obligation]:
    """The overview's list: obligations overdue and not performed, and those recorded as
    breached (a breach is not the end of following it up: the lead decides what comes next,
    until it is performed late after all)."""
    queryset = (
        Obligation.objects.filter(
            agreement__case__team_id__in=team_ids,
            agreement__status=Agreement.Status.EFFECTIVE,
        )
        .filter(
            Q(status__in=rules.UNSETTLED, due_on__lt=today) | Q(status=Obligation.Status.BREACHED)
        )
        .annotate(flagged=_flagged_to_lead())
    )
    return status_notes.annotate(
        _obligation_list(queryset).select_related("agreement__case__team"),
        case_ref="agreement__case",
    )


def missed_patrols_for_teams(team_ids, *, since: date) -> QuerySet[MissedPatrol]:
    streets = Team.objects.filter(pk__in=team_ids).values("street_id")
    return (
        MissedPatrol.objects.filter(grid__street_id__in=streets, week_start__gte=since)
        .select_related("grid")
        .order_by("-week_start", "grid__code")
    )


# --- one case -----------------------------------------------------------------------------


def plan_for_case(case: Case) -> FollowUpPlan | None:
    """The current plan (the latest settlement round) with its visits, in two queries."""
    return (
        FollowUpPlan.objects.filter(case=case)
        .order_by("-cycle")
        .prefetch_related(
            Prefetch(
                "visits",
                queryset=FollowUpVisit.objects.select_related("assigned_to", "recorded_by"),
            )
        )
        .first()
    )


# the agreements whose obligations the case's follow-up panel lists
SHOWN_AGREEMENTS = (Agreement.Status.EFFECTIVE, Agreement.Status.SUPERSEDED)


def case_has_followups() -> Q:
    """The follow-up panel's presence check on the case's row (cases.panels.CasePanel.present):
    the case has visits, or obligations that obligations_for_case lists."""
    case = OuterRef("pk")
    shown = Obligation.objects.filter(agreement__case=case, agreement__status__in=SHOWN_AGREEMENTS)
    return Q(Exists(FollowUpVisit.objects.filter(case=case))) | Q(Exists(shown))


def visits_for_case(case: Case) -> QuerySet[FollowUpVisit]:
    return (
        FollowUpVisit.objects.filter(case=case)
        .select_related("plan")
        .order_by("plan__cycle", "planned_on", "pk")
    )


def obligations_for_case(case: Case) -> QuerySet[Obligation]:
    """The case page's list of obligations: who owes what by when, and its status (each
    obligation's records and evidence are on its own page)."""
    return (
        Obligation.objects.filter(
            agreement__case=case,
            agreement__status__in=SHOWN_AGREEMENTS,
        )
        .select_related("debtor")
        .order_by("agreement__version", "due_on", "instalment", "pk")
    )


def next_visit_for_case(case: Case) -> date | None:
    """The date of the next follow-up visit, for the resident's tracking page (one query)."""
    return (
        FollowUpVisit.objects.filter(case=case, status=V.SCHEDULED)
        .order_by("due_on")
        .values_list("due_on", flat=True)
        .first()
    )


@dataclass(frozen=True)
class FollowUpState:
    """What a partner system may read about the follow-up of a case it referred."""

    plan_status: str | None
    plan_started_on: date | None
    visits_planned: int
    visits_done: int
    visits_unreachable: int
    next_visit_on: date | None
    last_visit_on: date | None
    last_satisfaction: str | None
    rebounds: int
    obligations: dict[str, int]

    def as_dict(self) -> dict:
        return {
            "plan_status": self.plan_status,
            "plan_started_on": self.plan_started_on,
            "visits_planned": self.visits_planned,
            "visits_done": self.visits_done,
            "visits_unreachable": self.visits_unreachable,
            "next_visit_on": self.next_visit_on,
            "last_visit_on": self.last_visit_on,
            "last_satisfaction": self.last_satisfaction,
            "rebounds": self.rebounds,
            "obligations": self.obligations,
        }


def followup_state_for_case(case: Case) -> FollowUpState:
    """The follow-up state of one case, without names, remarks or personal data (four queries):
    the partner status endpoint calls this for each referral it reports on."""
    plan = FollowUpPlan.objects.filter(case=case).order_by("-cycle").first()
    visits = FollowUpVisit.objects.filter(case=case).aggregate(
        planned=Count("pk", filter=~Q(status=V.CANCELLED)),
        done=Count("pk", filter=Q(status=V.DONE)),
        unreachable=Count("pk", filter=Q(status=V.UNREACHABLE)),
    )
    last = (
        FollowUpVisit.objects.filter(case=case, status=V.DONE)
        .order_by("-visited_on", "-pk")
        .values("visited_on", "satisfaction")
        .first()
    )
    statuses = dict(
        Obligation.objects.filter(
            agreement__case=case, agreement__status=Agreement.Status.EFFECTIVE
        )
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return FollowUpState(
        plan_status=plan.status if plan else None,
        plan_started_on=plan.anchor_on if plan else None,
        visits_planned=visits["planned"],
        visits_done=visits["done"],
        visits_unreachable=visits["unreachable"],
        next_visit_on=next_visit_for_case(case),
        last_visit_on=last["visited_on"] if last else None,
        last_satisfaction=last["satisfaction"] if last else None,
        rebounds=case.reopened_count,
        obligations={s: statuses.get(s, 0) for s in Obligation.Status.values},
    )


# --- patrols ------------------------------------------------------------------------------


def patrols_for_grids(grids) -> QuerySet[ScreeningPatrol]:
    return (
        ScreeningPatrol.objects.filter(grid__in=grids)
        .select_related("grid", "recorded_by")
        .annotate(
            n_signs=Count("signs", distinct=True),
            n_cases=Count("signs", filter=Q(signs__case__isnull=False), distinct=True),
        )
        .order_by("-patrolled_on", "-pk")
    )


def signs_for_patrol(patrol: ScreeningPatrol) -> QuerySet[EarlySign]:
    return patrol.signs.select_related("compound", "case").order_by("pk")
