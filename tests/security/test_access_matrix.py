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
import re

import pytest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import connection, transaction
from django.http import Http404
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from rest_framework import exceptions, relations, serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from cases.models import Case, CaseEvent, ContactAttempt
from core.masking import mask_mobile

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


# --- the browsable API and every choice a serializer offers (issue 19, item 1) ----------------
# The lists that are no route of the matrix (they name no case in their URL), asked as HTML too.
HTML_LISTS = [
    "api:case-list",
    "api:agreement-list",
    "api:document-list",
    "api:followup-visit-list",
    "api:followup-obligation-list",
    "api:followup-patrol-list",
    "api:followup-early-sign-list",
]
FORM = re.compile(r'method="post"|data-method=|<select|<textarea', re.IGNORECASE)


def out_of_sight(world: World, persona: str) -> dict[str, list[str]]:
    """What of each case the persona may not read must never be on their page: its reference,
    its applicant's name and mobile number, as stored and as masked."""
    values = {}
    for key, kase in world.cases.items():
        if "view" in PERSONAS[persona][key]:
            continue
        applicant = kase.party
        values[key] = [kase.case.reference, applicant.name, kase.mobile, mask_mobile(kase.mobile)]
    return values


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_the_browsable_api_shows_no_form_and_nothing_of_cases_out_of_sight(world, persona, db):
    client = client_for(world, persona)
    hidden = out_of_sight(world, persona)
    urls = [reverse(name) for name in HTML_LISTS]
    for probes in PROBES.values():
        for probe in probes:
            if probe.api and probe.method == "get":
                urls += [reverse(probe.name, kwargs=probe.kwargs(world, k)) for k in world.cases]
    # A filter naming each case: a choice out of sight is refused, never listed.
    urls += [
        f"{reverse(name)}?case={kase.case.pk}"
        for name in ("api:agreement-list", "api:document-list", "api:followup-visit-list")
        for kase in world.cases.values()
    ]
    problems = []
    for url in urls:
        response = client.get(url, HTTP_ACCEPT="text/html")
        if not response.get("Content-Type", "").startswith("text/html"):
            continue  # a download: the matrix checks who gets it
        page = response.content.decode()
        if FORM.search(page):
            problems.append(f"{url}: a form ({FORM.search(page).group()})")
        for key, values in hidden.items():
            shown = [v for v in values if v in page]
            if shown:
                problems.append(f"{url}: case {key}'s {shown}")
    assert problems == [], f"{persona}:\n" + "\n".join(problems)


def test_a_filter_on_a_case_out_of_sight_is_refused_like_one_that_does_not_exist(world, db):
    """Scoped choices: ?case= of another street's case is 400, as a pk that exists nowhere;
    the unscoped filter answered an empty page for one and 400 for the other."""
    client = client_for(world, "mediator_of_case")
    for name in ("api:agreement-list", "api:document-list", "api:followup-visit-list"):
        base = reverse(name)
        assert client.get(f"{base}?case={world.cases['A'].case.pk}").status_code == 200
        assert client.get(f"{base}?case={world.cases['B'].case.pk}").status_code == 400, name
        assert client.get(f"{base}?case=2147483000").status_code == 400, name


def _serializers(schema):
    """The serializer classes an endpoint reads and answers with, as the schema documents them."""
    found = []
    for item in (schema.get_request_serializer(), schema.get_response_serializers()):
        items = item.values() if isinstance(item, dict) else [item]
        for one in items:
            one = getattr(one, "response", one)  # OpenApiResponse
            if isinstance(one, serializers.ListSerializer):
                one = one.child
            if isinstance(one, serializers.BaseSerializer):
                one = type(one)
            if isinstance(one, type) and issubclass(one, serializers.BaseSerializer):
                found.append(one)
    return found


def _related_fields(serializer, path=""):
    for name, field in serializer.fields.items():
        if isinstance(field, relations.ManyRelatedField):
            if not field.read_only:
                yield f"{path}{name}", field.child_relation
        elif isinstance(field, relations.RelatedField):
            if not field.read_only:
                yield f"{path}{name}", field
        elif isinstance(field, serializers.ListSerializer):
            yield from _related_fields(field.child, f"{path}{name}[].")
        elif isinstance(field, serializers.BaseSerializer):
            yield from _related_fields(field, f"{path}{name}.")


def _case_of(row) -> int | None:
    if isinstance(row, Case):
        return row.pk
    if hasattr(row, "case_id"):
        return row.case_id
    if hasattr(row, "agreement"):
        return row.agreement.case_id
    return None


# Not of one case: public reference data anyone signed in may be offered.
REFERENCE_DATA = {"Category": "the dispute categories, the same list as the public form's"}


