"""Every move of the workflow, for every persona, through the API and the page: allowed ones
change the case and write one record entry; refused ones answer 403/404/409 and write nothing."""

import pytest
from django.urls import reverse

from cases.models import Case
from cases.services.assignment import case_assign
from cases.services.moves import case_accept, case_close, case_escalate, case_settle

# The state each move starts from, made through the services.
SETUP = {
    "accept": [],
    "decline": [],
    "withdraw": [],
    "escalate": ["accept"],
    "settle": ["accept"],
    "refer": ["accept"],
    "close": ["accept", "settle"],
    "reopen": ["accept", "settle", "close"],
}
PAYLOAD = {
    "accept": {},
    "decline": {"reason": "不属于物业纠纷"},
    "withdraw": {"reason": "已自行解决"},
    "escalate": {"reason": "分歧较大"},
    "settle": {"summary": "物业当天充值水卡"},
    "refer": {"reason": "调解不成", "referral_target": "court", "referral_body": "区人民法院"},
    "close": {"note": "回访满意"},
    "reopen": {"reason": "又停水了"},
}
TARGET = {
    "accept": "in_mediation",
    "decline": "declined",
    "withdraw": "withdrawn",
    "escalate": "in_mediation",
    "settle": "settled",
    "refer": "referred",
    "close": "closed",
    "reopen": "in_mediation",
}
# On a grid-tier case: who works it (200), who may only read it (403), who may not see it (404).
EXPECTED = {
    "grid_worker": 200,
    "mediator_of_case": 200,
    "mediator_elsewhere": 404,
    "team_lead": 404,
    "supervisor": 403,
    "supervisor_elsewhere": 404,
    "partner": 404,
    "invited_expert": 403,
}


def _prepare(case, town, move):
    worker = town.a.grid_worker
    for step in SETUP[move]:
        if step == "accept":
            case_accept(case_id=case.pk, actor=worker)
            case_assign(case_id=case.pk, actor=worker, user=town.a.grid_mediator)
        elif step == "settle":
            case_settle(case_id=case.pk, actor=worker, summary="达成一致")
        elif step == "close":
            case_close(case_id=case.pk, actor=worker)
    case.refresh_from_db()
    return case


@pytest.mark.parametrize("move", list(SETUP))
@pytest.mark.parametrize("persona", list(EXPECTED))
def test_each_move_through_the_api_for_each_persona(client, town, case, everyone, persona, move):
    case = _prepare(case, town, move)
    before_events = case.events.count()
    client.force_login(everyone[persona])
    url = reverse("api:case-" + move, args=[case.pk])
    response = client.post(
        url, {**PAYLOAD[move], "version": case.version}, content_type="application/json"
    )
    assert response.status_code == EXPECTED[persona], response.content
    after = Case.objects.get(pk=case.pk)
    if EXPECTED[persona] == 200:
        assert after.status == TARGET[move]
        assert response.json()["status"] == TARGET[move]
        assert list(after.events.values_list("kind", flat=True))[-1] == move
        assert after.events.filter(kind=move).latest("id").actor == everyone[persona]
    else:
        assert (after.status, after.version) == (case.status, case.version)
        # a refusal writes nothing (the invitation entry was written before)
        assert after.events.count() == before_events


