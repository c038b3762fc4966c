from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from grids.models import Street


def public_home(request):
    """The residents' landing page: how mediation works and who to call, per street."""
    streets = Street.objects.select_related("district").order_by("district__code", "code")
    return render(request, "core/public_home.html", {"streets": streets})


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
