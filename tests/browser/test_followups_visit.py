"""A mediator opens "today" on their phone, records a follow-up visit with a satisfaction
rating, and the case page shows it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from followups.models import FollowUpVisit
from followups.services.plans import visits_schedule
from tests.factories.cases import make_case
from tests.factories.followups import make_agreement, settle
from tests.factories.mediators import PASSWORD

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_mediator_records_a_visit_from_today_and_the_case_page_shows_it(phone, town):
    mediator = town.a.specialist
    # a key case: the street's specialist team mediates it, so its mediator makes the visits
    case = make_case(compound=town.a.compound, households=80, difficulty="complex")
    settle(case, actor=town.a.lead, mediator=mediator)
    make_agreement(case, drafted_by=mediator, effective_on=timezone.localdate() - timedelta(days=7))
    visits_schedule()

    phone.goto("/accounts/login/?next=/followups/today/")
    phone.fill("input[name=username]", mediator.username)
    phone.fill("input[name=password]", PASSWORD)
    phone.click("main button[type=submit]")
    phone.wait_for_url("**/followups/today/")
    assert phone.locator("h1").inner_text() == "今日事项"
    due = phone.locator("#visits li")
    assert due.count() == 1 and case.reference in due.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot(phone, "followups-today-phone")

    due.locator("a").click()
    phone.wait_for_url("**/followups/visits/*/")
    phone.get_by_label("上门").check()
    phone.fill("input[name=participants]", "李龙（申请人）、物业项目经理")
    phone.get_by_label("已履行").check()
    phone.get_by_label("基本满意").check()
    phone.fill("textarea[name=remarks]", "水卡已恢复充值，物业费已缴清。")
    screenshot(phone, "followups-visit-form-phone")
    phone.click("button:has-text('登记回访')")
    phone.wait_for_url(f"**/cases/{case.pk}/")

    panel = phone.locator("#followup")
    assert "回访已登记。" in phone.locator(".messages").inner_text()
    done = panel.locator(".fu-visit.visit-done")
    assert done.count() == 1
    assert "基本满意" in done.inner_text() and "上门" in done.inner_text()
    assert panel.locator(".fu-visit.visit-scheduled").count() == 2
    timeline = phone.locator(".timeline").inner_text()
    # (the cases catalogue names a home visit 上门走访)
    assert "回访（上门" in timeline and "基本满意" in timeline
    screenshot(phone, "followups-case-panel-phone")
    visit = FollowUpVisit.objects.get(case=case, offset_days=7)
    assert (visit.status, visit.satisfaction, visit.recorded_by) == (
        "done",
        "fairly_satisfied",
        mediator,
    )
