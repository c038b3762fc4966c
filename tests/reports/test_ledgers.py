"""The graded ledgers: filters, scoping to the cases the user may see, and the exports
(.xlsx read back with openpyxl, CSV with its byte-order mark), both streamed."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.selectors import case_list_for_user
from followups.models import FollowUpPlan, FollowUpVisit
from grids.models import Grid
from tests.factories.cases import make_case

pytestmark = pytest.mark.django_db

LEDGER = reverse("reports:ledger")


def _refs(response) -> set[str]:
    return {case.reference for case in response.context["page"].object_list}


def test_the_ledger_filters_by_grade_channel_and_status(client, march):
    town, cases = march.town, march.cases
    key = make_case(compound=town.a.compound, households=40, channel="walk_in")
    client.force_login(town.a.supervisor)
    assert _refs(client.get(LEDGER, {"grade_level": "key"})) == {key.reference}
    assert _refs(client.get(LEDGER, {"channel": "wechat"})) == {cases["c7"].reference}
    declined = client.get(LEDGER, {"status": "declined"})
    assert _refs(declined) == {cases["c3"].reference}
    dated = client.get(LEDGER, {"registered_from": "2026-03-31", "registered_to": "2026-03-31"})
    assert _refs(dated) == {cases["c10"].reference}  # 23:30 on the 31st, not 00:10 on 1 April


def test_the_ledger_holds_only_cases_the_user_may_see(client, march):
    town, cases = march.town, march.cases
    client.force_login(town.b.supervisor)
    assert _refs(client.get(LEDGER)) == {cases["b1"].reference}
    # a filter naming street A's compound finds nothing rather than A's cases
    response = client.get(LEDGER, {"compound": town.a.compound.pk})
    assert _refs(response) == set()


def test_a_bad_filter_says_what_is_wrong(client, march):
    client.force_login(march.town.a.supervisor)
    response = client.get(LEDGER, {"registered_from": "yesterday"})
    assert response.status_code == 200
    assert response.context["filter"].errors
    assert _refs(response) == set()


def test_the_ledger_page_takes_a_fixed_number_of_queries(client, march):
    town = march.town
    client.force_login(town.a.supervisor)
    client.get(LEDGER)
    with CaptureQueriesContext(connection) as few:
        client.get(LEDGER, {"street": town.a.street.pk})
    for _ in range(5):
        make_case(compound=town.a.uncovered_compound, category_code="noise")
    with CaptureQueriesContext(connection) as more:
        client.get(LEDGER, {"street": town.a.street.pk})
    assert len(few) == len(more)


def test_the_ledger_pages_by_keyset_and_bounds_its_count(client, march, monkeypatch):
    """A district's ledger holds hundreds of thousands of cases: pages continue after the
    last row shown (no OFFSET) and the count stops at a limit (no COUNT of the whole set)."""
    from reports.views import ledgers

    monkeypatch.setattr(ledgers, "PAGE_SIZE", 2)
    monkeypatch.setattr(ledgers, "COUNT_LIMIT", 3)
    client.force_login(march.town.a.supervisor)
    seen, query, pages = [], {}, 0
    while True:
        response = client.get(LEDGER, query)
        page = response.context["page"]
        seen += [case.pk for case in page.object_list]
        pages += 1
        if not page.next_cursor:
            break
        assert f"after={page.next_cursor}" in response.content.decode()
        query = {"after": page.next_cursor}
    assert len(seen) == len(set(seen)) > 3  # every case once, over several pages
    assert pages == -(-len(seen) // 2)
    # newest first, every visible case: the page's ids are picked first, then their rows read
    visible = case_list_for_user(march.town.a.supervisor).order_by("-registered_at", "-id")
    assert seen == list(visible.values_list("pk", flat=True))
    first = client.get(LEDGER)
    assert first.context["count_more"] and first.context["count"] == 3
    assert "超过 3 件" in first.content.decode()


def test_the_compound_menu_lists_few_compounds_but_any_visible_one_filters(
    client, march, monkeypatch
):
    """A district has thousands of compounds: the menu offers those of the chosen street or
    grid, while a visible compound's id still filters (links from the dashboard use it)."""
    from reports import ledgers

    town = march.town
    monkeypatch.setattr(ledgers, "MENU_COMPOUNDS", 1)
    client.force_login(town.district_supervisor)
    menu = client.get(LEDGER).context["filter"].form.fields["compound"].widget.choices
    assert [value for value, _label in menu] == [""]
    page = client.get(LEDGER, {"compound": town.a.compound.pk})
    assert _refs(page) and all(
        c.compound_id == town.a.compound.pk for c in page.context["page"].object_list
    )
    shown = client.get(LEDGER, {"grid": town.a.grid.pk}).context["filter"].form
    assert [v for v, _label in shown.fields["compound"].widget.choices] == ["", town.a.compound.pk]


