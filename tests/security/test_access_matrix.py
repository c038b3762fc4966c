"""The access matrix (issue 10, item 2): every case-scoped page and API endpoint, for every
persona, on their own case and on someone else's, answers what the table below says: 200 (or
the action done) when allowed, the login page for visitors without an account, 404 for a case
the persona may not know exists, 403 for a reader who may not act. After every refused write
the database is unchanged.

The routes come from the URL resolver: a new case-scoped URL without an entry in PROBES (or a
reason in NOT_CASE_SCOPED) fails `test_every_case_scoped_route_is_in_the_matrix`, as a new
public URL fails the URL walk.

Expected answers come from the PERSONAS table (written by hand from docs/architecture.md and
domain.md), never from cases.access itself. The data is made once per module (world.py); every
request runs inside the module's transaction, and a write the persona may make is rolled back
after its answer is checked.
"""

import json
import logging

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from cases.models import Case, CaseEvent

from .access_probes import PROBES, Probe, move_body
from .test_url_walk import ROUTES
from .world import World, build_world

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (the write check reads its stats)"
)

# --- who may do what on which case -----------------------------------------------------------
VIEW = frozenset({"view"})
WORK = VIEW | {"work", "reveal"}
LEAD = WORK | {"lead"}
NONE = frozenset()
APPLICANT = frozenset({"applicant"})  # the resident's session, through the tracking code
EXPERT = VIEW | {"expert"}  # invited, and the expert of the case's assessment
REGISTRAR = frozenset({"registrar"})  # registered the case (sees the code to read out)

# Cases: A = street A's grid case (in mediation, the grid mediator assigned); S = a case of
# street A escalated to its specialist team (a specialist assigned, the police station's
# partner invited); B = street B's grid case (its grid mediator assigned, an expert invited).
PERSONAS: dict[str, dict[str, frozenset]] = {
    "anonymous": {"A": NONE, "S": NONE, "B": NONE},
    "resident": {"A": APPLICANT, "S": NONE, "B": NONE},  # holds A's tracking code
    "resident_of_other_case": {"A": NONE, "S": NONE, "B": APPLICANT},  # holds B's code
    # the grid tier's lead on A; S was its grid's case before it went up: read only
    "grid_worker": {"A": LEAD | REGISTRAR, "S": VIEW | REGISTRAR, "B": NONE},
    "mediator_of_case": {"A": WORK, "S": VIEW, "B": NONE},
    "mediator_elsewhere": {"A": NONE, "S": NONE, "B": WORK},  # street B's grid
    "team_lead": {"A": NONE, "S": LEAD, "B": NONE},  # street A's specialist team
    "invited_expert": {"A": NONE, "S": NONE, "B": EXPERT},
    "partner_member": {"A": NONE, "S": VIEW, "B": NONE},
    "partner_system": {"A": NONE, "S": NONE, "B": NONE},  # the 12345 hotline's account
    "supervisor": {"A": VIEW, "S": VIEW, "B": NONE},  # 司法所 of street A
    "supervisor_elsewhere": {"A": NONE, "S": NONE, "B": VIEW},
}
VISITORS = {"anonymous", "resident", "resident_of_other_case"}  # no account


# Routes with a parameter that are not about one case, and why.
NOT_CASE_SCOPED = {
    "typical-cases/<int:typical_id>/": "public and anonymised (the URL walk's allowlist)",
    "verify/<str:code>/": "public verification of a printed agreement: no personal data",
    "complaint/<str:token>/confirm/": "the resident's pending complaint, by its secret token",
    "complaint/<str:token>/resend/": "the resident's pending complaint, by its secret token",
    "complaint/<str:token>/done/": "the resident's pending complaint, by its secret token",
    "api/intake/complaints/<str:token>/confirm/": "the pending complaint, by its secret token",
    "api/intake/complaints/<str:token>/resend/": "the pending complaint, by its secret token",
    "api/intake/referrals/<str:partner_reference>/": "scoped by partner (tests/intake)",
    "followups/signs/<int:sign_id>/to-case/": "an early sign of a patrol, scoped by grid",
    r"api/^followups/early-signs/(?P<pk>\d+)/to-case/$": "an early sign, scoped by grid",
    "reports/monthly/<int:report_id>.pdf": "a monthly report, scoped by jurisdiction",
    r"api/^followups/early-signs/(?P<pk>\d+)/$": "an early sign of a patrol, scoped by grid",
    r"api/^followups/patrols/(?P<pk>\d+)/$": "a screening patrol, scoped by grid",
}
CASE_PARAMS = (
    "case_id",
    "case_pk",
    "agreement_id",
    "document_id",
    "visit_id",
    "obligation_id",
    "evidence_id",
    "upload_id",
    "typical_id",
    "token",
    "partner_reference",
    "sign_id",
    "report_id",
    "code>/files",
    "<str:code>/add",
    "<str:code>/withdraw",
)
CASE_API = (
    r"api/^cases/(?P<pk>",
    r"api/^agreements/(?P<pk>",
    r"api/^documents/(?P<pk>",
    r"api/^followups/",
)


