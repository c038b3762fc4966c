"""Work on a case through the page and the API: each makes its row and its record entry;
uploads are checked by content and kept private; the expert records the assessment."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases.models import (
    ContactAttempt,
    Evidence,
    ExpertAssessment,
    InterimMeasure,
    JointMeeting,
    LegalOpinion,
    MediationSession,
)
from cases.selectors import duplicate_candidates
from cases.services.links import case_link
from cases.services.work import assessment_request
from core.errors import Refused
from mediators.models import Expert
from tests.factories.cases import make_case, png_bytes

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def _post(client, case, form, data):
    return client.post(reverse("cases:work", args=[case.pk, form]), data)


@pytest.mark.parametrize(
    "form, data, model, kind",
    [
        (
            "contact",
            {
                "method": "phone",
                "result": "reached",
                "contacted_at": "2026-05-01T09:30",
                "note": "约好面谈",
            },
            ContactAttempt,
            "contact",
        ),
        (
            "session",
            {
                "held_at": "2026-05-01T09:30",
                "place": "工作站",
                "mode": "joint",
                "participants": "双方",
                "minutes": "初步一致",
            },
            MediationSession,
            "session",
        ),
        (
            "measure",
            {"taken_on": "2026-05-01", "measure": "当天充值水卡", "responsible": "物业"},
            InterimMeasure,
            "interim_measure",
        ),
        (
            "opinion",
            {"opinion": "不得以欠费为由停水", "legal_basis": "民法典第944条"},
            LegalOpinion,
            "opinion",
        ),
        (
            "meeting",
            {
                "held_at": "2026-05-01T09:30",
                "place": "中心",
                "attendees": "王警官, 派出所\n刘法官，人民法庭",
                "decisions": "房管办核查",
                "actions": "核查合同 | 房管办 | 2026-05-08\n通知双方 | 调解员",
            },
            JointMeeting,
            "joint_meeting",
        ),
    ],
)
def test_work_recorded_from_the_page(client, town, working_case, form, data, model, kind):
    client.force_login(town.a.grid_mediator)
    response = _post(client, working_case, form, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    row = model.objects.get(case=working_case)
    event = working_case.events.filter(kind=kind).get()
    assert event.actor == town.a.grid_mediator
    assert str(row.pk) in str(event.detail.values())
    page = client.get(reverse("cases:detail", args=[working_case.pk])).content.decode()
    assert event.summary.split(":")[0][:10] in page


def test_a_joint_meeting_keeps_attendees_and_action_items(client, town, working_case):
    client.force_login(town.a.grid_mediator)
    _post(
        client,
        working_case,
        "meeting",
        {
            "held_at": "2026-05-01T09:30",
            "place": "中心",
            "attendees": "王警官, 派出所\n刘法官，人民法庭",
            "decisions": "房管办核查",
            "actions": "核查合同 | 房管办 | 2026-05-08\n通知双方 | 调解员",
        },
    )
    meeting = JointMeeting.objects.get(case=working_case)
    assert meeting.attendees == [
        {"name": "王警官", "organisation": "派出所"},
        {"name": "刘法官", "organisation": "人民法庭"},
    ]
    actions = list(meeting.actions.order_by("id").values_list("description", "owner", "due_on"))
    assert actions[0] == ("核查合同", "房管办", timezone.datetime(2026, 5, 8).date())
    assert actions[1][2] is None
    item = meeting.actions.first()
    client.post(reverse("cases:action-done", args=[working_case.pk, item.pk]))
    item.refresh_from_db()
    assert item.done_at is not None
    assert working_case.events.filter(kind="action_done").count() == 1


def test_bad_input_comes_back_with_messages_and_everything_typed(client, town, working_case):
    client.force_login(town.a.grid_mediator)
    response = _post(
        client,
        working_case,
        "session",
        {
            "held_at": "2026-05-01T09:30",
            "place": "工作站",
            "mode": "back_to_back",
            "participants": "申请人",
            "minutes": "申请人情绪激动，要求先恢复供水",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_side_error"' in html
    assert "申请人情绪激动，要求先恢复供水</textarea>" in html
    assert '<details class="work" id="session" open>' in html
    assert not MediationSession.objects.exists()
    response = _post(
        client,
        working_case,
        "meeting",
        {
            "held_at": "2026-05-01T09:30",
            "place": "中心",
            "attendees": "王警官",
            "decisions": "x",
            "actions": "核查合同 | 房管办 | 下周",
        },
    )
    assert response.status_code == 400
    assert "2026-05-31" in response.content.decode()


def test_a_back_to_back_session_is_recorded_for_its_side_only(client, town, working_case):
    client.force_login(town.a.grid_mediator)
    response = _post(
        client,
        working_case,
        "session",
        {
            "held_at": "2026-05-01T09:30",
            "place": "工作站",
            "mode": "back_to_back",
            "side": "respondent",
            "participants": "物业经理",
            "minutes": "物业愿意减免一个月",
        },
    )
    assert response.status_code == 302
    event = working_case.events.get(kind="session")
    assert (event.visibility, event.side) == ("side", "respondent")


def test_work_is_refused_to_readers_and_on_a_closed_case(client, town, working_case):
    from cases.services.moves import case_close, case_settle

    client.force_login(town.a.supervisor)
    response = _post(
        client,
        working_case,
        "contact",
        {"method": "phone", "result": "reached", "contacted_at": "2026-05-01T09:30"},
    )
    assert response.status_code == 403
    case_settle(case_id=working_case.pk, actor=town.a.grid_worker, summary="x")
    case_close(case_id=working_case.pk, actor=town.a.grid_worker)
    client.force_login(town.a.grid_mediator)
    response = _post(client, working_case, "opinion", {"opinion": "x"})
    assert response.status_code == 409
    assert "已结案" in response.content.decode()
    assert not LegalOpinion.objects.exists()


def test_evidence_is_stored_privately_and_downloaded_through_the_access_check(
    client, town, working_case, private_storage
):
    client.force_login(town.a.grid_mediator)
    upload = SimpleUploadedFile("../../etc/现场.JPG", png_bytes(), content_type="image/jpeg")
    response = _post(client, working_case, "evidence", {"file": upload, "description": "渗水照片"})
    assert response.status_code == 302
    evidence = Evidence.objects.get(case=working_case)
    # typed by content (a PNG, whatever the name said), stored under a random name, privately
    assert (evidence.content_type, evidence.original_name) == ("image/png", "现场.png")
    path = private_storage / evidence.file.name
    assert path.read_bytes() == png_bytes()
    assert "现场" not in evidence.file.name and ".." not in evidence.file.name
    download = client.get(reverse("cases:evidence-download", args=[working_case.pk, evidence.pk]))
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "image/png"
    # an evidence id of another case is not reachable through this case
    other = make_case(compound=town.a.compound)
    assert (
        client.get(reverse("cases:evidence-download", args=[other.pk, evidence.pk])).status_code
        == 404
    )
    client.force_login(town.b.grid_mediator)
    assert (
        client.get(
            reverse("cases:evidence-download", args=[working_case.pk, evidence.pk])
        ).status_code
        == 404
    )


def test_an_exe_renamed_jpg_is_refused_on_the_page_and_in_the_api(
    client, town, working_case, private_storage
):
    client.force_login(town.a.grid_mediator)
    fake = SimpleUploadedFile("photo.jpg", EXE, content_type="image/jpeg")
    response = _post(client, working_case, "evidence", {"file": fake, "description": "照片"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_file_error"' in html and "photo.jpg" in html
    assert 'value="照片"' in html  # the description typed is kept
    fake = SimpleUploadedFile("photo.jpg", EXE, content_type="image/jpeg")
    response = client.post(
        reverse("api:case-evidence-list", args=[working_case.pk]),
        {"file": fake, "description": "照片"},
    )
    assert response.status_code == 400
    assert "photo.jpg" in response.json()["detail"]
    assert not Evidence.objects.exists()
    assert not working_case.events.filter(kind="evidence").exists()
    assert not any(private_storage.rglob("*.*")) if private_storage.exists() else True


def test_evidence_over_the_size_limit_is_refused(client, town, working_case, settings):
    settings.UPLOAD_MAX_BYTES = 100
    client.force_login(town.a.grid_mediator)
    response = _post(
        client,
        working_case,
        "evidence",
        {"file": SimpleUploadedFile("a.png", png_bytes() + b"\0" * 200), "description": "x"},
    )
    assert response.status_code == 400
    assert not Evidence.objects.exists()


def test_the_expert_is_invited_and_records_the_assessment(client, town, working_case, expert_user):
    from cases.checklist import CHECKLIST_CODES

    expert = Expert.objects.get(user=expert_user)
    client.force_login(town.a.grid_mediator)
    response = _post(
        client, working_case, "assessment", {"expert": expert.pk, "scope": "评估保洁和维修"}
    )
    assert response.status_code == 302
    assessment = ExpertAssessment.objects.get(case=working_case)
    url = reverse("cases:assessment", args=[working_case.pk, assessment.pk])
    # the mediator may not record it for the expert
    data = {f"score_{code}": 3 for code in CHECKLIST_CODES} | {"conclusion": "基本达标"}
    assert client.post(url, data).status_code == 403
    client.force_login(expert_user)
    assert client.get(reverse("cases:detail", args=[working_case.pk])).status_code == 200
    response = client.post(url, {**data, "score_cleaning": 9})
    assert response.status_code == 400 and 'value="9"' in response.content.decode()
    response = client.post(url, {**data, "score_cleaning": 1, "remark_cleaning": "楼道脏乱"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "submitted" and assessment.submitted_by == expert_user
    assert assessment.scores["cleaning"] == {"score": 1, "remark": "楼道脏乱"}
    assert float(assessment.total) == round(
        (1 + 3 * (len(CHECKLIST_CODES) - 1)) * 100 / (5 * len(CHECKLIST_CODES)), 1
    )
    kinds = list(working_case.events.values_list("kind", flat=True))
    assert kinds[-3:] == ["assessment_requested", "invited", "assessment"]
    # once only
    assert client.post(url, data).status_code == 409


def test_the_api_records_work_and_refuses_an_outsider(client, town, working_case):
    url = reverse("api:case-interim-measure-list", args=[working_case.pk])
    payload = {"taken_on": "2026-05-01", "measure": "当天充值水卡"}
    client.force_login(town.b.grid_mediator)
    assert client.post(url, payload, content_type="application/json").status_code == 404
    client.force_login(town.a.grid_mediator)
    response = client.post(url, payload, content_type="application/json")
    assert response.status_code == 201
    assert client.get(url).json()["results"][0]["measure"] == "当天充值水卡"
    assert working_case.events.filter(kind="interim_measure").count() == 1
    meeting = client.post(
        reverse("api:case-joint-meeting-list", args=[working_case.pk]),
        {
            "held_at": "2026-05-01T09:30:00+08:00",
            "place": "中心",
            "attendees": [{"name": "王警官", "organisation": "派出所"}],
            "decisions": "核查",
            "actions": [{"description": "核查合同", "owner": "房管办", "due_on": "2026-05-08"}],
        },
        content_type="application/json",
    )
    assert meeting.status_code == 201
    assert meeting.json()["actions"][0]["owner"] == "房管办"


def test_linking_cases_records_on_both_files(client, town, working_case):
    other = make_case(compound=town.a.compound, channel="wechat")
    client.force_login(town.a.grid_worker)
    response = _post(
        client, working_case, "link", {"other_reference": other.reference, "kind": "duplicate"}
    )
    assert response.status_code == 302
    assert working_case.events.filter(kind="linked").count() == 1
    assert other.events.filter(kind="linked").count() == 1
    page = client.get(reverse("cases:detail", args=[working_case.pk])).content.decode()
    assert other.reference in page
    response = _post(
        client, working_case, "link", {"other_reference": other.reference, "kind": "duplicate"}
    )
    assert response.status_code == 409


def test_a_case_one_cannot_see_cannot_be_linked(town, working_case):
    hidden = make_case(compound=town.b.compound)
    with pytest.raises(Refused) as refused:
        case_link(
            case_id=working_case.pk,
            actor=town.a.grid_worker,
            other_reference=hidden.reference,
            kind="related",
        )
    assert refused.value.code == "invalid"


def test_duplicate_candidates_same_compound_and_phone_or_name_within_30_days(
    town, case, time_machine
):
    compound = town.a.compound
    same_name = make_case(compound=compound, applicant_name="赵敏", applicant_mobile="13900000000")
    elsewhere = make_case(compound=town.a.uncovered_compound)
    found = set(duplicate_candidates(compound, ["13812345678"], []).values_list("pk", flat=True))
    assert found == {case.pk}
    found = set(
        duplicate_candidates(compound, ["13812345678"], ["赵敏"]).values_list("pk", flat=True)
    )
    assert found == {case.pk, same_name.pk}
    assert elsewhere.pk not in found
    assert not duplicate_candidates(compound, [], []).exists()
    time_machine.move_to(timezone.now() + timedelta(days=31))
    assert not duplicate_candidates(compound, ["13812345678"], ["赵敏"]).exists()
    # scoped to what a user may see when asked
    assert not duplicate_candidates(compound, ["13812345678"], [], user=town.b.grid_worker).exists()


def test_assessment_request_refuses_an_unavailable_expert(town, working_case):
    expert = Expert.objects.create(name="不在岗专家", available=False)
    with pytest.raises(Refused):
        assessment_request(
            case_id=working_case.pk, actor=town.a.grid_worker, expert_id=expert.pk, scope="x"
        )


def test_a_sessions_private_note_is_for_those_who_work_the_case(client, town, working_case):
    """The mediators' own note: on the case page and in the API for those who work the case,
    never in the record entry (so never on the tracking page or a party's copy), and never for
    an invited expert or partner."""
    from cases.services.invitations import case_invite
    from tests.factories.mediators import ExpertFactory, UserFactory

    expert = UserFactory(name="周专家")
    ExpertFactory(user=expert, name=expert.name)
    for guest in (expert, town.a.partner):
        case_invite(case_id=working_case.pk, actor=town.a.grid_mediator, user=guest, reason="x")
    note = "申请人情绪不稳，下次先单独谈"
    client.force_login(town.a.grid_mediator)
    response = _post(
        client,
        working_case,
        "session",
        {
            "held_at": "2026-05-01T09:30",
            "place": "工作站",
            "mode": "joint",
            "participants": "双方",
            "minutes": "初步一致",
            "private_note": note,
        },
    )
    assert response.status_code == 302
    session = MediationSession.objects.get(case=working_case)
    assert session.private_note == note
    assert not working_case.events.filter(summary__contains="情绪不稳").exists()
    page = reverse("cases:detail", args=[working_case.pk])
    api = reverse("api:case-session-list", args=[working_case.pk])
    assert note in client.get(page).content.decode()
    assert client.get(api).json()["results"][0]["private_note"] == note
    for guest in (expert, town.a.partner):
        client.force_login(guest)
        html = client.get(page).content.decode()
        assert "初步一致" in html and note not in html
        rows = client.get(api).json()["results"]
        assert rows[0]["minutes"] == "初步一致" and "private_note" not in rows[0]
        events = client.get(reverse("api:case-event-list", args=[working_case.pk])).json()
        assert note not in str(events)
