"""Tracking: the code and the mobile's last four digits open the resident's view of the case
(shared steps only), kept in the session for adding information and withdrawing."""

import pytest
from django.urls import reverse

from cases.models import CaseEvent
from cases.services.assignment import case_assign
from cases.services.record import event_record
from cases.tracking import display
from intake.models import Addition, Upload
from intake.panels import _PANELS, TrackingPanel, register
from notifications.models import Notification
from tests.factories.cases import make_case
from tests.factories.intake import confirmed_case, disguised, photo

TRACK = reverse("intake:track")


def _look_up(client, case, last4="5678"):
    return client.post(TRACK, {"code": display(case.tracking_code), "mobile_last4": last4})


@pytest.fixture
def web_case(town):
    return confirmed_case(town.a.compound, mobile="13912345678")


def test_the_code_and_mobile_digits_open_the_case(client, web_case):
    response = _look_up(client, web_case)
    assert response.status_code == 302
    assert response.url == reverse("intake:track-case", args=[web_case.tracking_code])
    html = client.get(response.url).content.decode()
    assert web_case.reference in html
    assert "已登记" in html  # the status
    assert web_case.team.name in html


def test_a_code_typed_in_lower_case_with_look_alikes_is_understood(client, web_case):
    typed = web_case.tracking_code.lower().replace("0", "o").replace("1", "l")
    assert _look_up_raw(client, typed).status_code == 302


def _look_up_raw(client, code, last4="5678"):
    return client.post(TRACK, {"code": code, "mobile_last4": last4})


def test_a_mistyped_code_is_caught_by_its_check_character(client, web_case):
    code = web_case.tracking_code
    # One character wrong: Luhn mod 32 catches every single substitution (a swap of two
    # neighbours is caught too, except the pair 0/Z, so a random code cannot test swaps).
    typo = ("1" if code[3] != "1" else "2").join([code[:3], code[4:]])
    html = _look_up_raw(client, typo).content.decode()
    assert "这不是有效的查询码" in html


def test_a_wrong_phone_and_an_unknown_code_get_the_same_answer(client, web_case):
    wrong_phone = _look_up(client, web_case, last4="0000")
    from cases.tracking import new_tracking_code

    unknown = _look_up_raw(client, new_tracking_code())
    assert wrong_phone.status_code == unknown.status_code == 200
    message = "没有与该查询码和手机号码相符的投诉"
    assert message in wrong_phone.content.decode() and message in unknown.content.decode()
    assert "intake_tracking" not in client.session


def test_the_page_shows_shared_steps_and_the_filers_side_only(client, web_case):
    shared = event_record(
        case=web_case,
        kind="note",
        summary="双方约定下周三面谈",
        visibility=CaseEvent.Visibility.PARTIES,
    )
    mine = event_record(
        case=web_case,
        kind="note",
        summary="背对背：申请人同意分期",
        visibility=CaseEvent.Visibility.SIDE,
        side="applicant",
    )
    theirs = event_record(
        case=web_case,
        kind="note",
        summary="背对背：物业底线是减免三成",
        visibility=CaseEvent.Visibility.SIDE,
        side="respondent",
    )
    internal = event_record(case=web_case, kind="note", summary="内部：该业主情绪激动")
    _look_up(client, web_case)
    html = client.get(reverse("intake:track-case", args=[web_case.tracking_code])).content
    html = html.decode()
    assert shared.summary in html and mine.summary in html
    assert theirs.summary not in html and internal.summary not in html
    # the routing reason is an internal entry too
    routed = web_case.events.get(kind="routed")
    assert routed.summary not in html


def test_without_a_lookup_the_page_sends_the_visitor_to_the_form(client, web_case):
    response = client.get(reverse("intake:track-case", args=[web_case.tracking_code]))
    assert response.status_code == 302 and response.url == TRACK
    response = client.post(
        reverse("intake:track-add", args=[web_case.tracking_code]), {"text": "x"}
    )
    assert response.status_code == 302 and not Addition.objects.exists()


