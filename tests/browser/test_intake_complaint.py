"""A resident on a phone: from a compound's QR poster to a confirmed complaint with a photo,
then tracking it and adding information; and the picker and escaping in a real browser."""

import pytest
from django.urls import reverse

from cases.categories import categories_ensure_defaults
from intake.models import Complaint
from notifications import sms
from tests.factories.grids import CompoundFactory
from tests.factories.intake import last_code, png_bytes
from tests.factories.mediators import PASSWORD

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _private_files_and_sms(settings, tmp_path, transactional_db):
    categories_ensure_defaults()  # transactional tests truncate the migration's rows
    sms.outbox.clear()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": "/private/"},
        },
    }


def _no_sideways_scrolling(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_a_resident_files_from_a_qr_link_confirms_tracks_and_adds_information(phone, town):
    csp_violations = []
    phone.on(
        "console",
        lambda m: csp_violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    compound = town.a.compound
    phone.goto(f"{reverse('intake:complaint-new')}?compound={compound.code}")
    assert compound.name in phone.locator("#compound-picker").inner_text()
    assert phone.input_value("#id_other_side") == compound.property_company.name
    _no_sideways_scrolling(phone)
    phone.select_option("#id_category", label="维修")
    phone.fill("#id_building", "7号楼1单元502室")
    phone.fill("#id_description", "卫生间顶部漏水一个多月，楼上住户和物业互相推诿。")
    phone.fill("#id_claims", "请物业牵头查明漏点并维修。")
    phone.fill("#id_name", "周晓梅")
    phone.fill("#id_mobile", "139 1234 5678")
    phone.set_input_files(
        "#id_photos", files=[{"name": "漏水.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    phone.check("#id_consent")
    screenshot(phone, "intake-form-phone")
    phone.click("button.button.primary.wide")
    phone.wait_for_url("**/confirm/")
    assert "139****5678" in phone.content()

    # the code arrives by SMS
    code = last_code("13912345678")
    phone.fill("#id_code", code)
    phone.click("button.button.primary.wide")
    phone.wait_for_url("**/done/")
    shown = phone.locator("#tracking-code").inner_text().strip()
    case = Complaint.objects.get().case
    assert shown.replace("-", "") == case.tracking_code
    assert case.complaint.uploads.get().name == "漏水.png"
    screenshot(phone, "intake-done-phone")

    # later, on another visit: look it up with the code and the last four digits
    phone.context.clear_cookies()
    phone.goto(reverse("intake:track"))
    phone.fill("#id_code", shown.lower())
    phone.fill("#id_mobile_last4", "5678")
    phone.click("button.button.primary.wide")
    phone.wait_for_url(f"**/track/{case.tracking_code}/")
    assert case.reference in phone.content()
    assert phone.locator("#steps li").count() == 1  # registered; routing is internal
    _no_sideways_scrolling(phone)

    phone.fill("#id_text", "补充：物业今天上门查看了，但还没有维修。")
    phone.click("#add button[type=submit]")
    phone.wait_for_url(f"**/track/{case.tracking_code}/")
    steps = phone.locator("#steps").inner_text()
    assert "申请人补充了材料" in steps and "物业今天上门查看了" in steps
    assert "漏水.png" in phone.locator("#your-files").inner_text()
    screenshot(phone, "intake-tracking-phone")
    assert csp_violations == []  # every page of the journey keeps to the policy


def test_the_picker_finds_compounds_as_the_resident_types(phone, town):
    company_compound = CompoundFactory(name="江月华庭", address="江月路999弄", grid=town.a.grid)
    phone.goto(reverse("intake:complaint-new"))
    phone.fill("#id_compound_query", "江月华")
    option = phone.locator(f"input[name=compound][value='{company_compound.code}']")
    option.wait_for()
    option.check()
    assert phone.input_value("#id_other_side") == company_compound.property_company.name
    screenshot(phone, "intake-picker-phone")


def test_script_typed_by_a_resident_never_runs_for_the_mediator(page, town):
    payload = '<img src=x onerror="window.__xss=1">'
    page.goto(f"{reverse('intake:complaint-new')}?compound={town.a.compound.code}")
    page.select_option("#id_category", label="噪音")
    page.fill("#id_description", payload + "<script>window.__xss=2</script>楼上深夜噪音")
    page.fill("#id_claims", payload)
    page.fill("#id_building", payload[:60])
    page.fill("#id_other_side", payload)
    page.fill("#id_name", payload[:60])
    page.fill("#id_mobile", "13912345678")
    page.check("#id_consent")
    page.click("button.button.primary.wide")
    page.wait_for_url("**/confirm/")
    page.fill("#id_code", last_code("13912345678"))
    page.click("button.button.primary.wide")
    page.wait_for_url("**/done/")
    page.click("a.button.primary.wide")  # to the tracking page
    page.wait_for_selector("#steps")
    assert page.evaluate("window.__xss") is None
    case = Complaint.objects.get().case

    page.goto(reverse("login"))
    page.fill("input[name=username]", town.a.grid_mediator.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/desk/")
    page.goto(reverse("cases:detail", args=[case.pk]))
    assert "楼上深夜噪音" in page.locator("main").inner_text()
    assert page.evaluate("window.__xss") is None
    assert page.locator("main img[src=x]").count() == 0
    assert payload in page.locator("main").inner_text()  # shown as the text it was
