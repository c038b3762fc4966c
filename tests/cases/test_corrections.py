"""Correcting a session, a contact attempt or an interim measure, through the page and the
API: the row takes the new values, the original record entry stays as written and shows as
corrected, the correction entry points at it with its reason; only those who may record the
work may correct it."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseEvent, ContactAttempt, InterimMeasure, MediationSession
from cases.services.invitations import case_invite
from cases.services.work import contact_record, interim_measure_record, session_record


def _held():
    return timezone.make_aware(datetime(2026, 5, 6, 9, 30))


@pytest.fixture
def session(town, working_case):
    return session_record(
        case_id=working_case.pk,
        actor=town.a.grid_mediator,
        held_at=_held(),
        place="工作站",
        mode="joint",
        participants="双方",
        minutes="物业同意三日内修复水泵",
        private_note="物业经理态度强硬",
    )


@pytest.fixture
def contact(town, working_case):
    return contact_record(
        case_id=working_case.pk,
        actor=town.a.grid_mediator,
        method="phone",
        result="no_answer",
        note="下午再打",
    )


@pytest.fixture
def measure(town, working_case):
    return interim_measure_record(
        case_id=working_case.pk,
        actor=town.a.grid_mediator,
        taken_on=date(2026, 5, 2),
        measure="当天充值水卡50元",
        responsible="物业",
    )


def _correct_url(case, kind, row):
    return reverse("cases:work-correct", args=[case.pk, kind, row.pk])


def test_a_session_is_corrected_from_the_case_page_and_the_original_kept(
    client, town, working_case, session, expert_user
):
    client.force_login(town.a.grid_mediator)
    url = _correct_url(working_case, "sessions", session)
    form = client.get(url, headers={"HX-Request": "true"})
    assert form.status_code == 200
    html = form.content.decode()
    assert "物业同意三日内修复水泵" in html and 'name="reason"' in html and "<html" not in html
    assert 'name="mode"' not in html  # who may read the entry follows the mode: not corrected
    response = client.post(
        url,
        {
            "held_at": "2026-05-06T09:30",
            "place": "工作站",
            "participants": "双方",
            "minutes": "物业同意五日内修复水泵",
            "private_note": "物业经理态度有所缓和",
            "reason": "笔录把五日误记为三日",
        },
    )
    assert response.status_code == 302 and response.url.endswith("#sessions")
    session.refresh_from_db()
    assert session.minutes == "物业同意五日内修复水泵"
    assert session.private_note == "物业经理态度有所缓和"
    original = working_case.events.get(kind="session")
    assert "物业同意三日内修复水泵" in original.summary  # the record keeps what was written
    correction = working_case.events.get(kind="correction")
    assert correction.corrects == original and correction.actor == town.a.grid_mediator
    assert (correction.visibility, correction.side) == (original.visibility, original.side)
    assert correction.detail["reason"] == "笔录把五日误记为三日"
    assert correction.detail["before"]["minutes"] == "物业同意三日内修复水泵"
    assert "物业同意五日内修复水泵" in correction.summary
    assert "态度" not in correction.summary  # the private note is named, never quoted
    page = client.get(reverse("cases:detail", args=[working_case.pk])).content.decode()
    assert "<del>物业同意三日内修复水泵</del>" in page and "笔录把五日误记为三日" in page
    assert "<del>物业经理态度强硬</del>" in page
    # an invited expert reads the correction, never the note's earlier text
    case_invite(case_id=working_case.pk, actor=town.a.grid_mediator, user=expert_user, reason="x")
    client.force_login(expert_user)
    page = client.get(reverse("cases:detail", args=[working_case.pk])).content.decode()
    assert "<del>物业同意三日内修复水泵</del>" in page
    assert "态度强硬" not in page and "态度有所缓和" not in page


def test_a_contact_attempt_is_corrected_through_the_api(client, town, working_case, contact):
    client.force_login(town.a.grid_mediator)
    party = working_case.parties.first()
    url = reverse("api:case-contact-correct", args=[working_case.pk, contact.pk])
    response = client.post(
        url,
        {"result": "reached", "party_id": party.pk, "note": "已接通", "reason": "记错了结果"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["result"] == "reached"
    contact.refresh_from_db()
    assert (contact.result, contact.party, contact.note) == ("reached", party, "已接通")
    original = working_case.events.get(kind="contact")
    correction = working_case.events.get(kind="correction")
    assert correction.corrects == original and "下午再打" in original.summary
    assert correction.detail["before"] == {
        "party_id": None,
        "result": "no_answer",
        "note": "下午再打",
    }
    page = client.get(reverse("cases:detail", args=[working_case.pk])).content.decode()
    assert "<del>无人接听</del>" in page and "记错了结果" in page


def test_an_interim_measure_is_corrected_on_the_page_and_in_the_api(
    client, town, working_case, measure
):
    client.force_login(town.a.grid_mediator)
    response = client.post(
        _correct_url(working_case, "measures", measure),
        {"taken_on": "2026-05-02", "measure": "当天充值水卡100元", "reason": "金额记错"},
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.measure == "当天充值水卡100元" and measure.responsible == ""
    api = reverse("api:case-interim-measure-correct", args=[working_case.pk, measure.pk])
    response = client.post(
        api, {"responsible": "物业客服部", "reason": "补记执行人"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["responsible"] == "物业客服部"
    corrections = list(working_case.events.filter(kind="correction").order_by("id"))
    original = working_case.events.get(kind="interim_measure")
    assert [c.corrects for c in corrections] == [original, original]
    assert "当天充值水卡50元" in original.summary
    assert corrections[0].visibility == CaseEvent.Visibility.PARTIES


def test_a_correction_needs_a_reason_and_a_change(client, town, working_case, session):
    client.force_login(town.a.grid_mediator)
    api = reverse("api:case-session-correct", args=[working_case.pk, session.pk])
    response = client.post(api, {"minutes": "改了"}, content_type="application/json")
    assert response.status_code == 400 and "reason" in response.json()
    response = client.post(
        api, {"minutes": session.minutes, "reason": "无"}, content_type="application/json"
    )
    assert response.status_code == 400
    response = client.post(api, {"minutes": " ", "reason": "清空"}, content_type="application/json")
    assert response.status_code == 400
    page = client.post(
        _correct_url(working_case, "sessions", session),
        {"held_at": "2026-05-06T09:30", "place": "工作站", "participants": "双方",
         "minutes": "改了"},
    )  # fmt: skip
    assert page.status_code == 400 and "改了" in page.content.decode()
    session.refresh_from_db()
    assert session.minutes == "物业同意三日内修复水泵"
    assert not working_case.events.filter(kind="correction").exists()


@pytest.mark.parametrize(
    "persona, page_status, api_status",
    [
        ("invited_expert", 403, 403),
        ("partner", 403, 403),
        ("supervisor", 403, 403),
        ("mediator_elsewhere", 404, 404),
    ],
)
def test_who_may_not_record_the_work_may_not_correct_it(
    client, town, working_case, session, contact, measure, expert_user, persona, page_status,
    api_status,
):  # fmt: skip
    for guest in (expert_user, town.a.partner):
        case_invite(case_id=working_case.pk, actor=town.a.grid_mediator, user=guest, reason="x")
    user = {
        "invited_expert": expert_user,
        "partner": town.a.partner,
        "supervisor": town.a.supervisor,
        "mediator_elsewhere": town.b.grid_mediator,
    }[persona]
    client.force_login(user)
    for kind, api_name, row, data in (
        ("sessions", "case-session", session, {"minutes": "篡改"}),
        ("contacts", "case-contact", contact, {"note": "篡改"}),
        ("measures", "case-interim-measure", measure, {"measure": "篡改"}),
    ):
        url = _correct_url(working_case, kind, row)
        assert client.get(url).status_code == page_status
        assert client.post(url, {**data, "reason": "x"}).status_code == page_status
        api = reverse(f"api:{api_name}-correct", args=[working_case.pk, row.pk])
        response = client.post(api, {**data, "reason": "x"}, content_type="application/json")
        assert response.status_code == api_status
    assert MediationSession.objects.get().minutes == "物业同意三日内修复水泵"
    assert ContactAttempt.objects.get().note == "下午再打"
    assert InterimMeasure.objects.get().measure == "当天充值水卡50元"
    assert not working_case.events.filter(kind="correction").exists()


def test_a_row_of_another_case_is_not_found(client, town, working_case, session):
    from tests.factories.cases import make_working_case

    other = make_working_case(town)
    client.force_login(town.a.grid_mediator)
    url = reverse("cases:work-correct", args=[other.pk, "sessions", session.pk])
    assert client.get(url).status_code == 404
    api = reverse("api:case-session-correct", args=[other.pk, session.pk])
    response = client.post(api, {"minutes": "x", "reason": "x"}, content_type="application/json")
    assert response.status_code == 404
