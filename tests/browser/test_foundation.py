import pytest

from tests.factories.mediators import PASSWORD

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_grid_worker_logs_in_and_sees_the_desk(page, town):
    user = town.a.grid_worker
    page.goto("/desk/")
    assert "/accounts/login/?next=/desk/" in page.url
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/desk/")
    assert page.locator("h1").inner_text() == f"您好，{user.name}"
    assert town.a.grid_team.name in page.content()
    screenshot(page, "desk")
    # switch to English and back
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == f"Hello, {user.name}"
    assert page.locator("html").get_attribute("lang") == "en"
    page.click("button[name=language][value=zh-hans]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == f"您好，{user.name}"


def test_the_public_home_fits_a_phone(phone, town):
    phone.goto("/")
    assert phone.locator("html").get_attribute("lang") == "zh-CN"
    assert "物业纠纷" in phone.locator("h1").inner_text()
    # nothing wider than the screen: no sideways scrolling on a phone
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert town.a.street.name in phone.content()
    # the stylesheet came from our own static files
    assert (
        phone.evaluate("getComputedStyle(document.querySelector('.topbar')).backgroundColor")
        == "rgb(180, 55, 43)"
    )
    screenshot(phone, "public-home-phone")
