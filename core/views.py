from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from cases.access import scope_for
from cases.selectors import desk_counts
from grids.models import Street
from mediators.selectors import duty_now
from notifications.models import Notification

from .models import WorkerHeartbeat


def public_home(request):
    """The residents' landing page: how mediation works and who to call, per street."""
    streets = Street.objects.select_related("district").order_by("district__code", "code")
    return render(request, "core/public_home.html", {"streets": streets})


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
    return render(request, "core/staff_home.html", context)


def login_locked_out(request, original_response=None, credentials=None):
    """What django-axes answers while logging in to an account from this address is paused
    (AXES_LOCKOUT_CALLABLE): what happened, for how long, and what to do instead."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME / timedelta(minutes=1)),
    }
    return render(request, "registration/locked_out.html", context, status=429)


@never_cache
def healthz(request):
    """For the load balancer and docker-compose: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
