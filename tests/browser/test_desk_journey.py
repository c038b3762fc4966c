"""The mediator's journey in Chromium: log in, find a case, record a session and an
investigation, escalate it; the specialist team's lead logs in and finds it waiting."""

import pytest

from cases.models import Case, Investigation, MediationSession
from tests.factories.cases import make_working_case
from tests.factories.mediators import PASSWORD

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, user, next_url="/cases/"):
    page.goto(next_url)
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{next_url}")


def test_a_mediator_records_a_session_and_escalates_and_the_lead_sees_it_arrive(
    page, browser, live_server, town
):
    case = make_working_case(town)
    _login(page, town.a.grid_mediator)

    # find the case by its applicant's phone number
    page.fill("input[name=q]", "138 1234 5678")
    page.click("form[role=search] button[type=submit]")
    page.click(f"text={case.reference}")
    page.wait_for_url(f"**/cases/{case.pk}/")
    assert page.locator("h1").inner_text() == case.title
    assert "138****5678" in page.content()

    # record a back-to-back session with the applicant
    page.click("#session > summary")
    page.fill("#session input[name=held_at]", "2026-05-01T10:00")
    page.fill("#session input[name=place]", "网格工作站")
    page.select_option("#session select[name=mode]", "back_to_back")
    page.select_option("#session select[name=side]", "applicant")
    page.fill("#session textarea[name=participants]", "申请人李龙、调解员")
    page.fill("#session textarea[name=minutes]", "申请人坚持先恢复供水再谈物业费")
    page.click("#session button[type=submit]")
    page.wait_for_load_state()
    assert "调解记录已保存" in page.content()
    assert "申请人坚持先恢复供水再谈物业费" in page.locator("#sessions").inner_text()
    assert MediationSession.objects.filter(
        case=case, mode="back_to_back", side="applicant"
    ).exists()

    # record an investigation: the form comes by htmx when it is opened (cases.casework)
    page.click("#investigation > summary")
    page.wait_for_selector("#investigation textarea[name=findings]")
    page.fill("#investigation input[name=investigated_at]", "2026-05-01T15:00")
    page.fill("#investigation input[name=place]", "小区物业服务中心")
    page.fill("#investigation input[name=investigators]", "调解员")
    page.fill("#investigation input[name=interviewee]", "物业客服主管")
    page.fill("#investigation textarea[name=findings]", "物业确认锁卡前未书面通知业主")
    page.click("#investigation button[type=submit]")
    page.wait_for_load_state()
    assert "调查记录已保存" in page.content()
    assert "物业确认锁卡前未书面通知业主" in page.locator("#investigations").inner_text()
    assert Investigation.objects.filter(case=case, interviewee="物业客服主管").exists()

    # escalate with a reason
    page.fill("#reason-escalate", "双方分歧较大，网格层面调解未果")
    page.click("#move-escalate button[type=submit]")
    page.wait_for_load_state()
    assert "上报上一级" in page.locator(".messages").inner_text()
    screenshot(page, "desk-escalated")
    case.refresh_from_db()
    assert (case.tier, case.team) == ("specialist", town.a.specialist_team)
    # the mediator still reads the case (earlier tier) but has no actions left
    assert page.locator("#actions").count() == 0

    # the specialist team's lead logs in and finds it among the team's open cases
    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    lead = context.new_page()
    lead.set_default_timeout(15000)
    _login(lead, town.a.lead, "/desk/")
    assert lead.locator(".mainnav .badge").count() == 1  # a notification of the escalation
    lead.goto("/cases/")
    assert case.reference in lead.locator("table.cases").inner_text()
    lead.click(f"text={case.reference}")
    lead.wait_for_url(f"**/cases/{case.pk}/")
    record = lead.locator("#record").inner_text()
    assert "双方分歧较大，网格层面调解未果" in record
    assert "申请人坚持先恢复供水再谈物业费" in record
    assert lead.locator("#move-settle").count() == 1  # the lead may act on it now
    screenshot(lead, "desk-lead-sees-escalation")
    context.close()
    assert Case.objects.get(pk=case.pk).events.filter(kind="escalate").count() == 1


def test_the_case_page_fits_a_phone(phone, town):
    case = make_working_case(town)
    _login(phone, town.a.grid_mediator, f"/cases/{case.pk}/")
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    # the "show" button reveals the number in place (htmx) and the reveal is recorded
    phone.click("td.number form.reveal button")
    phone.wait_for_selector("td.number .revealed")
    assert phone.locator("td.number .revealed").first.inner_text() == "13812345678"
    assert case.events.filter(kind="revealed").count() == 1
    screenshot(phone, "desk-case-phone")


def test_on_a_phone_the_inbox_cards_say_what_the_deadline_and_mediators_are(phone, town):
    case = make_working_case(town)
    _login(phone, town.a.grid_mediator, "/cases/?view=mine")
    row = phone.locator("table.cases tbody tr", has_text=case.reference)
    cells = {
        name: row.locator(f"td[data-label='{label}']")
        for name, label in (("mediators", "调解员"), ("deadline", "办结期限"))
    }
    # the column headings are hidden on a phone; each card's cell names itself
    assert phone.locator("table.cases thead").is_hidden()
    for cell in cells.values():
        before = cell.evaluate("td => getComputedStyle(td, '::before').content")
        assert before.startswith('"') and "：" in before, before
    assert town.a.grid_mediator.name in cells["mediators"].inner_text()
