"""Partner referrals (信息联通): token-authenticated, idempotent on the partner's own
reference (also under concurrency), each partner reading back only its own."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from cases.categories import categories_ensure_defaults
from cases.models import Case
from intake.models import Referral
from tests.conftest import needs_postgres
from tests.factories.intake import partner_system

URL = "/api/intake/referrals/"


def referral(where, reference="12345-20261122-0001", **overrides):
    data = {
        "partner_reference": reference,
        "compound": where.code,
        "category": "parking",
        "description": "来电反映小区地面车位被外来车辆长期占用，物业不管理。",
        "claims": "要求物业加强车辆管理",
        "applicant_name": "刘洋",
        "applicant_mobile": "13587654321",
        "received_at": "2026-11-22T09:30:00+08:00",
    }
    data.update(overrides)
    return data


def api_for(system) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {system.user.auth_token.key}")
    return api


@pytest.fixture
def hotline(db):
    return partner_system()


@pytest.fixture
def petition(db):
    return partner_system(name="区信访办", kind="petition_office")


def test_a_partner_refers_a_complaint_and_it_is_registered_and_routed(town, hotline):
    response = api_for(hotline).post(URL, referral(town.a.compound), format="json")
    assert response.status_code == 201
    body = response.json()
    case = Case.objects.get()
    assert body["reference"] == case.reference and body["created"] is True
    assert body["partner_reference"] == "12345-20261122-0001"
    assert case.channel == "referral" and case.team == town.a.grid_team
    assert case.category.code == "parking"
    assert case.registered_by == hotline.user
    assert case.parties.get(is_filer=True).mobile == "13587654321"
    note = case.events.get(kind="referred_in")
    assert "12345市民服务热线" in note.summary and note.visibility == "internal"
    assert Referral.objects.get().case == case


def test_the_same_referral_twice_returns_the_same_case(town, hotline):
    api = api_for(hotline)
    first = api.post(URL, referral(town.a.compound), format="json")
    again = api.post(URL, referral(town.a.compound, description="重复推送"), format="json")
    assert again.status_code == 200
    assert again.json()["reference"] == first.json()["reference"]
    assert again.json()["created"] is False
    assert Case.objects.count() == 1 and Referral.objects.count() == 1


def test_two_partners_may_use_the_same_reference(town, hotline, petition):
    api_for(hotline).post(URL, referral(town.a.compound), format="json")
    response = api_for(petition).post(URL, referral(town.a.compound), format="json")
    assert response.status_code == 201
    assert Case.objects.count() == 2


def test_each_partner_reads_back_only_its_own_referrals(town, hotline, petition):
    api_for(hotline).post(URL, referral(town.a.compound, "H-1"), format="json")
    api_for(petition).post(URL, referral(town.a.compound, "P-1"), format="json")
    listed = api_for(hotline).get(URL).json()["results"]
    assert [r["partner_reference"] for r in listed] == ["H-1"]
    detail = api_for(hotline).get(f"{URL}H-1/")
    assert detail.status_code == 200
    assert detail.json()["status"] == "registered"
    assert detail.json()["status_label"] == "已登记"
    assert api_for(hotline).get(f"{URL}P-1/").status_code == 404


def test_the_status_read_back_follows_the_case(town, hotline):
    from cases.services.moves import case_accept

    api_for(hotline).post(URL, referral(town.a.compound, "H-2"), format="json")
    case_accept(case_id=Case.objects.get().pk, actor=town.a.grid_mediator)
    assert api_for(hotline).get(f"{URL}H-2/").json()["status"] == "in_mediation"


def test_the_list_takes_one_query_per_page(town, hotline, django_assert_num_queries):
    api = api_for(hotline)
    for i in range(4):
        api.post(URL, referral(town.a.compound, f"H-{i}"), format="json")
    with django_assert_num_queries(3):
        # 1: the token and its user; 2: the user's partner system;
        # 3: the page of referrals with their cases (cursor pagination: no count)
        response = api.get(URL)
    assert len(response.json()["results"]) == 4


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("compound", "NOPE", "没有名为“NOPE”的小区"),
        ("category", "赌博", "没有“赌博”这个纠纷类别"),
        ("applicant_mobile", "12345", "手机号码"),
        ("description", "", "不能为空"),
        ("partner_reference", "   ", "不能为空"),
    ],
)
def test_a_bad_referral_is_refused_with_the_reason(town, hotline, field, value, fragment):
    response = api_for(hotline).post(
        URL, referral(town.a.compound, **{field: value}), format="json"
    )
    assert response.status_code == 400
    assert fragment in str(response.json()[field])
    assert not Case.objects.exists()


def test_a_compound_by_its_full_name_and_a_category_by_its_chinese_name(town, hotline):
    data = referral(town.a.compound, compound=town.a.compound.name, category="停车")
    assert api_for(hotline).post(URL, data, format="json").status_code == 201


def test_only_partner_systems_may_refer(town, hotline):
    anonymous = APIClient().post(URL, referral(town.a.compound), format="json")
    assert anonymous.status_code == 401
    staff = APIClient()
    staff.force_authenticate(town.a.grid_worker)
    assert staff.post(URL, referral(town.a.compound), format="json").status_code == 403
    assert staff.get(URL).status_code == 403
    hotline.active = False
    hotline.save()
    assert api_for(hotline).post(URL, referral(town.a.compound), format="json").status_code == 403
    assert not Case.objects.exists()


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_referral_sent_twice_at_once_makes_one_case(town):
    categories_ensure_defaults()  # transactional tests truncate the migration's rows
    system = partner_system()
    data = referral(town.a.compound, "RACE-1")
    barrier = threading.Barrier(2)
    results = []

    def send():
        try:
            barrier.wait()
            response = api_for(system).post(URL, data, format="json")
            results.append((response.status_code, response.json().get("reference")))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(code for code, _ in results) == [200, 201]
    assert len({reference for _, reference in results}) == 1
    assert Case.objects.count() == 1 and Referral.objects.count() == 1
