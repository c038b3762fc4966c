"""The mediator's "today" page and the team lead's overview."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from followups import selectors


@login_required
def today(request):
    day = timezone.localdate()
    user = request.user
    context = {
        "today": day,
        "visits_due": list(selectors.visits_due_for_user(user, today=day)),
        "visits_upcoming": list(selectors.visits_upcoming_for_user(user, today=day)),
        "obligations": list(selectors.obligations_due_for_user(user, today=day)),
        "near_deadline": list(selectors.cases_near_deadline_for_user(user, today=day)),
        "patrols": selectors.patrols_this_week_for_user(user, today=day),
    }
    return render(request, "followups/today.html", context)


@login_required
def overview(request):
    team_ids = selectors.overview_team_ids(request.user)
    if not team_ids:
        raise PermissionDenied
    day = timezone.localdate()
    context = {
        "today": day,
        "visits": list(selectors.overdue_visits_for_teams(team_ids, today=day)),
        "obligations": list(selectors.overdue_obligations_for_teams(team_ids, today=day)),
        "missed": list(
            selectors.missed_patrols_for_teams(team_ids, since=day - timedelta(weeks=8))
        ),
    }
    return render(request, "followups/overview.html", context)