def case_scoped(route: str) -> bool:
    if route.startswith("admin/"):
        return False
    return (
        any(p in route for p in CASE_PARAMS)
        or (route.startswith(CASE_API) and "(?P<pk>" in route)
        or route in ("track/<str:code>/", "verify/<str:code>/")
    )


def test_every_case_scoped_route_is_in_the_matrix():
    scoped = {r for r in ROUTES if case_scoped(r)}
    missing = sorted(scoped - set(PROBES) - set(NOT_CASE_SCOPED))
    assert missing == [], "case-scoped routes without an entry in the access matrix: " + ", ".join(
        missing
    )
    gone = sorted((set(PROBES) | set(NOT_CASE_SCOPED)) - set(ROUTES))
    gone = [g for g in gone if g not in (r"api/^agreements/$", r"api/^documents/$")]
    assert gone == [], f"entries for routes that no longer exist: {gone}"


# --- the data, once per module ---------------------------------------------------------------
@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Made once and rolled back at the end of the module; each test's changes are undone by
    its own savepoint (pytest-django's `db`)."""
    private = tmp_path_factory.mktemp("private")
    storages = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(private), "base_url": "/private/"},
        },
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        },
    }
    with (
        override_settings(PRIVATE_MEDIA_ROOT=private, STORAGES=storages),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True, scope="module")
def _quiet_request_log():
    """Django logs every 403 and 404 with its traceback; thousands of them cost seconds and say
    nothing here (the access log's own lines are tested below)."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


# --- asking ---------------------------------------------------------------------------------
def client_for(world: World, persona: str) -> Client:
    client = Client()
    user = world.users[persona]
    if user is not None:
        client.force_login(user)
    own = {"resident": "A", "resident_of_other_case": "B"}.get(persona)
    if own:
        kase = world.cases[own]
        response = client.post(
            reverse("intake:track"),
            {"code": kase.case.tracking_code, "mobile_last4": kase.mobile[-4:]},
        )
        assert response.status_code == 302, "the tracking lookup failed"
    return client


def send(client: Client, probe: Probe, url: str, body: dict | None):
    method = getattr(client, probe.method)
    if probe.method == "get":
        return method(url)
    if probe.fmt == "json":
        return method(url, data=json.dumps(body or {}), content_type="application/json")
    return method(url, body or {})


WRITE_STATS = """
    SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables
    WHERE relname NOT IN ('django_session', 'axes_accessattempt', 'axes_accesslog')
"""


def fingerprint(case_id: int) -> tuple:
    """What a refused write must not change: PostgreSQL's count of rows written in this
    transaction to any table (the session table aside: a visit may keep its messages there),
    the case's row as it is and its number of record entries."""
    with connection.cursor() as cursor:
        cursor.execute(WRITE_STATS)
        written = cursor.fetchone()[0]
    row = list(Case.objects.filter(pk=case_id).values())
    return written, CaseEvent.objects.filter(case_id=case_id).count(), row


def expected(persona: str, caps: frozenset, probe: Probe) -> str:
    """'ok', 'login', 'track', 404, 403 or 409."""
    if probe.need == "applicant":
        if "applicant" in caps:
            return "ok"
        return probe.refused or 404
    if persona in VISITORS:
        return "login"
    if probe.need == "registrar":
        return "ok" if "registrar" in caps else 404
    if "view" not in caps:
        return 404
    if probe.need == "illegal":
        return 409
    return "ok" if probe.need in caps else 403


