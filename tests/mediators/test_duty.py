"""The duty roster: who is on duty now, the week per team, and the lead keeping it."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from core.errors import Refused
from mediators.models import DutyShift
from mediators.selectors import duty_now, roster_week, week_start
from mediators.services.duty import duty_shift_add, duty_shift_remove
from tests.factories.mediators import DutyShiftFactory

TZ = timezone.get_fixed_timezone(8 * 60)
WEDNESDAY_10 = datetime(2026, 3, 4, 10, 0, tzinfo=TZ)


def _shift(team, user, start, hours, note=""):
    return DutyShiftFactory(
        team=team, user=user, starts_at=start, ends_at=start + timedelta(hours=hours), note=note
    )


def test_who_is_on_duty_now_includes_a_night_shift_across_midnight(town):
    a = town.a
    day = _shift(a.specialist_team, a.specialist, WEDNESDAY_10.replace(hour=8, minute=30), 9)
    night = _shift(a.specialist_team, a.lead, WEDNESDAY_10.replace(hour=17, minute=30), 15)
    assert list(duty_now(at=WEDNESDAY_10)) == [day]
    assert list(duty_now(at=WEDNESDAY_10 + timedelta(hours=14))) == [night]  # 0:00 Thursday
    assert list(duty_now(at=WEDNESDAY_10 + timedelta(hours=23))) == []  # 9:00 Thursday


def test_the_week_lists_each_days_shifts(town):
    a = town.a
    monday = week_start(WEDNESDAY_10.date())
    _shift(a.specialist_team, a.specialist, WEDNESDAY_10, 4)
    _shift(a.specialist_team, a.lead, WEDNESDAY_10 + timedelta(days=7), 4)  # next week
    days = roster_week(a.specialist_team, monday)
    assert [d.day.isoformat() for d in days][:3] == ["2026-03-02", "2026-03-03", "2026-03-04"]
    assert [len(d.shifts) for d in days] == [0, 0, 1, 0, 0, 0, 0]


def test_the_lead_puts_a_member_on_duty(town):
    a = town.a
    shift = duty_shift_add(
        team=a.specialist_team,
        user=a.specialist,
        starts_at=WEDNESDAY_10,
        ends_at=WEDNESDAY_10 + timedelta(hours=8),
        actor=a.lead,
    )
    assert DutyShift.objects.get(pk=shift.pk).user == a.specialist


@pytest.mark.parametrize("actor", ["specialist", "grid_worker", "supervisor"])
def test_only_the_teams_lead_or_coordinator_keeps_its_roster(town, actor):
    a = town.a
    with pytest.raises(Refused) as refused:
        duty_shift_add(
            team=a.specialist_team,
            user=a.specialist,
            starts_at=WEDNESDAY_10,
            ends_at=WEDNESDAY_10 + timedelta(hours=8),
            actor=getattr(a, actor),
        )
    assert refused.value.code == "forbidden"
    assert not DutyShift.objects.exists()


def test_the_coordinator_of_another_team_cannot_keep_this_one(town):
    with pytest.raises(Refused):
        duty_shift_add(
            team=town.a.specialist_team,
            user=town.a.specialist,
            starts_at=WEDNESDAY_10,
            ends_at=WEDNESDAY_10 + timedelta(hours=8),
            actor=town.a.coordinator,
        )


@pytest.mark.parametrize(
    "user, hours, message",
    [
        ("grid_worker", 8, "不是"),  # not a member of the specialist team
        ("specialist", 30, "24"),  # longer than a day
        ("specialist", 0, "结束"),  # ends when it starts
    ],
)
def test_bad_shifts_are_refused_with_a_reason(town, user, hours, message):
    a = town.a
    with pytest.raises(Refused) as refused:
        duty_shift_add(
            team=a.specialist_team,
            user=getattr(a, user),
            starts_at=WEDNESDAY_10,
            ends_at=WEDNESDAY_10 + timedelta(hours=hours),
            actor=a.lead,
        )
    assert refused.value.code == "invalid"
    assert message in refused.value.message


def test_a_member_cannot_be_on_duty_twice_at_once(town):
    a = town.a
    _shift(a.specialist_team, a.specialist, WEDNESDAY_10, 8)
    with pytest.raises(Refused) as refused:
        duty_shift_add(
            team=a.specialist_team,
            user=a.specialist,
            starts_at=WEDNESDAY_10 + timedelta(hours=4),
            ends_at=WEDNESDAY_10 + timedelta(hours=10),
            actor=a.lead,
        )
    assert refused.value.code == "invalid"
    assert DutyShift.objects.count() == 1


def test_removing_a_shift_twice_is_harmless(town):
    shift = _shift(town.a.specialist_team, town.a.specialist, WEDNESDAY_10, 8)
    duty_shift_remove(shift_id=shift.pk, actor=town.a.lead)
    duty_shift_remove(shift_id=shift.pk, actor=town.a.lead)
    assert not DutyShift.objects.exists()


# --- through the page -------------------------------------------------------------------


def test_the_roster_page_shows_who_is_on_duty_now(client, town):
    _shift(town.a.centre, town.a.coordinator, WEDNESDAY_10 - timedelta(hours=1), 8)
    _shift(town.b.centre, town.b.coordinator, WEDNESDAY_10 - timedelta(hours=1), 8)
    client.force_login(town.a.grid_mediator)
    with time_machine.travel(WEDNESDAY_10, tick=False):
        response = client.get(reverse("mediators:duty"))
    on_duty = [s.user for s in response.context["on_duty"]]
    assert on_duty == [town.a.coordinator]  # street B's centre is not in my jurisdiction
    assert response.context["form"] is None  # a mediator reads the roster, does not keep it


def test_the_lead_adds_a_night_shift_through_the_form(client, town):
    client.force_login(town.a.lead)
    team = town.a.specialist_team
    response = client.post(
        reverse("mediators:duty-add", args=[team.pk]),
        {
            "user": town.a.specialist.pk,
            "day": "2026-03-04",
            "starts": "17:30",
            "ends": "08:30",
            "note": "夜间电话值班",
        },
    )
    assert response.status_code == 302
    assert "week=2026-W10" in response.url
    shift = DutyShift.objects.get()
    assert timezone.localtime(shift.starts_at).hour == 17
    assert timezone.localtime(shift.ends_at).date().isoformat() == "2026-03-05"
    assert shift.note == "夜间电话值班"


def test_a_refused_shift_shows_the_reason_and_keeps_what_was_typed(client, town):
    _shift(town.a.specialist_team, town.a.specialist, datetime(2026, 3, 4, 9, tzinfo=TZ), 8)
    client.force_login(town.a.lead)
    response = client.post(
        reverse("mediators:duty-add", args=[town.a.specialist_team.pk]),
        {
            "user": town.a.specialist.pk,
            "day": "2026-03-04",
            "starts": "10:00",
            "ends": "12:00",
            "note": "补班",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "已在该时段" in html or "already on duty" in html
    assert 'value="补班"' in html
    assert DutyShift.objects.count() == 1


def test_a_mediator_cannot_post_to_the_roster(client, town):
    client.force_login(town.a.specialist)
    response = client.post(
        reverse("mediators:duty-add", args=[town.a.specialist_team.pk]),
        {"user": town.a.specialist.pk, "day": "2026-03-04", "starts": "10:00", "ends": "12:00"},
    )
    assert response.status_code == 403
    assert not DutyShift.objects.exists()


def test_the_lead_removes_a_shift_and_others_cannot(client, town):
    shift = _shift(town.a.specialist_team, town.a.specialist, WEDNESDAY_10, 8)
    client.force_login(town.b.lead)  # another street's lead: not even visible
    assert client.post(reverse("mediators:duty-remove", args=[shift.pk])).status_code == 404
    client.force_login(town.a.lead)
    assert client.post(reverse("mediators:duty-remove", args=[shift.pk])).status_code == 302
    assert not DutyShift.objects.exists()


def test_the_roster_page_costs_the_same_however_many_shifts(
    client, town, django_assert_num_queries
):
    team = town.a.specialist_team
    client.force_login(town.a.lead)
    url = reverse("mediators:duty") + f"?team={team.pk}&week=2026-W10"

    def count():
        with time_machine.travel(WEDNESDAY_10, tick=False), django_assert_num_queries(14):
            # session, user, menu badge, permissions of the user and of their groups;
            # scope: memberships, jurisdictions, expert profile, the districts of the user's
            # streets (for a district's centre); the teams to choose from; the week's
            # shifts; who is on duty now; the form's list of members (whether the lead
            # keeps the roster is answered from what is already loaded); the navigation's
            # follow-up overview entry: the grid teams of the lead's street
            assert client.get(url).status_code == 200

    count()
    for day in range(7):
        _shift(team, town.a.specialist, WEDNESDAY_10 - timedelta(days=2) + timedelta(days=day), 3)
        _shift(
            team, town.a.lead, WEDNESDAY_10 - timedelta(days=2, hours=-5) + timedelta(days=day), 3
        )
    count()