def choice_walk(world: World, persona: str):
    """Every writable related field of every serializer of every endpoint of the schema, bound
    as the endpoint binds it for `persona` on each case: (endpoint, field, case, choices)."""
    from drf_spectacular.generators import SchemaGenerator

    generator = SchemaGenerator()
    generator._initialise_endpoints()
    factory = APIRequestFactory()
    user = world.users[persona]
    for path, _regex, method, callback in generator.endpoints:
        for key, kase in world.cases.items():
            view = generator.create_view(callback, method)
            request = factory.generic(method, path)
            request.user = user
            view.request = Request(request)
            view.request.user = user
            view.args = ()
            names = re.findall(r"{(\w+)}", path)
            view.kwargs = {n: kase.case.pk if n.startswith("case") else 1 for n in names}
            view.format_kwarg = None
            view.schema.method, view.schema.path = method, path
            for serializer_class in _serializers(view.schema):
                try:
                    serializer = serializer_class(context={"request": view.request, "view": view})
                except TypeError:  # made by hand in the view, with arguments of its own
                    continue
                for name, field in _related_fields(serializer):
                    try:
                        choices = list(field.get_queryset())
                    except (Http404, DjangoPermissionDenied, exceptions.APIException):
                        choices = []  # the view answers 404 or 403: nothing is offered
                    yield f"{method} {path} {serializer_class.__name__}", name, key, choices


@pytest.mark.parametrize("persona", ["invited_expert", "partner_member"])
def test_no_choice_offered_to_a_guest_is_of_a_case_they_may_not_read(world, persona, db):
    """The invited expert (on B) and the police station's partner (on S) read one case and work
    none: every related field offers them nothing of another case, and nothing at all but the
    reference data (they may pick nothing to write)."""
    readable = {k.case.pk for key, k in world.cases.items() if "view" in PERSONAS[persona][key]}
    problems, walked = [], set()
    for endpoint, name, key, choices in choice_walk(world, persona):
        walked.add((endpoint.split()[1], name))
        for row in choices:
            case_id = _case_of(row)
            if case_id is not None and case_id not in readable:
                problems.append(f"{endpoint} {name} (case {key}): {row!r} of case {case_id}")
            elif case_id is None and type(row).__name__ not in REFERENCE_DATA:
                problems.append(f"{endpoint} {name} (case {key}): {type(row).__name__} {row.pk}")
    assert ("/api/cases/{case_pk}/contacts/", "party") in walked, "the walk found no field"
    assert ("/api/followups/patrols/", "members[].user") in walked, "the walk missed nesting"
    assert problems == [], f"{persona}:\n" + "\n".join(problems)


def test_a_worker_is_offered_the_parties_of_their_case_and_of_no_other(world, db):
    by_case = {}
    for endpoint, name, key, choices in choice_walk(world, "mediator_of_case"):
        case_ids = {_case_of(row) for row in choices} - {None}
        assert case_ids <= {world.cases["A"].case.pk}, (endpoint, name, key)
        if endpoint.startswith("POST /api/cases/{case_pk}/contacts/") and name == "party":
            by_case[key] = {row.pk for row in choices}
    assert by_case["A"] == set(world.cases["A"].case.parties.values_list("pk", flat=True))
    assert by_case["S"] == by_case["B"] == set()  # a reader of S, a stranger to B


def test_another_cases_party_is_refused_and_nothing_is_written(world, db):
    """POST /api/cases/A/contacts/ naming B's applicant: 400, no contact recorded on either."""
    a, b = world.cases["A"], world.cases["B"]
    client = client_for(world, "mediator_of_case")
    url = reverse("api:case-contact-list", kwargs={"case_pk": a.case.pk})
    before = fingerprint(a.case.pk), fingerprint(b.case.pk)
    body = {"party": b.party.pk, "method": "phone", "result": "reached"}
    response = client.post(url, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    # DRF's "object does not exist", in the default language (Chinese).
    assert "不存在" in str(response.json()["party"]), response.json()
    assert (fingerprint(a.case.pk), fingerprint(b.case.pk)) == before
    assert not ContactAttempt.objects.filter(party=b.party).exists()
    # The case's own applicant is accepted (and undone).
    with transaction.atomic():
        body["party"] = a.party.pk
        response = client.post(url, data=json.dumps(body), content_type="application/json")
        assert response.status_code == 201, response.content
        transaction.set_rollback(True)


def test_a_data_request_for_another_cases_party_is_refused(world, db):
    a, b = world.cases["A"], world.cases["B"]
    client = client_for(world, "mediator_of_case")
    url = reverse("api:case-data-request-list", kwargs={"case_pk": a.case.pk})
    before = fingerprint(a.case.pk)
    body = {
        "party": b.party.pk,
        "kind": "access",
        "asked_at": "2026-05-01T10:00:00+08:00",
        "verification": "mobile",
    }
    response = client.post(url, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 400 and "party" in response.json()
    assert fingerprint(a.case.pk) == before
