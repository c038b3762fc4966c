"""The staff home page (/desk/): what a member of staff sees first after logging in — their
teams and jurisdictions, the desk's counts, who is on duty, their latest notifications and
whether the background worker is alive. It lives with the cases because almost all of it is
about them; core stays free of the domain apps."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from cases.access import scope_for
from cases.selectors import desk_counts
from core.models import WorkerHeartbeat
from mediators.selectors import duty_now
from notifications.models import Notification


@login_required
def staff_home(request):
    scope = scope_for(request.user)
    context = {
        "memberships": scope.memberships,
        "jurisdictions": request.user.jurisdictions.select_related("street", "district"),
        "counts": desk_counts(request.user),
        "on_duty": duty_now(team_ids=scope.team_ids) if scope.team_ids else [],
        "notifications": Notification.objects.filter(user=request.user)[:5],
        "heartbeat": WorkerHeartbeat.objects.order_by("-beat_at").first(),
        "now": timezone.now(),
    }
    return render(request, "cases/staff_home.html", context)
