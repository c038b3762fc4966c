"""A grid worker registers a phone call on a phone and reads out the tracking code."""

import pytest
from django.urls import reverse

from cases.categories import categories_ensure_defaults
from cases.models import Case
from tests.factories.mediators import PASSWORD

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_grid_worker_registers_a_call_in_one_form(phone, town):
    categories_ensure_defaults()
    worker = town.a.grid_worker
    phone.goto(reverse("login"))
    phone.fill("input[name=username]", worker.username)
    phone.fill("input[name=password]", PASSWORD)
    phone.click("main button[type=submit]")
    phone.wait_for_url("**/desk/")
    phone.click("text=来电来访登记")
    phone.wait_for_url("**/intake/register/")
    phone.fill("#id_compound_query", town.a.compound.name)
    phone.locator(f"input[name=compound][value='{town.a.compound.code}']").wait_for()
    phone.select_option("#id_category", label="停车")
    phone.fill("#id_description", "来电反映访客车辆长期占用消防通道，物业不处理。")
    phone.fill("#id_name", "吴先生")
    phone.fill("#id_mobile", "13722223333")
    screenshot(phone, "intake-staff-register-phone")
    phone.click("aside button.button.primary.wide")
    phone.wait_for_url("**/intake/registered/*/")
    case = Case.objects.get()
    assert phone.locator("#tracking-code").inner_text().replace("-", "") == case.tracking_code
    assert case.channel == "hotline" and case.registered_by == worker
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot(phone, "intake-staff-registered-phone")
