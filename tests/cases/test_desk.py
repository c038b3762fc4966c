"""The mediator's desk: tabs, filters, search, keyset pages, and query counts that do not grow
with the length of the list (page and API)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.services.assignment import case_assign
from cases.services.moves import case_accept, case_escalate
from tests.factories.cases import make_case


def _refs(response) -> list[str]:
    return [c.reference for c in response.context["page"]]


def test_the_tabs_show_my_cases_my_teams_due_soon_and_overdue(client, town, time_machine):
    worker, mediator = town.a.grid_worker, town.a.grid_mediator
    mine = make_case(compound=town.a.compound)
    case_accept(case_id=mine.pk, actor=worker)
    case_assign(case_id=mine.pk, actor=worker, user=mediator)
    teams = make_case(compound=town.a.compound)
    elsewhere = make_case(compound=town.b.compound)
    client.force_login(mediator)
    assert _refs(client.get(reverse("cases:inbox"), {"view": "mine"})) == [mine.reference]
    assert set(_refs(client.get(reverse("cases:inbox")))) == {mine.reference, teams.reference}
    assert (
        elsewhere.reference
        not in client.get(reverse("cases:inbox"), {"view": "all"}).content.decode()
    )
    assert _refs(client.get(reverse("cases:inbox"), {"view": "due_soon"})) == []
    time_machine.move_to(timezone.now() + timedelta(days=27))
    client.force_login(mediator)  # the session of a working day has long expired
    assert _refs(client.get(reverse("cases:inbox"), {"view": "due_soon"})) == [mine.reference]
    time_machine.move_to(timezone.now() + timedelta(days=5))
    client.force_login(mediator)
    response = client.get(reverse("cases:inbox"), {"view": "overdue"})
    assert _refs(response) == [mine.reference]
    assert "deadline-overdue" in response.content.decode()


def test_deadline_tabs_list_the_cases_one_works_not_those_passed_on(client, town, time_machine):
    """An escalated case's deadline is the next team's: it leaves the grid's deadline tabs
    (the grid keeps reading it under "all"), and its supervisor still sees it late."""
    worker = town.a.grid_worker
    passed_on = make_case(compound=town.a.compound)
    case_accept(case_id=passed_on.pk, actor=worker)
    case_escalate(case_id=passed_on.pk, actor=worker, reason="分歧较大")
    kept = make_case(compound=town.a.compound)
    case_accept(case_id=kept.pk, actor=worker)
    time_machine.move_to(timezone.now() + timedelta(days=60))
    inbox = reverse("cases:inbox")
    client.force_login(worker)
    assert _refs(client.get(inbox, {"view": "overdue"})) == [kept.reference]
    assert passed_on.reference in _refs(client.get(inbox, {"view": "all"}))
    client.force_login(town.a.specialist)
    assert _refs(client.get(inbox, {"view": "overdue"})) == [passed_on.reference]
    client.force_login(town.a.supervisor)
    overdue = set(_refs(client.get(inbox, {"view": "overdue"})))
    assert overdue == {passed_on.reference, kept.reference}


def test_search_by_reference_party_name_and_phone(client, town):
    a = make_case(compound=town.a.compound, applicant_name="欧阳娜", applicant_mobile="13711112222")
    b = make_case(compound=town.a.compound, applicant_name="司马光", applicant_mobile="13733334444")
    client.force_login(town.a.grid_worker)
    inbox = reverse("cases:inbox")
    assert _refs(client.get(inbox, {"view": "all", "q": "欧阳"})) == [a.reference]
    assert _refs(client.get(inbox, {"view": "all", "q": "137 3333 4444"})) == [b.reference]
    assert _refs(client.get(inbox, {"view": "all", "q": b.reference})) == [b.reference]
    assert _refs(client.get(inbox, {"view": "all", "q": "2222"})) == [a.reference]  # last four
    api = client.get(reverse("api:case-list"), {"q": "13711112222"}).json()["results"]
    assert [c["reference"] for c in api] == [a.reference]


def test_a_reference_with_eleven_digits_is_not_read_as_a_phone_number(client, town):
    case = make_case(compound=town.a.compound)
    reference = "测154调〔2026〕第0002号"  # 1 5 4 2 0 2 6 0 0 0 2: the shape of a mobile number
    Case.objects.filter(pk=case.pk).update(reference=reference)
    client.force_login(town.a.grid_worker)
    response = client.get(reverse("cases:inbox"), {"view": "all", "q": reference})
    assert _refs(response) == [reference]


def test_the_filter_fields_come_when_opened_or_when_a_filter_is_set(client, town):
    make_case(compound=town.a.compound)
    client.force_login(town.a.grid_worker)
    inbox = reverse("cases:inbox")
    html = client.get(inbox, {"view": "all"}).content.decode()
    fragment_url = reverse("cases:inbox-filters")
    assert f'hx-get="{fragment_url}?view=all"' in html and 'name="compound"' not in html
    fragment = client.get(fragment_url, {"view": "all"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'name="compound"' in fragment and f">{town.a.compound.name}<" in fragment
    assert 'name="category"' in fragment and "<html" not in fragment
    for query in ({"view": "all", "filters": "1"}, {"view": "all", "status": "registered"}):
        shown = client.get(inbox, query).content.decode()  # without JavaScript; a filter set
        assert 'name="compound"' in shown and "<details open>" in shown


def test_filters_on_the_page_and_in_the_api(client, town):
    fees = make_case(compound=town.a.compound, category_code="fees", channel="hotline")
    repairs = make_case(compound=town.a.compound, category_code="repairs", channel="walk_in")
    case_accept(case_id=repairs.pk, actor=town.a.grid_worker)
    client.force_login(town.a.grid_worker)
    inbox = reverse("cases:inbox")
    assert _refs(client.get(inbox, {"view": "all", "category": "repairs"})) == [repairs.reference]
    assert _refs(client.get(inbox, {"view": "all", "channel": "hotline"})) == [fees.reference]
    assert _refs(client.get(inbox, {"view": "all", "status": "in_mediation"})) == [
        repairs.reference
    ]
    today = timezone.localdate().isoformat()
    assert (
        len(_refs(client.get(inbox, {"view": "all", "registered_after": today, "tier": "grid"})))
        == 2
    )
    response = client.get(
        reverse("api:case-list"), {"category": "fees", "compound": town.a.compound.pk}
    )
    assert [c["reference"] for c in response.json()["results"]] == [fees.reference]
    # a bad filter value is shown next to its field, not a crash
    response = client.get(inbox, {"view": "all", "status": "nonsense"})
    assert response.status_code == 200 and 'id="id_status_error"' in response.content.decode()


def test_keyset_pages_walk_the_whole_list_without_counting_it(client, town, monkeypatch):
    from cases.views import desk

    monkeypatch.setattr(desk, "COUNT_LIMIT", 3)
    cases = [make_case(compound=town.a.compound) for _ in range(5)]
    client.force_login(town.a.grid_worker)
    from cases import paging

    monkeypatch.setattr(paging.keyset_page, "__defaults__", (2,))
    seen, params = [], {"view": "all"}
    while True:
        response = client.get(reverse("cases:inbox"), params)
        seen += _refs(response)
        cursor = response.context["page"].next_cursor
        if not cursor:
            break
        params = {"view": "all", "after": cursor}
    assert seen == [c.reference for c in reversed(cases)]
    assert response.context["count_more"] is True  # 5 cases, counted only up to 3
    assert "More than 3" in response.content.decode() or "超过 3" in response.content.decode()


def _make_cases(town, n):
    for _ in range(n):
        case = make_case(compound=town.a.compound)
        case_accept(case_id=case.pk, actor=town.a.grid_worker)
        case_assign(case_id=case.pk, actor=town.a.grid_worker, user=town.a.grid_mediator)


@pytest.mark.parametrize("n", [2, 12])
def test_the_inbox_query_count_does_not_grow_with_the_list(
    client, town, django_assert_num_queries, n
):
    _make_cases(town, n)
    client.force_login(town.a.grid_mediator)
    client.get(reverse("cases:inbox"))  # warm the session
    with django_assert_num_queries(8):
        # 1 session, 2 user, 3 memberships (scope), 4 jurisdictions (navigation), 5 the page of
        # the team's open cases (with category, compound, team), 6 their active assignments
        # with users, 7 the bounded count, 8 the navigation's unread notifications badge (the
        # team's cases need not the rest of the scope; the filters come when opened)
        response = client.get(reverse("cases:inbox"))
    assert len(response.context["page"]) == n
    with django_assert_num_queries(10):
        # "All I can see" adds 9 guardian's invited cases and 10 the cases held by assignment
        # or an earlier tier
        response = client.get(reverse("cases:inbox"), {"view": "all"})
    assert len(response.context["page"]) == n


@pytest.mark.parametrize("n", [2, 12])
def test_the_api_list_query_count_does_not_grow_with_the_list(
    client, town, django_assert_num_queries, n
):
    _make_cases(town, n)
    client.force_login(town.a.grid_mediator)
    with django_assert_num_queries(7):
        # 1 session, 2 user, 3 memberships, 4 jurisdictions (streets and districts),
        # 5 guardian's invited cases, 6 the cases held by assignment or an earlier tier,
        # 7 the page of cases with category, compound and team
        response = client.get(reverse("api:case-list"))
    assert len(response.json()["results"]) == n


def test_the_registration_dates_are_local_days_and_extreme_years_are_no_error(client, town):
    """A case registered at 23:30 in Shanghai belongs to that day, not to the next UTC day;
    a year like 0001 or 9999 is answered, not a database error."""
    late = make_case(compound=town.a.compound)
    Case.objects.filter(pk=late.pk).update(
        registered_at=datetime(2026, 3, 2, 23, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    )
    client.force_login(town.a.grid_worker)
    api = reverse("api:case-list")

    def refs(**params):
        response = client.get(api, params)
        assert response.status_code == 200, response.content
        return [c["reference"] for c in response.json()["results"]]

    assert refs(registered_after="2026-03-02", registered_before="2026-03-02") == [late.reference]
    assert refs(registered_after="2026-03-03") == []
    assert refs(registered_before="2026-03-01") == []
    assert refs(registered_after="0001-01-01", registered_before="9999-12-31") == [late.reference]
