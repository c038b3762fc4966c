"""Hostile input on every URL, not only in the schema's bodies (issue 19, item 8): schemathesis
(test_api_fuzz.py) sends what the OpenAPI schema describes, and the tester's 19 server errors
were all in what it does not: query parameters a view reads by hand, path parameters, and the
JSON decoder itself.

Every route of the resolver (not Django's admin) is filled with a real object of the access
matrix's world, asked once as each persona while recording every query parameter the view
reads, and then asked again with each of those parameters set to a hostile value (the last day
of year 9999 for a date, 10^30 for the rest), all of them set to a NUL byte and to bytes that are
not UTF-8; its path parameters are replaced by the same; every API route is posted JSON nested
10,000 deep and a lone surrogate. No answer may be a 5xx.
"""

import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from . import test_access_matrix as matrix
from .access_probes import PROBES
from .test_url_walk import PARAM, ROUTES

pytestmark = pytest.mark.django_db
# the access matrix's world, made once per module, and its quiet request log
world, _quiet_request_log = matrix.world, matrix._quiet_request_log

PERSONAS = ["anonymous", "supervisor"]
BIG = "1" + "0" * 30
DATE_LIKE = re.compile(r"from|to$|until|before|after|date|month|deadline|_on$|_at$")
NUL, NOT_UTF8 = "%00", "%ED%A0%80"  # as they come on the wire
NESTED = "[" * 10_000 + "]" * 10_000
SURROGATE_BODY = '{"name": "\\ud800", "code": "\\ud800", "side": "\\ud800", "q": "\\ud800"}'
# Parameters worth trying wherever a view may read them without saying so on its first visit.
KNOWN = ["q", "category", "page", "cursor", "registered_to"]


def hostile_for(name: str) -> str:
    """One value a parameter's name calls for: the last day of year 9999 for a date (the day
    after it overflows), 10^30 for the rest (past bigint, int()'s digits and any OFFSET)."""
    return "9999-12-31" if DATE_LIKE.search(name) else BIG


def _first(model_path: str):
    from django.apps import apps

    row = apps.get_model(model_path).objects.order_by("pk").first()
    return row.pk if row else 1


def _real_kwargs(world, route: str) -> dict:
    """Real values for a route's parameters: the probes' for the case-scoped routes (case A),
    the world's places and objects for the rest."""
    a = world.cases["A"]
    if route in PROBES:
        return PROBES[route][0].kwargs(world, "A")
    compound, street = a.case.compound, a.case.compound.street
    values = {
        "token": "none",
        "partner_reference": "none",
        "fmt": "csv",
        "typical_id": a.typical.pk,
        "patrol_id": _first("followups.ScreeningPatrol"),
        "sign_id": _first("followups.EarlySign"),
        "report_id": _first("reports.MonthlyReport"),
        "team_id": _first("mediators.Team"),
    }
    if route.startswith(("board/street/", "org/streets/", "api/^streets/")):
        values["code"] = street.code
    elif route.startswith(("board/", "org/compounds/", "api/^compounds/")):
        values["code"] = compound.code
    elif route.startswith(("org/grids/", "api/^grids/")):
        values["code"] = compound.grid.code
    elif route.startswith("api/^communities/"):
        values["code"] = compound.grid.community.code
    elif route.startswith("api/^districts/"):
        values["code"] = street.district.code
    elif route.startswith("verify/"):
        values["code"] = a.effective.verification_code
    elif route.startswith("track/"):
        values["code"] = a.case.tracking_code
    models = {
        "org/companies/": "grids.PropertyCompany",
        "api/^property-companies/": "grids.PropertyCompany",
        "org/people/": "mediators.User",
        "org/teams/": "mediators.Team",
        "api/^teams/": "mediators.Team",
        "org/duty/": "mediators.DutyShift",
        "api/^experts/": "mediators.Expert",
        "api/^followups/early-signs/": "followups.EarlySign",
        "api/^followups/patrols/": "followups.ScreeningPatrol",
    }
    for prefix, model in models.items():
        if route.startswith(prefix):
            values["pk"] = _first(model)
    return values


