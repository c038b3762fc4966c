"""The case page: its collapsed forms are built when they are opened (with htmx, or ?open=NAME
without JavaScript), and its number of queries does not grow with the case's history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.services.work import contact_record, interim_measure_record, session_record
from privacy.services import data_request_record
from tests.factories.cases import make_working_case

HTMX = {"HTTP_HX_REQUEST": "true"}


def _page(client, case, **params):
    return client.get(reverse("cases:detail", args=[case.pk]), params)


def test_the_page_offers_each_form_without_building_it(client, town, working_case):
    client.force_login(town.a.grid_mediator)
    html = _page(client, working_case).content.decode()
    for name in ("session", "contact", "party", "evidence", "grade", "invite", "link"):
        url = reverse("cases:work-form", args=[working_case.pk, name])
        assert f'hx-get="{url}"' in html
        assert f'href="?open={name}#{name}"' in html  # the way in without JavaScript
    assert 'name="held_at"' not in html and 'name="minutes"' not in html


def test_an_opened_form_is_fetched_with_its_token_and_action(client, town, working_case):
    client.force_login(town.a.grid_mediator)
    url = reverse("cases:work-form", args=[working_case.pk, "session"])
    response = client.get(url, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="held_at"' in html and 'name="minutes"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'action="{reverse("cases:work", args=[working_case.pk, "session"])}"' in html
    assert "<html" not in html  # a fragment, not a page

    grade = client.get(reverse("cases:work-form", args=[working_case.pk, "grade"]), **HTMX)
    assert f'action="{reverse("cases:grade", args=[working_case.pk])}"' in grade.content.decode()


def test_without_javascript_the_form_comes_with_the_page(client, town, working_case):
    client.force_login(town.a.grid_mediator)
    url = reverse("cases:work-form", args=[working_case.pk, "contact"])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].endswith("?open=contact#contact")
    html = _page(client, working_case, open="contact").content.decode()
    assert '<details class="work" id="contact" open>' in html
    assert 'name="method"' in html and 'name="result"' in html


def test_a_form_that_comes_back_with_errors_is_open_with_what_was_typed(client, town, working_case):
    client.force_login(town.a.grid_mediator)
    response = client.post(
        reverse("cases:work", args=[working_case.pk, "session"]),
        {"place": "网格工作站", "minutes": "双方各执一词"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert '<details class="work" id="session" open>' in html
    assert "双方各执一词" in html and "网格工作站" in html


def test_forms_are_refused_to_readers_and_unknown_names(client, town, working_case):
    client.force_login(town.a.supervisor)  # reads the street's cases, does not work them
    url = reverse("cases:work-form", args=[working_case.pk, "session"])
    assert client.get(url, **HTMX).status_code == 403
    assert 'hx-get="' + url not in _page(client, working_case).content.decode()
    client.force_login(town.a.grid_mediator)
    bad = reverse("cases:work-form", args=[working_case.pk, "nonsense"])
    assert client.get(bad, **HTMX).status_code == 404


@pytest.mark.parametrize("history", [1, 6])
def test_the_case_page_query_count_does_not_grow_with_its_history(
    client, town, django_assert_num_queries, history
):
    case = make_working_case(town)
    for i in range(history):
        session_record(
            case_id=case.pk,
            actor=town.a.grid_mediator,
            held_at=timezone.now(),
            place="网格工作站",
            mode="joint",
            participants="双方",
            minutes=f"第{i + 1}次调解",
        )
        contact_record(
            case_id=case.pk, actor=town.a.grid_mediator, method="phone", result="reached"
        )
    client.force_login(town.a.grid_mediator)
    _page(client, case)  # warm the session
    # 1 session, 2 user, 3 the case, 4 memberships, 5 the active assignments (read once for
    # the access check and the page), 6 which sections and panels have rows (one query of
    # EXISTS), 7 parties, 8 sessions (the list and the documents panel's minutes menu),
    # 9 contacts, 10 invitations, 11 agreement templates (the draft button), then the timeline,
    # stints, the navigation's jurisdictions and its badge
    with django_assert_num_queries(15):
        response = _page(client, case)
    assert response.status_code == 200
    assert f"第{history}次调解" in response.content.decode()


def _tables_read(client, case) -> set[str]:
    with CaptureQueriesContext(connection) as queries:
        response = _page(client, case)
    assert response.status_code == 200
    return {q["sql"].split(" FROM ", 1)[1].split()[0] for q in queries if " FROM " in q["sql"]}


def test_a_section_with_nothing_in_it_costs_no_query(client, town, working_case):
    client.force_login(town.a.grid_mediator)
    before = _tables_read(client, working_case)
    for table in ("cases_interimmeasure", "cases_evidence", "intake_addition"):
        assert f'"{table}"' not in before  # asked only inside the one EXISTS query
    interim_measure_record(
        case_id=working_case.pk,
        actor=town.a.grid_mediator,
        taken_on=timezone.localdate(),
        measure="物业公司当日恢复供水",
    )
    after = _tables_read(client, working_case)
    assert '"cases_interimmeasure"' in after
    assert "物业公司当日恢复供水" in _page(client, working_case).content.decode()


def test_a_panel_with_nothing_to_list_costs_no_query(client, town, working_case):
    """Panels ask cases.panels.known_empty before their queries: an empty list, an
    anonymisation that never happened, a case that is not a typical one."""
    client.force_login(town.a.grid_mediator)
    panel_tables = (
        "agreements_agreement",
        "documents_document",
        "privacy_datarequest",
        "privacy_anonymisation",
        "reports_typicalcase",
    )
    before = _tables_read(client, working_case)
    for table in panel_tables:
        assert f'"{table}"' not in before  # asked only inside the one EXISTS query
    party = working_case.parties.first()
    data_request_record(
        case_id=working_case.pk,
        actor=town.a.grid_mediator,
        party_id=party.pk,
        kind="access",
        asked_at=timezone.now(),
        verification="id_document",
    )
    after = _tables_read(client, working_case)
    assert '"privacy_datarequest"' in after
    html = _page(client, working_case).content.decode()
    assert party.name in html.split('id="privacy"', 1)[1]


def test_the_assignment_form_comes_with_an_unassigned_case_only(client, town, case):
    client.force_login(town.a.grid_worker)
    html = _page(client, case).content.decode()  # nobody assigned yet: the next thing to do
    assert '<details class="work" id="assign" open>' in html
    assert f'<option value="{town.a.grid_mediator.pk}"' in html
    assigned = make_working_case(town)
    html = _page(client, assigned).content.decode()
    url = reverse("cases:work-form", args=[assigned.pk, "assign"])
    assert f'hx-get="{url}"' in html and f'<option value="{town.a.grid_mediator.pk}"' not in html
    fragment = client.get(url, **HTMX).content.decode()
    assert f'action="{reverse("cases:assign", args=[assigned.pk])}"' in fragment
    assert town.a.grid_mediator.name in fragment
