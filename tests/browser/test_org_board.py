"""A resident scans the poster or searches the board on a phone, and files a complaint."""

import pytest

from tests.factories.grids import PropertyCompanyContactFactory

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_opens_the_board_on_a_phone_and_follows_the_complaint_link(phone, town):
    a = town.a
    a.grid_worker.publish_phone = True
    a.grid_worker.save()
    PropertyCompanyContactFactory(company=a.compound.property_company, compound=a.compound)
    phone.goto(f"/board/{a.compound.code}/")
    assert phone.locator("h1").inner_text() == a.compound.name
    assert a.grid_worker.phone in phone.content()
    assert a.legal_adviser.phone not in phone.content()  # not published
    # made for a phone: nothing wider than the screen, a big button near the top
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    link = phone.locator("#complaint-link")
    box = link.bounding_box()
    assert box["y"] < 844 and box["height"] >= 44 and box["width"] > 300
    screenshot(phone, "org-board-phone")
    link.click()
    phone.wait_for_url(f"**/complaint/new/?compound={a.compound.code}")
    assert a.compound.name in phone.content()
    screenshot(phone, "org-board-complaint")


def test_a_resident_finds_the_compound_by_its_road(phone, town):
    a = town.a
    phone.goto("/board/")
    phone.fill("input[name=q]", a.compound.address)
    phone.locator("form.board-search button").click()
    phone.locator(".board-results a", has_text=a.compound.name).click()
    phone.wait_for_url(f"**/board/{a.compound.code}/")
    assert phone.locator("h1").inner_text() == a.compound.name
