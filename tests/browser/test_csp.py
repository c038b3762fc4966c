"""The Content-Security-Policy allows no inline script or style: the main pages load without a
single violation (Chromium reports each one on the console)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = ["/", "/accounts/login/", "/complaint/new/"]
STAFF_PAGES = ["/desk/", "/cases/", "/notifications/", "/api/docs/"]


def violations(page, paths) -> list[str]:
    seen: list[str] = []
    page.on(
        "console",
        lambda message: (
            seen.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("networkidle")
    return seen


def test_public_pages_break_no_policy(page, town):
    assert violations(page, PUBLIC_PAGES) == []


def test_staff_pages_break_no_policy(page, login_as, town, case):
    login_as(page, town.a.grid_worker)
    assert violations(page, [*STAFF_PAGES, f"/cases/{case.pk}/"]) == []