def check(response, want, probe: Probe) -> bool:
    status = response.status_code
    location = response.get("Location", "")
    if want == "login":
        if probe.api:
            return status in (401, 403)
        return status == 302 and location.startswith("/accounts/login/")
    if want == "track":
        return status == 302 and location == reverse("intake:track")
    if want == "ok":
        if status == 302:
            return not location.startswith(("/accounts/login/", reverse("intake:track")))
        return status in probe.ok
    return status == want


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_the_matrix(world, persona, db):
    client = client_for(world, persona)
    problems = []
    for route, probes in PROBES.items():
        for probe in probes:
            for key in ("A", "S", "B"):
                caps = PERSONAS[persona][key]
                want = expected(persona, caps, probe)
                url = reverse(probe.name, kwargs=probe.kwargs(world, key))
                body = probe.body(world, key) if probe.body else None
                if probe.writes and want == "ok":
                    # Allowed: do it, check the answer, undo it.
                    with transaction.atomic():
                        response = send(client, probe, url, body)
                        transaction.set_rollback(True)
                else:
                    case_id = world.cases[key].case.pk
                    before = fingerprint(case_id) if probe.writes else None
                    response = send(client, probe, url, body)
                    if probe.writes and fingerprint(case_id) != before:
                        problems.append(f"{probe.method.upper()} {url} ({key}): refused but wrote")
                if not check(response, want, probe):
                    problems.append(
                        f"{probe.method.upper()} {url} ({route}, case {key}): expected {want}, "
                        f"got {response.status_code} {response.get('Location', '')}"
                        + (
                            f" {response.content[:300].decode(errors='replace')}"
                            if response.status_code == 400 and probe.api
                            else ""
                        )
                    )
    assert problems == [], f"{persona}:\n" + "\n".join(problems)


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in VISITORS])
def test_the_case_list_shows_exactly_the_cases_the_persona_may_see(world, persona, db):
    client = client_for(world, persona)
    listed = {c["id"] for c in client.get(reverse("api:case-list")).json()["results"]}
    ids = {key: kase.case.pk for key, kase in world.cases.items()}
    seen = {ids[key] for key, caps in PERSONAS[persona].items() if "view" in caps}
    assert listed & set(ids.values()) == seen
    # The inbox shows the cases to work on: never one the persona may not see.
    inbox = client.get(reverse("cases:inbox")).content.decode()
    for key, kase in world.cases.items():
        if ids[key] not in seen:
            assert kase.case.reference not in inbox, (persona, key)


# --- refusals are logged, without names or numbers -------------------------------------------
def test_refusals_are_logged_with_who_what_and_action_but_no_personal_data(world, db, caplog):
    a = world.cases["A"]
    outsider, reader = world.users["mediator_elsewhere"], world.users["supervisor"]
    caplog.set_level("WARNING", logger="access")
    client = Client()
    client.force_login(outsider)
    assert client.get(reverse("cases:detail", args=[a.case.pk])).status_code == 404
    client.force_login(reader)
    response = client.post(reverse("cases:move", args=[a.case.pk, "settle"]), move_body(world, "A"))
    assert response.status_code == 403
    visitor = Client()
    assert visitor.get(reverse("intake:track-case", args=[a.case.tracking_code])).status_code == 302
    assert visitor.get(reverse("documents:resident-agreement", args=[a.case.pk])).status_code == 404

    lines = [r.getMessage() for r in caplog.records if r.name == "access"]
    assert f"access refused: user={outsider.pk} object=case:{a.case.pk} action=view" in lines[0]
    assert any(f"user={reader.pk} object=case:{a.case.pk} action=settle" in line for line in lines)
    assert any(
        line.startswith("access refused: user=anonymous object=case:- action=track")
        for line in lines
    )
    assert any(f"user=anonymous object=case:{a.case.pk} action=track" in line for line in lines)
    personal = [
        *(p.name for p in a.case.parties.all()),
        *(p.mobile for p in a.case.parties.all() if p.mobile),
        a.mobile[-4:],
        a.case.tracking_code,
        outsider.name,
        reader.name,
    ]
    for line in lines:
        leaked = [value for value in personal if value and value in line]
        assert leaked == [], f"{line!r} names {leaked}"


def test_the_write_check_sees_a_write_even_one_rolled_back(world, db):
    """The fingerprint must notice what a refused write could do: add a row elsewhere than
    the case, or add and roll back (PostgreSQL counts both)."""
    from cases.services.work import opinion_give

    kase = world.cases["A"]
    before = fingerprint(kase.case.pk)
    with transaction.atomic():
        opinion_give(case_id=kase.case.pk, actor=kase.mediator, opinion="意见")
        transaction.set_rollback(True)
    assert fingerprint(kase.case.pk)[0] > before[0]
