"""Screening patrols: recorded by the grid's team, early signs turned into cases (channel
"screening patrol"), and a grid that missed its week flagged to the street's specialist team."""

from datetime import timedelta

from django.urls import reverse

from cases.models import Case
from followups.models import EarlySign, MissedPatrol, ScreeningPatrol
from followups.tasks import patrols_check
from notifications.models import Notification
from tests.factories.cases import category
from tests.factories.mediators import ExpertFactory

from .conftest import DAY0


def _post(town, **overrides):
    data = {
        "grid": town.a.grid.pk,
        "patrolled_on": DAY0.isoformat(),
        "compounds": [town.a.compound.pk],
        "staff": [town.a.grid_worker.pk, town.a.legal_adviser.pk],
        "resident_judges": "王法官",
        "volunteers": "赵阿姨，钱师傅",
        "notes": "重点查看了地库和电梯。",
        "signs-TOTAL_FORMS": "3",
        "signs-INITIAL_FORMS": "0",
        "signs-MIN_NUM_FORMS": "0",
        "signs-MAX_NUM_FORMS": "20",
        "signs-0-description": "3号楼业主在群里商议集体拒缴物业费。",
        "signs-0-compound": town.a.compound.pk,
        "signs-0-severity": "high",
        "signs-0-parties": "3号楼业主群",
        "signs-1-severity": "low",
        "signs-2-severity": "low",
    }
    return {**data, **overrides}


def test_a_grid_worker_records_the_weekly_patrol(client, town, clock):
    expert = ExpertFactory()
    client.force_login(town.a.grid_worker)
    assert client.get(reverse("followups:patrol-new")).status_code == 200
    response = client.post(reverse("followups:patrol-new"), _post(town, experts=[expert.pk]))
    assert response.status_code == 302
    patrol = ScreeningPatrol.objects.get()
    assert (patrol.grid, patrol.week_start, patrol.recorded_by) == (
        town.a.grid,
        DAY0,
        town.a.grid_worker,
    )
    assert list(patrol.compounds.all()) == [town.a.compound]
    assert sorted(patrol.members.values_list("kind", "name")) == sorted(
        [
            ("staff", town.a.grid_worker.name),
            ("staff", town.a.legal_adviser.name),
            ("association_expert", expert.name),
            ("resident_judge", "王法官"),
            ("volunteer", "赵阿姨"),
            ("volunteer", "钱师傅"),
        ]
    )
    sign = EarlySign.objects.get()  # the empty rows are not signs
    assert (sign.severity, sign.compound, sign.parties) == ("high", town.a.compound, "3号楼业主群")
    page = client.get(reverse("followups:patrol", args=[patrol.pk])).content.decode()
    assert "3号楼业主在群里商议集体拒缴物业费。" in page


def test_a_patrol_of_a_grid_not_covered_is_refused(client, town, clock):
    client.force_login(town.b.grid_worker)
    response = client.post(reverse("followups:patrol-new"), _post(town))
    assert response.status_code == 400
    assert "grid" in response.context["form"].errors
    assert not ScreeningPatrol.objects.exists()


def test_a_patrol_needs_members_and_compounds(client, town, clock):
    client.force_login(town.a.grid_worker)
    response = client.post(
        reverse("followups:patrol-new"),
        _post(town, staff=[], resident_judges="", volunteers="", compounds=[]),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "staff" in errors and "compounds" in errors
    assert "重点查看了地库和电梯。" in response.content.decode()


def test_patrol_pages_refuse_other_streets(client, town, clock):
    client.force_login(town.a.grid_worker)
    client.post(reverse("followups:patrol-new"), _post(town))
    patrol = ScreeningPatrol.objects.get()
    client.force_login(town.b.grid_worker)
    assert client.get(reverse("followups:patrol", args=[patrol.pk])).status_code == 404
    client.force_login(town.a.supervisor)  # reads, does not record
    assert client.get(reverse("followups:patrol", args=[patrol.pk])).status_code == 200
    sign = EarlySign.objects.get()
    assert client.get(reverse("followups:sign-to-case", args=[sign.pk])).status_code == 403
    assert client.get(reverse("followups:patrol-new")).status_code == 403


def test_an_early_sign_becomes_a_case_keeping_the_link(client, town, clock):
    client.force_login(town.a.grid_worker)
    client.post(reverse("followups:patrol-new"), _post(town))
    sign = EarlySign.objects.get()
    url = reverse("followups:sign-to-case", args=[sign.pk])
    response = client.post(
        url,
        {
            "category": category("fees").pk,
            "title": "3号楼业主拟集体拒缴物业费",
            "applicant_name": "孙业主",
            "applicant_mobile": "13912345678",
        },
    )
    assert response.status_code == 302
    sign.refresh_from_db()
    case = sign.case
    assert case.channel == Case.Channel.PATROL
    assert case.compound == town.a.compound and case.team == town.a.grid_team
    assert "3号楼业主在群里商议集体拒缴物业费。" in case.description
    assert case.parties.get().name == "孙业主"
    assert case.events.filter(kind="from_patrol", detail__early_sign_id=sign.pk).exists()
    # a second time is refused: the sign is a case already
    client.post(url, {"category": category("fees").pk, "title": "again"})
    assert Case.objects.filter(channel="patrol").count() == 1


def test_a_bad_mobile_is_refused_next_to_the_field(client, town, clock):
    client.force_login(town.a.grid_worker)
    client.post(reverse("followups:patrol-new"), _post(town))
    sign = EarlySign.objects.get()
    response = client.post(
        reverse("followups:sign-to-case", args=[sign.pk]),
        {"category": category("fees").pk, "title": "拒缴", "applicant_mobile": "12345"},
    )
    assert response.status_code == 400
    assert "applicant_mobile" in response.context["form"].errors
    assert not Case.objects.filter(channel="patrol").exists()


def test_a_missed_patrol_is_flagged_to_the_street_specialist_team_once(client, town, clock):
    client.force_login(town.a.grid_worker)
    client.post(reverse("followups:patrol-new"), _post(town))  # grid 1 patrolled in week DAY0
    clock.move_to((DAY0 + timedelta(days=6)).isoformat() + " 20:00:00+08:00")
    patrols_check.delay()
    assert not MissedPatrol.objects.filter(week_start=DAY0).exists()  # the week is not over
    MissedPatrol.objects.all().delete()  # (the week before, which nobody patrolled)
    Notification.objects.all().delete()
    clock.move_to((DAY0 + timedelta(days=7)).isoformat() + " 08:00:00+08:00")
    patrols_check.delay()
    patrols_check.delay()
    missed = {(m.grid, m.week_start) for m in MissedPatrol.objects.all()}
    # street A's uncovered grid and street B's two grids missed the week; grid 1 did not
    assert missed == {
        (town.a.uncovered_grid, DAY0),
        (town.b.grid, DAY0),
        (town.b.uncovered_grid, DAY0),
    }
    flagged = MissedPatrol.objects.get(grid=town.a.uncovered_grid)
    assert flagged.team == town.a.specialist_team
    notified = set(
        Notification.objects.filter(source__startswith="fu:patrol:").values_list("user", flat=True)
    )
    assert {town.a.lead.pk, town.a.specialist.pk} <= notified
    assert town.a.grid_worker.pk not in notified
    assert (
        Notification.objects.filter(user=town.a.lead, source__startswith="fu:patrol:").count() == 1
    )
    # the lead sees it on the overview
    client.force_login(town.a.lead)
    page = client.get(reverse("followups:overview")).content.decode()
    assert town.a.uncovered_grid.name in page and town.b.grid.name not in page