def test_the_grid_menu_lists_the_chosen_streets_grids_when_the_area_has_many(
    client, march, monkeypatch
):
    """A district has hundreds of grids: past MENU_GRIDS the menu waits for a street, and a
    visible grid chosen by id still filters and stays selected."""
    from reports import ledgers

    town = march.town
    monkeypatch.setattr(ledgers, "MENU_GRIDS", 2)  # a street has 2 grids, the district 4
    client.force_login(town.district_supervisor)
    page = client.get(LEDGER)
    field = page.context["filter"].form.fields["grid"]
    assert [value for value, _label in field.widget.choices] == [""]
    assert (
        "请先选择街道，再从其网格中选择" in page.content.decode()
    )  # the hint beside the empty menu
    by_street = client.get(LEDGER, {"street": town.a.street.pk}).context["filter"].form
    grids = [v for v, _label in by_street.fields["grid"].widget.choices]
    assert grids[0] == "" and set(grids[1:]) == {town.a.grid.pk, town.a.uncovered_grid.pk}
    chosen = client.get(LEDGER, {"grid": town.a.grid.pk})
    assert f'<option value="{town.a.grid.pk}" selected>' in chosen.content.decode()
    assert all(c.grid_id == town.a.grid.pk for c in chosen.context["page"].object_list)


def test_menu_labels_are_escaped(client, march):
    town = march.town
    Grid.objects.filter(pk=town.a.grid.pk).update(name="<b>网格</b>")
    client.force_login(town.district_supervisor)
    html = client.get(LEDGER).content.decode()
    assert "&lt;b&gt;网格&lt;/b&gt;" in html and "<b>网格</b>" not in html


def _streamed(response) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)


def test_the_excel_export_opens_and_holds_the_filtered_rows(client, march):
    town, cases = march.town, march.cases
    client.force_login(town.a.supervisor)
    response = client.get(
        reverse("reports:ledger-export", args=["xlsx"]), {"status": "in_mediation"}
    )
    assert response.status_code == 200
    assert isinstance(response, FileResponse)
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(_streamed(response)))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("编号", "登记时间", "区县")
    assert rows[0][-1] == "案由"
    references = {row[0] for row in rows[1:]}
    # In mediation now: c5, c6 and c8 (reopened); not the settled, declined or waiting ones.
    assert references == {cases[k].reference for k in ("c5", "c6", "c8")}
    status_column = rows[0].index("状态")
    assert {row[status_column] for row in rows[1:]} == {"调解中"}
    assert sheet.column_dimensions["A"].width >= 20  # readable widths
    assert sheet.freeze_panes == "A2"


def test_the_csv_export_has_a_bom_and_chinese_headers(client, march):
    town = march.town
    client.force_login(town.a.supervisor)
    response = client.get(reverse("reports:ledger-export", args=["csv"]))
    assert isinstance(response, StreamingHttpResponse)
    body = _streamed(response)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][0] == "编号"
    assert len(rows) - 1 == len(march.cases) - 1  # street A's cases, not b1


