"""One case, one file: no page or endpoint changes or deletes a record entry; corrections are
new entries shown linked to what they correct; back-to-back notes never reach the other side."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from cases.models import CaseEvent
from cases.selectors import events_for_side
from cases.services.parties import party_correct
from cases.services.work import session_record

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_no_endpoint_changes_or_deletes_a_record_entry(client, town, case):
    event = case.events.first()
    client.force_login(town.a.grid_worker)
    base = reverse("api:case-event-list", args=[case.pk])
    assert client.get(base).status_code == 200
    for method in ("put", "patch", "delete"):
        response = getattr(client, method)(
            f"{base}{event.pk}/", {"summary": "篡改"}, content_type="application/json"
        )
        assert response.status_code in (404, 405), method
        response = getattr(client, method)(
            base, {"summary": "篡改"}, content_type="application/json"
        )
        assert response.status_code == 405, method
    assert (
        client.post(base, {"summary": "伪造"}, content_type="application/json").status_code == 405
    )
    assert CaseEvent.objects.get(pk=event.pk).summary == event.summary


def test_the_admin_cannot_change_or_delete_a_record_entry(client, town, case):
    from tests.factories.mediators import UserFactory

    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    event = case.events.first()
    change = reverse("admin:cases_caseevent_change", args=[event.pk])
    assert client.post(change, {"summary": "篡改"}).status_code in (302, 403)
    delete = reverse("admin:cases_caseevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert CaseEvent.objects.get(pk=event.pk).summary == event.summary
    assert CaseEvent.objects.filter(pk=event.pk).exists()


def test_every_page_request_that_could_write_needs_post(client, town, case):
    client.force_login(town.a.grid_worker)
    for name, args in [
        ("cases:move", [case.pk, "accept"]),
        ("cases:work", [case.pk, "session"]),
        ("cases:grade", [case.pk]),
        ("cases:assign", [case.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 405


def test_a_correction_points_at_the_original_and_the_page_links_them(client, town, case):
    applicant = case.parties.get(side="applicant")
    party_correct(
        case_id=case.pk,
        party_id=applicant.pk,
        actor=town.a.grid_worker,
        changes={"name": "李隆"},
        reason="登记时写错了字",
    )
    correction = case.events.get(kind="party_corrected")
    original = case.events.get(kind="registered")
    assert correction.corrects == original
    assert correction.detail["before"] == {"name": "李龙"}
    assert correction.detail["after"] == {"name": "李隆"}
    assert CaseEvent.objects.get(pk=original.pk).summary == original.summary  # untouched
    client.force_login(town.a.grid_worker)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert f'href="#event-{original.pk}"' in html
    assert "当事人信息更正" in html  # the kind, labelled in Chinese


@pytest.fixture
def two_sided_case(town, working_case):
    case = working_case
    for side, minutes in (
        ("applicant", "申请人愿意分期缴费"),
        ("respondent", "物业底线是减免一个月"),
    ):
        session_record(
            case_id=case.pk,
            actor=town.a.grid_mediator,
            held_at=datetime(2026, 5, 1, 10, tzinfo=SHANGHAI),
            place="工作站",
            mode="back_to_back",
            side=side,
            participants="x",
            minutes=minutes,
        )
    session_record(
        case_id=case.pk,
        actor=town.a.grid_mediator,
        held_at=datetime(2026, 5, 2, 10, tzinfo=SHANGHAI),
        place="工作站",
        mode="joint",
        participants="双方",
        minutes="双方同意下周签协议",
    )
    return case


def test_back_to_back_notes_never_reach_the_other_side(two_sided_case):
    applicant_view = " ".join(
        events_for_side(two_sided_case, "applicant").values_list("summary", flat=True)
    )
    respondent_view = " ".join(
        events_for_side(two_sided_case, "respondent").values_list("summary", flat=True)
    )
    assert "申请人愿意分期缴费" in applicant_view and "物业底线" not in applicant_view
    assert "物业底线是减免一个月" in respondent_view and "分期缴费" not in respondent_view
    assert "双方同意下周签协议" in applicant_view and "双方同意下周签协议" in respondent_view
    # internal entries (routing, assignment) are for staff only
    assert "routed" not in set(
        events_for_side(two_sided_case, "applicant").values_list("kind", flat=True)
    )


def test_the_printed_file_for_one_side_leaves_the_other_sides_notes_out(
    client, town, two_sided_case
):
    client.force_login(town.a.grid_mediator)
    html = client.get(
        reverse("cases:record-side", args=[two_sided_case.pk, "applicant"])
    ).content.decode()
    assert "申请人愿意分期缴费" in html
    assert "物业底线" not in html
    assert "双方同意下周签协议" in html
    # the mediators' page shows both
    page = client.get(reverse("cases:detail", args=[two_sided_case.pk])).content.decode()
    assert "申请人愿意分期缴费" in page and "物业底线是减免一个月" in page
