"""The duty roster (值班表): per team and week, who is on duty now, and for the team's lead
or coordinator the forms to put members on duty and take shifts off."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import Refused
from mediators import selectors
from mediators.access import can_keep_roster, org_object_get_for_user, org_scope_for, require_perm
from mediators.forms import DutyShiftForm
from mediators.models import Team
from mediators.services.duty import duty_shift_add, duty_shift_remove


def _week_of(value: str) -> date:
    """'2026-W05' → that ISO week's Monday; anything else → this week."""
    try:
        year, week = value.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    except (ValueError, AttributeError):
        return selectors.week_start(timezone.localdate())


def _roster_teams(request):
    scope = org_scope_for(request.user)
    # The joint centres and specialist teams keep rosters most; grid teams after them.
    kind_order = Case(
        When(kind=Team.Kind.JOINT_CENTRE, then=Value(0)),
        When(kind=Team.Kind.SPECIALIST_TEAM, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return scope, list(
        scope.teams()
        .filter(active=True)
        .select_related("street")
        .annotate(kind_order=kind_order)
        .order_by("street__code", "kind_order", "name")
    )


def _default_team(scope, teams: list[Team]) -> Team | None:
    mine = [m.team_id for m in scope.memberships]
    for team in teams:
        if team.pk in mine and team.kind != Team.Kind.GRID_TEAM:
            return team
    return next((t for t in teams if t.pk in mine), teams[0] if teams else None)


def _roster_url(team: Team, monday: date) -> str:
    iso = monday.isocalendar()
    return f"{reverse('mediators:duty')}?team={team.pk}&week={iso.year}-W{iso.week:02d}"


def _roster_context(request, *, teams: list[Team], team: Team | None, monday: date, form=None):
    scope = org_scope_for(request.user)
    keeper = team is not None and can_keep_roster(request.user, team)
    if keeper and form is None:
        form = DutyShiftForm(team=team, initial={"day": timezone.localdate()})
    iso = monday.isocalendar()
    return {
        "teams": teams,
        "team": team,
        "monday": monday,
        "week_label": f"{iso.year}-W{iso.week:02d}",
        "prev_url": _roster_url(team, monday - timedelta(days=7)) if team else "",
        "next_url": _roster_url(team, monday + timedelta(days=7)) if team else "",
        "days": selectors.roster_week(team, monday) if team else [],
        "today": timezone.localdate(),
        "on_duty": selectors.duty_now(team_ids=scope.teams().values("pk")),
        "can_keep_roster": keeper,
        "form": form if keeper else None,
    }


@login_required
def duty_roster(request):
    require_perm(request.user, "mediators.view_dutyshift")
    scope, teams = _roster_teams(request)
    team = {str(t.pk): t for t in teams}.get(request.GET.get("team", "")) or _default_team(
        scope, teams
    )
    monday = _week_of(request.GET.get("week", ""))
    return render(
        request,
        "mediators/duty_roster.html",
        _roster_context(request, teams=teams, team=team, monday=monday),
    )


@login_required
@require_POST
def duty_add(request, team_id: int):
    scope = org_scope_for(request.user)
    team = org_object_get_for_user(
        user=request.user, perm="mediators.add_dutyshift", queryset=scope.teams(), pk=team_id
    )
    form = DutyShiftForm(request.POST, team=team)
    if form.is_valid():
        starts_at, ends_at = form.period()
        try:
            duty_shift_add(
                team=team,
                user=form.cleaned_data["user"],
                starts_at=starts_at,
                ends_at=ends_at,
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The shift is on the roster."))
            return redirect(_roster_url(team, selectors.week_start(starts_at.date())))
    # The same week again, with what was typed kept and the errors next to the fields.
    day = form.cleaned_data.get("day") or timezone.localdate()
    teams = _roster_teams(request)[1]
    monday = selectors.week_start(day)
    context = _roster_context(request, teams=teams, team=team, monday=monday, form=form)
    return render(request, "mediators/duty_roster.html", context, status=400)


@login_required
@require_POST
def duty_remove(request, pk: int):
    scope = org_scope_for(request.user)
    shift = org_object_get_for_user(
        user=request.user,
        perm="mediators.delete_dutyshift",
        queryset=scope.duty_shifts().select_related("team"),
        pk=pk,
    )
    try:
        duty_shift_remove(shift_id=shift.pk, actor=request.user)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The shift is off the roster."))
    monday = selectors.week_start(timezone.localtime(shift.starts_at).date())
    return redirect(_roster_url(shift.team, monday))