def test_text_that_looks_like_a_formula_stays_text(client, town):
    make_case(compound=town.a.compound, title='=HYPERLINK("http://evil","x")')
    client.force_login(town.a.supervisor)
    body = _streamed(client.get(reverse("reports:ledger-export", args=["csv"])))
    assert "'=HYPERLINK" in body.decode("utf-8-sig")
    book = openpyxl.load_workbook(
        io.BytesIO(_streamed(client.get(reverse("reports:ledger-export", args=["xlsx"]))))
    )
    titles = [row[-1] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert titles == ['\'=HYPERLINK("http://evil","x")']


def test_the_registration_ledger_per_compound(client, march):
    town = march.town
    make_case(compound=town.a.uncovered_compound, households=30)
    client.force_login(town.a.supervisor)
    response = client.get(reverse("reports:compound-ledger"))
    rows = {row["compound_id"]: row for row in response.context["rows"]}
    assert set(rows) == {town.a.compound.pk, town.a.uncovered_compound.pk}
    main = rows[town.a.compound.pk]
    assert main["registered"] == len(march.cases) - 1  # street A's thirteen
    assert main["settled"] == 3  # c1, c2, c12 (c8 was reopened)
    assert main["not_settled"] == 1  # c4
    assert rows[town.a.uncovered_compound.pk]["key_cases"] == 1
    book = openpyxl.load_workbook(
        io.BytesIO(_streamed(client.get(reverse("reports:compound-ledger-export", args=["xlsx"]))))
    )
    header, *data = list(book.active.iter_rows(values_only=True))
    assert header[0] == "小区" and len(data) == 2


def test_a_team_lead_has_the_ledger_of_the_team(client, march):
    town = march.town
    client.force_login(town.a.lead)
    # the specialist team holds c2 now (escalated); earlier tiers keep read access, not later
    assert march.cases["c2"].reference in _refs(client.get(LEDGER))
    assert march.cases["b1"].reference not in _refs(client.get(LEDGER))


def _visit(case, day: str, **fields):
    on = date.fromisoformat(day)
    plan, _ = FollowUpPlan.objects.get_or_create(
        case=case, cycle=0, defaults={"anchor": "closure", "anchor_on": on, "visit_days": [7]}
    )
    return FollowUpVisit.objects.create(
        plan=plan, case=case, offset_days=7, planned_on=on, due_on=on, **fields
    )


def test_the_follow_up_ledger_lists_the_visits_of_visible_cases(client, march):
    town, c = march.town, march.cases
    done = _visit(
        c["c1"],
        "2026-03-12",
        status="done",
        visited_on=date(2026, 3, 12),
        mode="home",
        performance="performed",
        satisfaction="fairly_satisfied",
        rebound=True,
    )
    due = _visit(c["c2"], "2026-03-27")
    elsewhere = _visit(c["b1"], "2026-03-16")  # street B's: not for street A's supervisor
    client.force_login(town.a.supervisor)
    url = reverse("reports:followup-ledger")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert [v.pk for v in response.context["page"].object_list] == [due.pk, done.pk]
    filtered = client.get(url, {"channel": "web"})  # c2 came by the web form
    assert [v.pk for v in filtered.context["page"].object_list] == [due.pk]
    book = openpyxl.load_workbook(
        io.BytesIO(_streamed(client.get(reverse("reports:followup-ledger-export", args=["xlsx"]))))
    )
    header, *rows = list(book.active.iter_rows(values_only=True))
    assert header[0] == "编号" and "满意度" in header
    by_reference = {row[0]: row for row in rows}
    assert set(by_reference) == {c["c1"].reference, c["c2"].reference}
    row = dict(zip(header, by_reference[c["c1"].reference], strict=True))
    assert row["满意度"] == "基本满意" and row["回访方式"] == "上门走访" and row["反弹"] == "是"
    for key in ("c4", "c11", "c12"):  # more visits cost no more queries
        _visit(c[key], "2026-03-20")
    with CaptureQueriesContext(connection) as more:
        assert len(client.get(url).context["page"].object_list) == 5
    assert len(more) == len(queries)
    client.force_login(town.b.supervisor)
    assert [v.pk for v in client.get(url).context["page"].object_list] == [elsewhere.pk]


def test_the_navigation_marks_only_the_ledger_on_a_ledger_page(client, march):
    _visit(march.cases["c1"], "2026-03-12")
    client.force_login(march.town.a.supervisor)
    response = client.get(reverse("reports:followup-ledger"))
    active = [str(item["label"]) for item in response.context["nav_items"] if item["active"]]
    assert active == ["台账"]
    page = response.content.decode()
    assert "应回访日期" in page
