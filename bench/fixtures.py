"""Run inside Django (bench/run.py calls it): sessions for each role and sample ids for the
locustfile, so that load users are logged in without going through the login form."""

import json
import random

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import Count

from cases.models import Case
from cases.selectors import case_list_for_user
from mediators.models import Membership, SupervisorJurisdiction, User


def session_for(user: User) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(60 * 60 * 6)
    session.create()
    return session.session_key


def busiest_mediator() -> User:
    """The grid worker whose team has the most cases: the heaviest inbox."""
    team = (
        Case.objects.values("team")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("team", flat=True)
    ).first()
    return User.objects.filter(
        memberships__team=team, memberships__role=Membership.Role.GRID_WORKER
    ).first() or User.objects.get(username="gridworker")


def write(path: str) -> None:
    rng = random.Random(7)
    mediator = busiest_mediator()
    district_supervisor = SupervisorJurisdiction.objects.filter(district__isnull=False).first().user
    street_supervisor = SupervisorJurisdiction.objects.filter(street__isnull=False).first().user
    visible = list(
        case_list_for_user(mediator).order_by("-registered_at").values_list("pk", flat=True)[:2000]
    )
    tracking = list(
        Case.objects.filter(parties__is_filer=True, parties__mobile__gt="")
        .order_by("?")
        .values_list("tracking_code", "parties__mobile")[:500]
    )
    data = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "sessions": {
            "mediator": session_for(mediator),
            "district_supervisor": session_for(district_supervisor),
            "street_supervisor": session_for(street_supervisor),
        },
        "mediator_cases": rng.sample(visible, min(300, len(visible))),
        "mediator_visible": len(visible),
        "district_id": district_supervisor.jurisdictions.first().district_id,
        "street_id": street_supervisor.jurisdictions.first().street_id,
        "tracking": [[code, mobile[-4:]] for code, mobile in tracking],
    }
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    print(f"fixtures: mediator {mediator.username} sees ≥{len(visible)} cases")