def test_the_resident_adds_information_and_photos(client, web_case, town, on_commit):
    case_assign(case_id=web_case.pk, actor=town.a.grid_worker, user=town.a.grid_mediator)
    _look_up(client, web_case)
    url = reverse("intake:track-add", args=[web_case.tracking_code])
    with on_commit():
        response = client.post(
            url, {"text": "今天又漏水了，附上照片。", "photos": [photo("漏水.png")]}
        )
    assert response.status_code == 302
    addition = Addition.objects.get()
    assert addition.case == web_case and addition.text == "今天又漏水了，附上照片。"
    assert [u.name for u in addition.uploads.all()] == ["漏水.png"]
    event = addition.event
    assert event.kind == "applicant_added" and event.visibility == "parties"
    assert "今天又漏水了" in event.summary
    # the mediator is told
    assert Notification.objects.filter(user=town.a.grid_mediator, source=f"event:{event.pk}")
    # and the resident sees it among the steps
    html = client.get(response.url).content.decode()
    assert "申请人补充了材料" in html and "漏水.png" in html


def test_an_unassigned_cases_team_hears_of_an_addition(client, web_case, town, on_commit):
    _look_up(client, web_case)
    with on_commit():
        client.post(reverse("intake:track-add", args=[web_case.tracking_code]), {"text": "补充"})
    assert Notification.objects.filter(user=town.a.grid_worker, case=web_case).count() >= 1


def test_an_addition_with_a_bad_file_keeps_the_text_and_adds_nothing(client, web_case):
    _look_up(client, web_case)
    response = client.post(
        reverse("intake:track-add", args=[web_case.tracking_code]),
        {"text": "补充说明", "photos": [disguised()]},
    )
    html = response.content.decode()
    assert "不是照片" in html and "补充说明" in html
    assert not Addition.objects.exists()


def test_an_additions_files_count_against_the_address_by_their_bytes(client, web_case, settings):
    """Issue 19, item 4: the tracking page's files count like the complaint form's."""
    settings.INTAKE_UPLOAD_BYTES_RATE_IP = f"{photo().size}/h"
    _look_up(client, web_case)
    response = client.post(
        reverse("intake:track-add", args=[web_case.tracking_code]),
        {"text": "补充说明", "photos": [photo("a.png"), photo("b.png")]},
    )
    html = response.content.decode()
    assert "尝试次数过多" in html and "补充说明" in html
    assert not Addition.objects.exists() and not Upload.objects.exists()


def test_an_empty_addition_is_refused(client, web_case):
    _look_up(client, web_case)
    html = client.post(
        reverse("intake:track-add", args=[web_case.tracking_code]), {"text": "  "}
    ).content.decode()
    assert "请填写补充内容或添加文件" in html


def test_the_resident_withdraws(client, web_case):
    _look_up(client, web_case)
    url = reverse("intake:track-withdraw", args=[web_case.tracking_code])
    assert "撤回投诉的原因" in client.get(url).content.decode()
    assert "请简要说明原因" in client.post(url, {"reason": ""}).content.decode()
    response = client.post(url, {"reason": "已与物业协商解决"})
    assert response.status_code == 302
    web_case.refresh_from_db()
    assert web_case.status == "withdrawn" and web_case.outcome == "withdrawn"
    event = web_case.events.get(kind="withdraw")
    assert event.actor is None and event.detail["by_applicant"] is True
    html = client.get(response.url).content.decode()
    assert "已撤回" in html
    assert url not in html  # no withdraw button any more
    assert "补充材料或照片" not in html  # nor adding to a concluded case
    # a second time is refused
    html = client.post(url, {"reason": "again"}, follow=True).content.decode()
    assert web_case.events.filter(kind="withdraw").count() == 1


def test_the_resident_downloads_their_own_files_only(client, web_case, town):
    other = confirmed_case(town.a.compound, mobile="13700000000")
    client.post(reverse("intake:complaint-new"), {"photos": [photo("别人.png")], "action": "find"})
    foreign = Upload.objects.get(name="别人.png")
    foreign.addition = Addition.objects.create(case=other, text="x")
    foreign.draft = ""
    foreign.save()
    _look_up(client, web_case)
    url = reverse("intake:track-file", args=[web_case.tracking_code, foreign.pk])
    assert client.get(url).status_code == 404


def test_other_apps_add_sections_through_the_panel_registry(client, web_case):
    register(TrackingPanel("test-next", "intake/panels/tracking_files.html", lambda r, c: None))
    register(
        TrackingPanel(
            "test-shown",
            "intake/panels/tracking_files.html",
            lambda r, c: {"uploads": [], "marker": c.reference},
            order=10,
        )
    )
    try:
        _look_up(client, web_case)
        response = client.get(reverse("intake:track-case", args=[web_case.tracking_code]))
        names = [p["name"] for p in response.context["panels"]]
        assert names == ["test-shown"]  # hidden ones are left out; intake's own has no files
    finally:
        _PANELS.pop("test-next")
        _PANELS.pop("test-shown")


