"""A team lead browses the organisation down to a team and puts a member on duty."""

import pytest
from django.utils import timezone

from mediators.models import DutyShift
from tests.factories.mediators import PASSWORD

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, user):
    page.goto("/accounts/login/?next=/org/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/org/streets/")


def test_a_lead_browses_street_grid_and_team(page, town):
    a = town.a
    _login(page, a.lead)
    assert a.street.name in page.content()
    assert town.b.street.name not in page.content()  # not their jurisdiction
    page.get_by_role("link", name=a.street.name, exact=True).click()
    page.wait_for_url(f"**/org/streets/{a.street.code}/")
    page.get_by_role("link", name=a.grid.name, exact=True).click()
    page.wait_for_url(f"**/org/grids/{a.grid.code}/")
    assert a.compound.name in page.content()
    page.get_by_role("link", name=a.grid_team.name, exact=True).click()
    page.wait_for_url(f"**/org/teams/{a.grid_team.pk}/")
    rows = page.locator("table.members tbody tr")
    assert rows.count() == 3  # grid worker, legal adviser, mediator
    assert "网格员" in page.content()
    screenshot(page, "org-team")


def test_a_lead_puts_a_member_on_duty(page, town):
    a = town.a
    _login(page, a.lead)
    page.locator("nav.mainnav").get_by_role("link", name="值班表").click()
    page.wait_for_url("**/org/duty/")
    page.select_option("select[name=user]", str(a.specialist.pk))
    today = timezone.localdate().isoformat()
    page.fill("input[name=day]", today)
    page.fill("input[name=starts]", "17:30")
    page.fill("input[name=ends]", "08:30")
    page.fill("input[name=note]", "夜间电话值班")
    page.get_by_role("button", name="添加班次").click()
    page.wait_for_load_state()
    assert "已加入值班表" in page.content()
    shift = DutyShift.objects.get()
    assert (shift.team, shift.user, shift.note) == (a.specialist_team, a.specialist, "夜间电话值班")
    assert page.locator(".roster .shift", has_text=a.specialist.name).count() == 1
    screenshot(page, "org-duty")