def _fill(route: str, values: dict, hostile: str | None = None) -> str | None:
    """The URL of a route with its parameters filled (every one by `hostile` if given), or None
    where a value is missing."""
    route = route.replace("\\Z", "").replace("\\.", ".").replace("$", "").replace("^", "")
    route = re.sub(r"\(\?P<format>[^)]*\)\??", "", route)
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<any:\1>", route)

    def value(match):
        converter, name = match.groups()
        if hostile is not None:
            return BIG if hostile == "big" and converter in ("int", "any") else hostile
        return str(values[name]) if name in values else "\x00missing"

    url = "/" + PARAM.sub(value, route)
    return None if "\x00missing" in url else url


WALKED = [r for r in ROUTES if not r.startswith(("admin/", "static/", "__debug__/"))]


class Recorder:
    """The query parameters views read, seen through QueryDict's (MultiValueDict's) readers."""

    def __init__(self, monkeypatch):
        self.keys: set[str] = set()
        for name in ("get", "__getitem__", "getlist", "__contains__"):
            original = getattr(MultiValueDict, name, None) or getattr(dict, name)
            monkeypatch.setattr(MultiValueDict, name, self._wrap(original))

    def _wrap(self, original):
        def reader(mapping, key, *args, **kwargs):
            if isinstance(key, str):
                self.keys.add(key)
            return original(mapping, key, *args, **kwargs)

        return reader


def _client(world, persona: str) -> Client:
    client = Client()
    if world.users.get(persona) is not None:
        client.force_login(world.users[persona])
    return client


def _ask(client, method: str, url: str, query: str = "", **extra):
    """One request inside a savepoint, so that a view's database error (the 500 this test looks
    for) does not end the transaction of the rest."""
    with transaction.atomic():
        response = getattr(client, method)(url, QUERY_STRING=query, **extra)
        transaction.set_rollback(True)
    return response


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_query_parameter_every_view_reads_survives_hostile_values(
    world, persona, monkeypatch, db
):
    client = _client(world, persona)
    client.raise_request_exception = False
    failures = []
    for route in WALKED:
        url = _fill(route, _real_kwargs(world, route))
        if url is None:
            continue
        recorder = Recorder(monkeypatch)
        first = _ask(client, "get", url, "walk=1")
        monkeypatch.undo()
        if first.status_code >= 500:
            failures.append(f"GET {url} → {first.status_code}")
        if first.status_code != 200:
            continue
        # a PDF takes half a second to lay out: its own parameters only, not the known ones
        known = set() if ".pdf" in url else set(KNOWN)
        params = sorted((recorder.keys | known) - {"walk"})
        for hostile in (NUL, NOT_UTF8):
            query = "&".join(f"{name}={hostile}" for name in params)
            if (response := _ask(client, "get", url, query)).status_code != 400:
                failures.append(f"GET {url}?…={hostile} → {response.status_code}, not 400")
        for name in params:
            value = hostile_for(name)
            response = _ask(client, "get", url, f"{name}={_quote(value)}")
            if response.status_code >= 500:
                failures.append(f"GET {url}?{name}={value[:40]} → {response.status_code}")
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_path_parameter_survives_hostile_values(world, persona, db):
    client = _client(world, persona)
    client.raise_request_exception = False
    failures = []
    for route in WALKED:
        if not PARAM.search(route) and "(?P<" not in route.replace("(?P<format>", ""):
            continue
        for hostile in (NUL, NOT_UTF8, "big"):
            url = _fill(route, {}, hostile)
            for method in ("get", "post"):
                response = _ask(client, method, url)
                if response.status_code >= 500 or (
                    hostile in (NUL, NOT_UTF8) and response.status_code != 400
                ):
                    failures.append(f"{method.upper()} {url[:120]} → {response.status_code}")
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_api_route_refuses_nested_json_and_lone_surrogates(world, persona, db):
    client = _client(world, persona)
    client.raise_request_exception = False
    failures = []
    for route in WALKED:
        if not route.startswith("api/"):
            continue
        url = _fill(route, _real_kwargs(world, route))
        if url is None:
            continue
        for body in (NESTED, SURROGATE_BODY):
            for method in ("post", "patch"):
                response = _ask(client, method, url, data=body, content_type="application/json")
                if response.status_code >= 500:
                    failures.append(f"{method.upper()} {url} {body[:12]} → {response.status_code}")
    assert failures == [], "\n".join(failures)


def test_the_walk_reaches_the_routes_with_real_objects(world, db):
    """Most routes get a real URL: the hostile values are tried where a view does its work."""
    missing = [r for r in WALKED if _fill(r, _real_kwargs(world, r)) is None]
    assert missing == []
    assert reverse("reports:ledger") in [_fill(r, {}) for r in WALKED]