def test_a_hotline_case_is_tracked_by_its_applicants_mobile(client, town):
    case = make_case(compound=town.a.compound, applicant_mobile="13812345678")
    assert _look_up(client, case, last4="5678").status_code == 302


def test_the_case_page_lists_what_the_resident_sent(
    client, web_case, town, django_assert_num_queries
):
    from intake.apps import _case_files_panel

    _look_up(client, web_case)
    for i in range(3):
        client.post(
            reverse("intake:track-add", args=[web_case.tracking_code]),
            {"text": f"补充{i}", "photos": [photo(f"p{i}.png", text=str(i))]},
        )
    with django_assert_num_queries(2):
        # 1: the files of the complaint and of its additions; 2: the additions
        panel = _case_files_panel(None, web_case)
    assert [u.name for u in panel["uploads"]] == ["p0.png", "p1.png", "p2.png"]
    client.force_login(town.a.grid_mediator)
    html = client.get(reverse("cases:detail", args=[web_case.pk])).content.decode()
    assert "申请人提交的材料" in html and "补充2" in html
    download = client.get(reverse("intake:file-download", args=[panel["uploads"][0].pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")


@pytest.mark.parametrize("persona", ["mediator_elsewhere", "supervisor_elsewhere"])
def test_a_residents_file_is_not_found_for_those_who_may_not_see_the_case(
    client, web_case, town, persona
):
    _look_up(client, web_case)
    client.post(reverse("intake:track-add", args=[web_case.tracking_code]), {"photos": [photo()]})
    upload = Upload.objects.get()
    user = {"mediator_elsewhere": town.b.grid_mediator, "supervisor_elsewhere": town.b.supervisor}
    client.force_login(user[persona])
    assert client.get(reverse("intake:file-download", args=[upload.pk])).status_code == 404


def test_a_draft_file_is_downloadable_by_nobody(client, town):
    client.post(reverse("intake:complaint-new"), {"photos": [photo()], "action": "find"})
    client.force_login(town.a.grid_mediator)
    upload = Upload.objects.get()
    assert client.get(reverse("intake:file-download", args=[upload.pk])).status_code == 404


def test_the_resident_sees_that_sessions_took_place_never_their_minutes(client, web_case, town):
    """The minutes stay in the staff's file: a session shows on the tracking page and in its
    API only as its date and kind (issue 19: the applicant's own back-to-back words were there
    word for word)."""
    from datetime import datetime

    from django.utils import timezone
    from rest_framework.test import APIClient

    from cases.services.corrections import session_correct
    from cases.services.moves import case_accept
    from cases.services.work import session_record

    case_accept(case_id=web_case.pk, actor=town.a.grid_worker)
    case_assign(case_id=web_case.pk, actor=town.a.grid_worker, user=town.a.grid_mediator)
    held = timezone.make_aware(datetime(2026, 5, 6, 9, 30))
    minutes = {
        "joint": "双方同意物业先修屋顶再谈物业费",
        "back_to_back": "申请人私下表示最多接受减免两成",
    }
    for mode, words in minutes.items():
        session = session_record(
            case_id=web_case.pk,
            actor=town.a.grid_mediator,
            held_at=held,
            place="居委会调解室",
            mode=mode,
            side="applicant" if mode == "back_to_back" else "",
            participants="申请人张三、物业经理李四",
            minutes=words,
        )
    # a correction's new minutes stay in the staff's file as well
    session_correct(
        case_id=web_case.pk,
        session_id=session.pk,
        actor=town.a.grid_mediator,
        changes={"minutes": "申请人私下表示最多接受减免三成"},
        reason="记错比例",
    )
    minutes["corrected"] = "申请人私下表示最多接受减免三成"
    _look_up(client, web_case)
    html = client.get(reverse("intake:track-case", args=[web_case.tracking_code])).content
    html = html.decode()
    tracked = APIClient().post(
        "/api/intake/track/", {"code": web_case.tracking_code, "mobile_last4": "5678"}
    )
    assert tracked.status_code == 200
    api_text = str(tracked.json())
    for words in minutes.values():
        assert words not in html and words not in api_text
    for text in (html, api_text):
        assert "李四" not in text and "居委会调解室" not in text
        assert "2026-05-06举行了一次面对面调解" in text
        assert "2026-05-06与您一方进行了背对背调解" in text
    assert [s["kind"] for s in tracked.json()["steps"]].count("session") == 2
    assert "2026-05-06调解的记录已更正" in html and "记错比例" not in html
