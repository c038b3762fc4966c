"""Who sees what: the same rules for the page, the API, the lists and the downloads. An invited
expert sees that case and nothing else; a revoked invitation closes it again."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from guardian.shortcuts import get_perms

from cases.models import CaseEvent
from cases.selectors import case_list_for_user
from cases.services.invitations import case_invite, case_uninvite
from cases.services.work import evidence_add
from core.errors import Refused
from tests.factories.cases import make_case, png_bytes

SEES = {
    "grid_worker": True,
    "mediator_of_case": True,
    "mediator_elsewhere": False,
    "team_lead": False,
    "supervisor": True,
    "supervisor_elsewhere": False,
    "partner": False,
    "invited_expert": True,
}

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize("persona", list(SEES))
def test_page_api_list_and_download_agree_on_who_sees_a_case(
    client, town, working_case, persona, expert_user
):
    case = working_case
    case_invite(case_id=case.pk, actor=town.a.grid_worker, user=expert_user, reason="评估")
    evidence = evidence_add(
        case_id=case.pk,
        actor=town.a.grid_mediator,
        uploaded=SimpleUploadedFile("photo.png", png_bytes()),
        description="现场照片",
    )
    people = {
        "grid_worker": town.a.grid_worker,
        "mediator_of_case": town.a.grid_mediator,
        "mediator_elsewhere": town.b.grid_mediator,
        "team_lead": town.a.lead,
        "supervisor": town.a.supervisor,
        "supervisor_elsewhere": town.b.supervisor,
        "partner": town.a.partner,
        "invited_expert": expert_user,
    }
    client.force_login(people[persona])
    sees = SEES[persona]
    expected = 200 if sees else 404
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == expected
    assert client.get(reverse("api:case-detail", args=[case.pk])).status_code == expected
    assert client.get(reverse("api:case-event-list", args=[case.pk])).status_code == expected
    download = client.get(reverse("cases:evidence-download", args=[case.pk, evidence.pk]))
    assert download.status_code == expected
    if sees:
        assert b"".join(download.streaming_content) == png_bytes()
        assert download["Content-Disposition"].startswith("attachment")
    listed = [c["id"] for c in client.get(reverse("api:case-list")).json()["results"]]
    assert (case.pk in listed) is sees
    assert case_list_for_user(people[persona]).filter(pk=case.pk).exists() is sees


def test_an_invited_expert_sees_that_case_and_nothing_else(
    client, town, case, expert_user, django_capture_on_commit_callbacks
):
    other = make_case(compound=town.a.compound)
    with django_capture_on_commit_callbacks(execute=True):
        case_invite(
            case_id=case.pk, actor=town.a.grid_worker, user=expert_user, reason="服务质量评估"
        )
    assert get_perms(expert_user, case) == ["view_case"]
    client.force_login(expert_user)
    assert [c["id"] for c in client.get(reverse("api:case-list")).json()["results"]] == [case.pk]
    assert client.get(reverse("cases:detail", args=[other.pk])).status_code == 404
    inbox = client.get(reverse("cases:inbox")).content.decode()
    assert case.reference in inbox and other.reference not in inbox
    # reading is all: no move, no work
    response = client.post(
        reverse("api:case-session-list", args=[case.pk]),
        {
            "held_at": "2026-05-01T10:00",
            "place": "x",
            "mode": "joint",
            "participants": "x",
            "minutes": "x",
        },
        content_type="application/json",
    )
    assert response.status_code == 403
    invited = case.events.get(kind="invited")
    assert invited.detail["user_id"] == expert_user.pk and invited.actor == town.a.grid_worker
    from notifications.models import Notification

    note = Notification.objects.get(user=expert_user)
    assert case.reference in note.text and note.url == reverse("cases:detail", args=[case.pk])


def test_revoking_an_invitation_closes_the_case_again_and_is_recorded(
    client, town, case, expert_user
):
    case_invite(case_id=case.pk, actor=town.a.grid_worker, user=expert_user, reason="评估")
    client.force_login(town.a.grid_worker)
    response = client.post(reverse("cases:uninvite", args=[case.pk, expert_user.pk]))
    assert response.status_code == 302
    assert get_perms(expert_user, case) == []
    assert case.events.filter(kind="uninvited").count() == 1
    client.force_login(expert_user)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_only_experts_and_partners_can_be_invited_and_only_by_those_who_work_the_case(
    town, case, expert_user
):
    with pytest.raises(Refused) as refused:
        case_invite(
            case_id=case.pk, actor=town.a.grid_worker, user=town.b.grid_mediator, reason="x"
        )
    assert refused.value.code == "invalid"
    with pytest.raises(Refused) as refused:
        case_invite(case_id=case.pk, actor=town.a.supervisor, user=expert_user, reason="x")
    assert refused.value.code == "forbidden"
    with pytest.raises(Refused):
        case_uninvite(case_id=case.pk, actor=town.a.grid_worker, user=expert_user)
    assert not case.events.filter(kind__in=["invited", "uninvited"]).exists()


def test_invited_guests_do_not_read_one_sides_notes(client, town, working_case, expert_user):
    from cases.services.work import session_record

    case = working_case
    session_record(
        case_id=case.pk,
        actor=town.a.grid_mediator,
        held_at=datetime(2026, 5, 1, 10, tzinfo=SHANGHAI),
        place="工作站",
        mode="back_to_back",
        side="respondent",
        participants="物业经理",
        minutes="物业私下表示可以减免两个月物业费",
    )
    case_invite(case_id=case.pk, actor=town.a.grid_worker, user=expert_user, reason="评估")
    client.force_login(expert_user)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "减免两个月" not in page
    api = client.get(reverse("api:case-event-list", args=[case.pk])).content.decode()
    assert "减免两个月" not in api
    sessions = client.get(reverse("api:case-session-list", args=[case.pk])).json()["results"]
    assert sessions == []
    # the mediators and the supervisor read it
    for user in (town.a.grid_mediator, town.a.supervisor):
        client.force_login(user)
        assert "减免两个月" in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert CaseEvent.objects.filter(case=case, visibility="side", side="respondent").count() == 1
