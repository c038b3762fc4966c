"""A district supervisor opens the dashboard, changes the month, drills into a street, opens
the cases behind a figure and exports the ledger; a resident reads a typical case on a phone."""

import io

import openpyxl
import pytest

from reports.services.typical import typical_case_mark, typical_case_publish
from tests.factories.mediators import PASSWORD
from tests.reports.conftest import march  # noqa: F401 (the hand-built March, as a fixture)

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/desk/")


def test_a_supervisor_reads_the_month_drills_down_and_exports(page, march):  # noqa: F811
    town = march.town
    _login(page, town.district_supervisor)
    page.click("nav.mainnav >> text=统计分析")
    page.wait_for_url("**/reports/**")
    assert "统计" in page.locator("h1").inner_text()
    # change the month with the picker (JavaScript submits it; the Show button would too)
    page.fill("input[name=month]", "2026-03")
    page.wait_for_url("**month=2026-03**")
    assert "2026-03" in page.locator("h1").inner_text()
    rate = page.locator(".figure-card", has_text="调解成功率").locator(".num")
    assert rate.inner_text() == "80.0%"  # district: A's 3 + B's 1 settled of 5 concluded
    screenshot(page, "reports-dashboard-district")
    # drill into street A
    page.click(f"a.drill-link:has-text('{town.a.street.name}')")
    page.wait_for_url(f"**street={town.a.street.pk}**")
    assert town.a.street.name in page.locator("h1").inner_text()
    assert page.locator(".figure-card", has_text="调解成功率").locator(".num").inner_text() == (
        "75.0%"
    )
    # the cases behind "settled"
    page.locator(".figure-card", has_text="调解成功").first.locator(".num a").click()
    page.wait_for_url("**/reports/cases/**")
    assert page.locator("table.cases tbody tr").count() == 3
    page.go_back()
    # the ledger of the street, exported to Excel
    page.click("text=案件台账")
    page.wait_for_url("**/reports/ledger/**")
    page.select_option("select[name=status]", "in_mediation")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**status=in_mediation**")
    screenshot(page, "reports-ledger")
    with page.expect_download() as download:
        page.click("text=导出 Excel (.xlsx)")
    with open(download.value.path(), "rb") as handle:
        sheet = openpyxl.load_workbook(io.BytesIO(handle.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "编号"
    assert {row[0] for row in rows[1:]} == {march.cases[k].reference for k in ("c5", "c6", "c8")}
    assert download.value.suggested_filename.endswith(".xlsx")


def test_a_resident_reads_a_typical_case_on_a_phone(phone, town):
    from cases.services.moves import case_accept, case_close, case_settle
    from tests.factories.cases import make_case

    case = make_case(compound=town.a.compound, applicant_name="李龙", title="李龙的水卡纠纷")
    for move in (case_accept, case_settle, case_close):
        extra = {"summary": "恢复供水"} if move is case_settle else {}
        move(case_id=case.pk, actor=town.a.grid_worker, **extra)
    typical = typical_case_mark(
        case_id=case.pk, actor=town.a.grid_worker, lesson="不得以停水催缴物业费。"
    )
    typical_case_publish(typical_id=typical.pk, actor=town.a.grid_worker)
    phone.goto("/typical-cases/")
    phone.select_option("select[name=category]", "fees")
    phone.click("button[type=submit]")
    phone.click("text=李某的水卡纠纷")
    assert "不得以停水催缴物业费" in phone.content()
    assert "李龙" not in phone.content()
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot(phone, "typical-case-phone")
