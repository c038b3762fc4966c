"""Registration by staff: a call or a visit registered in one form, routed like a web
complaint, with a tracking code to read out or send; a warning about likely duplicates."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from notifications import sms
from tests.factories.cases import category, make_case
from tests.factories.grids import CompoundFactory

URL = reverse("intake:staff-register")


def staff_data(where, **overrides):
    data = {
        "channel": "hotline",
        "compound": where.code,
        "building": "3号楼",
        "category": category("noise").pk,
        "description": "楼下商铺夜间施工噪音扰民，已持续一周。",
        "claims": "",
        "other_side": "",
        "name": "陈建国",
        "mobile": "13698765432",
        "urgency": "normal",
        "send_sms": "on",
        "action": "submit",
    }
    data.update(overrides)
    return data


def test_a_grid_worker_registers_a_call_and_reads_out_the_code(client, town, on_commit):
    client.force_login(town.a.grid_worker)
    assert client.get(URL).status_code == 200
    with on_commit():
        response = client.post(URL, staff_data(town.a.compound))
    case = Case.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("intake:staff-registered", args=[case.pk])
    assert case.channel == "hotline" and case.registered_by == town.a.grid_worker
    assert case.team == town.a.grid_team
    assert case.parties.get(is_filer=True).mobile == "13698765432"
    html = client.get(response.url).content.decode()
    assert case.reference in html
    assert f"{case.tracking_code[:4]}-{case.tracking_code[4:8]}-{case.tracking_code[8:]}" in html
    assert reverse("cases:detail", args=[case.pk]) in html  # the grid worker may open it
    assert sms.outbox[-1]["to"] == "13698765432"
    assert case.reference in sms.outbox[-1]["text"]


def test_a_walk_in_without_sms(client, town, on_commit):
    client.force_login(town.a.grid_worker)
    data = staff_data(town.a.compound, channel="walk_in")
    data.pop("send_sms")
    with on_commit():
        client.post(URL, data)
    assert Case.objects.get().channel == "walk_in"
    assert sms.outbox == []


def test_the_duty_officer_of_the_centre_sees_the_code_of_a_case_routed_elsewhere(client, town):
    client.force_login(town.a.coordinator)
    response = client.post(URL, staff_data(town.a.compound))
    case = Case.objects.get()
    assert case.team == town.a.grid_team  # routed by locality, not to the registrar
    html = client.get(response.url).content.decode()
    assert case.reference in html
    assert reverse("cases:detail", args=[case.pk]) not in html


def test_another_users_registration_is_not_shown(client, town):
    case = make_case(compound=town.a.compound, registered_by=town.a.grid_worker)
    client.force_login(town.a.grid_mediator)
    assert client.get(reverse("intake:staff-registered", args=[case.pk])).status_code == 404


def test_a_likely_duplicate_is_shown_before_registering(client, town):
    earlier = make_case(compound=town.a.compound, applicant_mobile="13698765432")
    client.force_login(town.a.grid_worker)
    response = client.post(URL, staff_data(town.a.compound))
    html = response.content.decode()
    assert response.status_code == 200
    assert "可能已经登记过" in html and earlier.reference in html
    assert Case.objects.count() == 1
    # registering anyway after seeing it
    response = client.post(URL, staff_data(town.a.compound, duplicates_seen=str(earlier.pk)))
    assert response.status_code == 302
    assert Case.objects.count() == 2


def test_the_same_name_counts_as_a_duplicate_too(client, town):
    make_case(compound=town.a.compound, applicant_name="陈建国", applicant_mobile="13500000000")
    client.force_login(town.a.grid_worker)
    assert "可能已经登记过" in client.post(URL, staff_data(town.a.compound)).content.decode()


@pytest.mark.parametrize(
    ("where", "days"), [("other_compound", 1), ("same_compound", 31)], ids=["elsewhere", "old"]
)
def test_no_warning_for_another_compound_or_an_older_case(client, town, where, days):
    compound = town.a.compound if where == "same_compound" else town.a.uncovered_compound
    earlier = make_case(compound=compound, applicant_mobile="13698765432")
    Case.objects.filter(pk=earlier.pk).update(registered_at=timezone.now() - timedelta(days=days))
    client.force_login(town.a.grid_worker)
    assert client.post(URL, staff_data(town.a.compound)).status_code == 302


def test_a_compound_outside_the_registrars_area_is_refused(client, town):
    client.force_login(town.a.grid_worker)
    html = client.post(URL, staff_data(town.b.compound)).content.decode()
    assert "该小区不在您的辖区内" in html
    assert not Case.objects.exists()


def test_the_picker_searches_only_the_registrars_area(client, town):
    CompoundFactory(name="东湖苑A", grid=town.a.grid)
    CompoundFactory(name="东湖苑B", grid=town.b.grid)
    client.force_login(town.a.grid_worker)
    html = client.post(
        URL, staff_data(town.a.compound, compound="", compound_query="东湖苑", action="find")
    ).content.decode()
    assert "东湖苑A" in html and "东湖苑B" not in html


@pytest.mark.parametrize("persona", ["partner", "supervisor"])
def test_partners_and_supervisors_may_not_register(client, town, persona):
    client.force_login(getattr(town.a, persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, staff_data(town.a.compound)).status_code == 403
    assert not Case.objects.exists()


def test_anonymous_visitors_are_sent_to_login(client, town):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_navigation_offers_registration_to_grid_workers_only(client, town):
    client.force_login(town.a.grid_worker)
    assert URL in client.get(reverse("home")).content.decode()
    client.force_login(town.a.supervisor)
    assert URL not in client.get(reverse("home")).content.decode()


def test_mistakes_are_shown_next_to_the_fields(client, town):
    client.force_login(town.a.grid_worker)
    html = client.post(URL, staff_data(town.a.compound, mobile="123", description="")).content
    html = html.decode()
    assert 'id="id_mobile_error"' in html and 'id="id_description_error"' in html
    assert "陈建国" in html
