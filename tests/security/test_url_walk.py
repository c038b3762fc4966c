"""Every URL walked without login: each answers with a redirect to the login page, 401, 403 or
404, except the public pages listed here. A new URL that is public by accident, or a public
page not on this list, fails the build (django-helpdesk PR #1134 is how this goes wrong)."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Route (as written in the URLconf, joined) → why it is public.
PUBLIC = {
    "": "the residents' home page",
    "healthz": "load balancer health check, no data",
    "i18n/setlang/": "the language switcher",
    "accounts/login/": "login",
    "accounts/logout/": "logout (POST only; GET is refused)",
    "complaint/new/": "the residents' complaint form",
    "complaint/compounds/": "the complaint form's compound picker (names and addresses only)",
    "complaint/privacy/": "the privacy notice residents consent to",
    "track/": "the residents' tracking lookup",
    "track/<str:code>/": "sends a visitor without a lookup in this session back to track/",
    "track/<str:code>/add/": "sends a visitor without a lookup in this session back to track/",
    "track/<str:code>/withdraw/": "sends a visitor without a lookup in this session to track/",
    "api/intake/complaints/": "residents file complaints without an account (400 on nothing)",
    "api/intake/track/": "residents track with code and mobile digits (400 on nothing)",
    "verify/": "checking a printed agreement's verification code (no personal data)",
    "verify/<str:code>/": "what the agreement's QR code opens (no personal data)",
    "board/": "the disclosure boards' compound search (信息公示), for residents",
    "board/<str:code>/": "a compound's disclosure board: published numbers only",
    "api/compounds/search/": "the complaint form's compound picker (throttled, no people)",
    "admin/login/": "the admin's login page",
    "admin/logout/": "the admin's logout",
    "typical-cases/": "the typical-case library: published, anonymised cases only",
    "typical-cases/<int:typical_id>/": "one published typical case (404 for drafts)",
}
# Path prefixes served as static or by libraries, not pages of ours.
IGNORED_PREFIXES = ("static/", "__debug__/")
DENIED = {401, 403, 404, 405}


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def candidate_urls(route: str, ints: list[str], strs: list[str]) -> list[str]:
    """Concrete URLs for a route: its first parameter takes every value that exists (the first
    row of every model of ours, every kind of code) and one that does not; the others take the
    first value of their type."""
    route = route.replace("\\Z", "").replace("\\.", ".").replace("$", "").replace("^", "")
    route = re.sub(r"\(\?P<format>[^)]*\)\??", "", route)
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<any:\1>", route)  # DRF's regex routes
    params = PARAM.findall(route)
    if not params:
        return ["/" + route]

    def values_for(converter: str) -> list[str]:
        return {"int": ints, "any": ints + strs}.get(converter, strs)

    urls = []
    for value in values_for(params[0][0]):
        url = PARAM.sub(value, route, count=1)
        for converter, _name in params[1:]:
            url = PARAM.sub(values_for(converter)[0], url, count=1)
        urls.append("/" + url)
    return urls


def existing_values() -> tuple[list[str], list[str]]:
    from django.apps import apps

    ints, strs = {"999999"}, {"zzz"}
    for model in apps.get_models():
        if model.__module__.split(".")[0] not in LOCAL_APPS:
            continue
        rows = model.objects.order_by("pk")
        for row in (rows.first(),):
            if row is None:
                continue
            ints.add(str(row.pk))
            for field in ("code", "tracking_code", "verification_code", "reference"):
                value = getattr(row, field, None)
                if isinstance(value, str) and value and "/" not in value:
                    strs.add(value)
    return sorted(ints, key=int), sorted(strs)


LOCAL_APPS = {
    "core",
    "grids",
    "mediators",
    "cases",
    "intake",
    "agreements",
    "documents",
    "followups",
    "reports",
    "notifications",
}
ROUTES = sorted(set(walk(get_resolver().url_patterns)))


def test_the_walk_finds_the_routes():
    assert "cases/<int:case_id>/" in ROUTES
    assert len(ROUTES) > 20


def test_anonymous_visitors_are_sent_away_from_every_url(client, db, django_assert_max_num_queries):
    from django.core.management import call_command

    call_command("seed_demo", "--cases", "20", "--quiet-logins")
    ints, strs = existing_values()
    problems = []
    for route in ROUTES:
        if route.startswith(IGNORED_PREFIXES) or route in PUBLIC:
            continue
        for url in candidate_urls(route, ints, strs):
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                if response.status_code in (301, 302):
                    if not response.url.startswith(("/accounts/login/", "/admin/login/")):
                        problems.append(f"{method.upper()} {url} → {response.url}")
                elif response.status_code not in DENIED:
                    problems.append(f"{method.upper()} {url} → {response.status_code}")
    assert problems == [], (
        "answered without login (add the route to PUBLIC with a reason if it is meant to be "
        "public):\n" + "\n".join(problems)
    )


@pytest.mark.parametrize("route", sorted(PUBLIC))
def test_the_public_pages_exist(route):
    assert route in ROUTES, f"{route!r} is listed as public but no longer exists"