@pytest.mark.parametrize(
    "move, state",
    [
        ("settle", "registered"),
        ("accept", "in_mediation"),
        ("close", "in_mediation"),
        ("reopen", "registered"),
        ("escalate", "registered"),
        ("decline", "settled"),
    ],
)
def test_a_move_from_the_wrong_state_is_refused_with_409(client, town, case, move, state):
    steps = {"registered": [], "in_mediation": ["accept"], "settled": ["accept", "settle"]}[state]
    worker = town.a.grid_worker
    for step in steps:
        case_accept(case_id=case.pk, actor=worker) if step == "accept" else case_settle(
            case_id=case.pk, actor=worker, summary="x"
        )
    case.refresh_from_db()
    client.force_login(worker)
    response = client.post(
        reverse("api:case-" + move, args=[case.pk]), PAYLOAD[move], content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "illegal"
    assert Case.objects.get(pk=case.pk).status == state


def test_a_stale_move_through_the_api_is_refused_with_409(client, town, case):
    client.force_login(town.a.grid_worker)
    url = reverse("api:case-accept", args=[case.pk])
    assert (
        client.post(url, {"version": case.version}, content_type="application/json").status_code
        == 200
    )
    response = client.post(
        reverse("api:case-decline", args=[case.pk]),
        {"version": case.version, "reason": "重复"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "stale"
    assert Case.objects.get(pk=case.pk).status == "in_mediation"


def test_at_the_specialist_tier_the_lead_works_and_the_grid_keeps_read_access(client, town, case):
    worker = town.a.grid_worker
    case_accept(case_id=case.pk, actor=worker)
    case_escalate(case_id=case.pk, actor=worker, reason="分歧较大")
    case.refresh_from_db()
    payload = {**PAYLOAD["settle"], "version": case.version}
    for user, status in [
        (town.a.grid_worker, 403),  # an earlier tier: reads, may not act
        (town.a.grid_mediator, 403),
        (town.a.partner, 404),  # the centre's partner sees the centre's cases only
        (town.b.lead, 404),
    ]:
        client.force_login(user)
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code == (
            200 if status == 403 else 404
        )
        url = reverse("api:case-settle", args=[case.pk])
        assert client.post(url, payload, content_type="application/json").status_code == status
    client.force_login(town.a.lead)
    url = reverse("api:case-settle", args=[case.pk])
    assert client.post(url, payload, content_type="application/json").status_code == 200
    assert Case.objects.get(pk=case.pk).status == "settled"


def test_the_joint_centre_cannot_escalate_and_its_partner_only_reads(client, town, case):
    worker = town.a.grid_worker
    case_accept(case_id=case.pk, actor=worker)
    case_escalate(case_id=case.pk, actor=worker, reason="分歧较大")
    case_escalate(case_id=case.pk, actor=town.a.lead, reason="需要联调")
    case.refresh_from_db()
    assert case.tier == "joint_centre"
    client.force_login(town.a.partner)
    response = client.post(
        reverse("api:case-settle", args=[case.pk]),
        PAYLOAD["settle"],
        content_type="application/json",
    )
    assert response.status_code == 403
    client.force_login(town.a.coordinator)
    response = client.post(
        reverse("api:case-escalate", args=[case.pk]),
        PAYLOAD["escalate"],
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "调解中心" in response.json()["detail"]


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_the_page_shows_only_the_moves_allowed_and_the_server_refuses_the_rest(
    client, town, case, everyone, persona
):
    client.force_login(everyone[persona])
    response = client.get(reverse("cases:detail", args=[case.pk]))
    expected = EXPECTED[persona]
    assert response.status_code == (404 if expected == 404 else 200)
    if expected == 404:
        return
    html = response.content.decode()
    accept_url = reverse("cases:move", args=[case.pk, "accept"])
    assert (accept_url in html) is (expected == 200)
    # posting the hidden action anyway is refused and changes nothing
    response = client.post(accept_url, {"version": case.version})
    if expected == 200:
        assert response.status_code == 302
        assert Case.objects.get(pk=case.pk).status == "in_mediation"
    else:
        assert response.status_code == 403
        assert Case.objects.get(pk=case.pk).status == "registered"


def test_a_second_escalation_from_an_old_page_is_refused_once(client, town, case):
    """Two mediators escalate at once: the second sees the refusal and still has their text."""
    worker = town.a.grid_worker
    case_accept(case_id=case.pk, actor=worker)
    case.refresh_from_db()
    seen_version = case.version
    case_escalate(case_id=case.pk, actor=worker, reason="另一位调解员先上报了")
    client.force_login(town.a.grid_mediator)
    reason = "业主情绪激动，双方对费用分歧很大<script>alert(1)</script>"
    response = client.post(
        reverse("cases:move", args=[case.pk, "escalate"]),
        {"version": seen_version, "reason": reason},
    )
    # the version check comes first: refused as stale, with the reason shown on the page
    assert response.status_code == 409
    assert "该案件刚刚被他人更新" in response.content.decode()
    case.refresh_from_db()
    assert case.tier == "specialist"
    assert case.events.filter(kind="escalate").count() == 1


def test_a_stale_move_on_the_page_shows_the_reason_back(client, town, case):
    worker = town.a.grid_worker
    case_accept(case_id=case.pk, actor=worker)
    case.refresh_from_db()
    seen_version = case.version
    case_assign(case_id=case.pk, actor=worker, user=town.a.grid_mediator)  # bumps the version
    client.force_login(worker)
    reason = "业主情绪激动，双方对费用分歧很大<b>"
    response = client.post(
        reverse("cases:move", args=[case.pk, "escalate"]),
        {"version": seen_version, "reason": reason},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "业主情绪激动，双方对费用分歧很大&lt;b&gt;</textarea>" in html
    assert "该案件刚刚被他人更新" in html  # the reason for the refusal, next to the form
    assert Case.objects.get(pk=case.pk).tier == "grid"
