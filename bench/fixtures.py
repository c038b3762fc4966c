"""Run inside Django (bench/run.py calls it): sessions for each role and sample ids for the
locustfile, so that load users are logged in without going through the login form."""

import json
import random

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import Count

from cases.models import Case, Category
from cases.selectors import case_list_for_user
from grids.models import Compound, Street
from mediators.models import Membership, SupervisorJurisdiction, User
from reports.periods import add_months, current_month


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


def busiest_supervisor(level: str) -> User:
    """The supervisor of the district (or street) with the most cases."""
    place = (
        Case.objects.values(level)
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list(level, flat=True)
        .first()
    )
    return SupervisorJurisdiction.objects.filter(**{level: place}).first().user


def last_months(n: int) -> list[str]:
    month = current_month()
    return [add_months(month, -i).strftime("%Y-%m") for i in range(n)]


def write(path: str) -> None:
    rng = random.Random(7)
    mediator = busiest_mediator()
    district_supervisor = busiest_supervisor("district")
    street_supervisor = busiest_supervisor("street")
    district_id = district_supervisor.jurisdictions.first().district_id
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
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "sessions": {
            "mediator": session_for(mediator),
            "district_supervisor": session_for(district_supervisor),
            "street_supervisor": session_for(street_supervisor),
        },
        "mediator_cases": rng.sample(visible, min(300, len(visible))),
        "mediator_visible": len(visible),
        "district_id": district_id,
        "district_supervisor_cases": Case.objects.filter(district_id=district_id).count(),
        "district_streets": list(
            Street.objects.filter(district_id=district_id).values_list("pk", flat=True)
        ),
        # the month in progress and the two before: what supervisors compare
        "months": last_months(3),
        "category_codes": list(Category.objects.values_list("code", flat=True)),
        "category_ids": list(Category.objects.values_list("pk", flat=True)),
        "compound_codes": list(
            Compound.objects.order_by("?").values_list("code", flat=True)[:2000]
        ),
        "street_id": street_supervisor.jurisdictions.first().street_id,
        "tracking": [[code, mobile[-4:]] for code, mobile in tracking],
    }
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    print(
        f"fixtures: mediator {mediator.username} sees ≥{len(visible)} cases; district "
        f"supervisor {district_supervisor.username} sees {data['district_supervisor_cases']:,}"
    )
