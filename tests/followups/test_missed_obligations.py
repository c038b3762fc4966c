"""A missed obligation (recorded as breached, or still unperformed past the grace period) stays
on the lead's follow-up overview, tells the lead and the mediators at once, and the case reads
履行异常 next to 调解成功 on its page, on the desk and on the overview."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from agreements.models import Obligation
from followups.models import Reminder
from followups.services.obligations import obligation_record
from followups.tasks import obligations_check
from notifications.models import Notification, OutboundMessage
from tests.factories.followups import make_obligation

from .conftest import DAY0

DUE = DAY0 + timedelta(days=10)
MISSED = "履行异常"


def _at(clock, day: date):
    clock.move_to(f"{day.isoformat()} 09:00:00+08:00")


@pytest.fixture
def obligation(agreement):
    return make_obligation(agreement, due_on=DUE)


def _breach(obligation, town, clock):
    _at(clock, DUE + timedelta(days=1))
    obligations_check.delay()  # due, and the mediator reminded it is overdue
    return obligation_record(
        obligation_id=obligation.pk,
        actor=town.a.grid_mediator,
        status="breached",
        note="物业明确拒绝维修。",
    )


def _page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_breach_tells_the_lead_and_the_mediator_and_stays_on_the_overview(
    client, obligation, town, clock
):
    record = _breach(obligation, town, clock)
    obligation.refresh_from_db()
    assert obligation.status == Obligation.Status.BREACHED
    reminder = Reminder.objects.get(kind="obligation_missed")
    assert reminder.key == f"obligation:{obligation.pk}:missed:{record.pk}"
    source = f"fu:{reminder.key}"
    told = set(Notification.objects.filter(source=source).values_list("user", flat=True))
    assert told == {town.a.lead.pk, town.a.grid_mediator.pk}
    assert "登记为未履行" in Notification.objects.filter(source=source).first().text
    assert OutboundMessage.objects.filter(source=source, to=town.a.lead.phone).exists()

    overview = _page(client, town.a.lead, reverse("followups:overview"))
    assert reverse("followups:obligation", args=[obligation.pk]) in overview
    assert "调解成功" in overview and MISSED in overview


def test_the_case_page_and_the_desk_read_obligation_missed(client, obligation, town, clock):
    case = obligation.agreement.case
    detail = reverse("cases:detail", args=[case.pk])
    assert MISSED not in _page(client, town.a.grid_mediator, detail)
    _breach(obligation, town, clock)
    page = _page(client, town.a.grid_mediator, detail)
    assert "调解成功" in page and MISSED in page
    desk = _page(client, town.a.grid_mediator, reverse("cases:inbox") + "?view=mine")
    assert case.reference in desk and MISSED in desk


def test_past_the_grace_period_the_case_reads_missed_until_performed(
    client, obligation, town, clock
):
    case = obligation.agreement.case
    detail = reverse("cases:detail", args=[case.pk])
    _at(clock, DUE + timedelta(days=1))
    obligations_check.delay()
    assert MISSED not in _page(client, town.a.grid_mediator, detail)  # overdue, within the grace
    _at(clock, DUE + timedelta(days=8))
    obligations_check.delay()  # flagged to the lead
    assert Reminder.objects.filter(kind="obligation_lead", obligation=obligation).exists()
    assert MISSED in _page(client, town.a.grid_mediator, detail)


def test_another_lead_hears_nothing(obligation, town, clock):
    _breach(obligation, town, clock)
    assert not Notification.objects.filter(user=town.b.lead).exists()
