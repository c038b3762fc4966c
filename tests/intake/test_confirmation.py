"""The SMS code (验证码): confirming registers the case in one transaction; wrong, expired and
repeated codes are refused; unconfirmed complaints are removed after a day."""

import os
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Party
from config.celery import app as celery_app
from core.errors import Refused
from intake.models import Complaint, Upload
from intake.services.complaints import (
    complaint_code_resend,
    complaint_confirm,
    complaints_expire,
)
from notifications import sms
from notifications.models import OutboundMessage
from tests.factories.intake import form_data, last_code, outbox_code, pending_complaint, photo


def _file(client, compound, on_commit, **overrides):
    with on_commit():
        client.post(
            reverse("intake:complaint-new"),
            {**form_data(compound, email="wang@example.org", **overrides), "photos": [photo()]},
        )
    return Complaint.objects.latest("pk")


def test_the_right_code_registers_a_routed_web_case_and_sends_the_tracking_code(
    client, town, on_commit
):
    complaint = _file(client, town.a.compound, on_commit)
    url = reverse("intake:complaint-confirm", args=[complaint.token])
    page = client.get(url).content.decode()
    assert "139****5678" in page and "13912345678" not in page
    with on_commit():
        response = client.post(url, {"code": last_code("13912345678")})
    complaint.refresh_from_db()
    case = complaint.case
    assert response.status_code == 302
    assert response.url == reverse("intake:complaint-done", args=[complaint.token])
    assert complaint.status == "confirmed" and complaint.code_hash == ""
    # registered through case_register: web channel, routed to the grid's team, numbered
    assert case.channel == Case.Channel.WEB
    assert case.team == town.a.grid_team and case.tier == "grid"
    assert case.reference.startswith(town.a.street.case_prefix)
    assert case.description == complaint.description and case.claims == complaint.claims
    assert case.building == "12号楼2单元301室"
    assert list(case.events.values_list("kind", flat=True)) == ["registered", "routed"]
    filer = case.parties.get(is_filer=True)
    assert (filer.side, filer.name, filer.mobile) == ("applicant", "王芳", "13912345678")
    respondent = case.parties.get(side=Party.Side.RESPONDENT)
    assert respondent.property_company == town.a.compound.property_company
    # the files came along
    assert case.complaint.uploads.count() == 1
    # the tracking code by SMS and by email
    tracking_sms = sms.outbox[-1]
    assert tracking_sms["to"] == "13912345678"
    assert case.reference in tracking_sms["text"]
    assert f"{case.tracking_code[:4]}-{case.tracking_code[4:8]}" in tracking_sms["text"]
    assert "/track/" in tracking_sms["text"]
    assert mail.outbox[-1].to == ["wang@example.org"]
    assert case.reference in mail.outbox[-1].subject
    # the grid team is told
    assert town.a.grid_mediator.notifications.filter(case=case).exists()
    # and the confirming browser sees the tracking code
    done = client.get(response.url).content.decode()
    assert f"{case.tracking_code[:4]}-{case.tracking_code[4:8]}-{case.tracking_code[8:]}" in done


def test_the_done_page_shows_the_code_only_to_the_browser_that_confirmed(client, town):
    case = pending_complaint(town.a.compound)
    complaint_confirm(token=case.token, code=outbox_code(case))
    response = client.get(reverse("intake:complaint-done", args=[case.token]))
    assert response.status_code == 302 and response.url == reverse("intake:track")


def test_a_wrong_code_is_refused_and_counted(client, town):
    complaint = pending_complaint(town.a.compound)
    url = reverse("intake:complaint-confirm", args=[complaint.token])
    response = client.post(url, {"code": "000000" if outbox_code(complaint) != "000000" else "1"})
    assert "验证码错误，还可以再试 4 次" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.code_attempts == 1 and complaint.status == "pending"
    assert not Case.objects.exists()


def test_after_too_many_wrong_codes_even_the_right_one_is_refused(town):
    complaint = pending_complaint(town.a.compound)
    right = outbox_code(complaint)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _ in range(5):
        with pytest.raises(Refused):
            complaint_confirm(token=complaint.token, code=wrong)
    with pytest.raises(Refused) as refused:
        complaint_confirm(token=complaint.token, code=right)
    assert "重新获取" in refused.value.message
    assert not Case.objects.exists()
    # a new code starts afresh
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        complaint_code_resend(token=complaint.token)
        complaint.refresh_from_db()
        assert complaint.code_attempts == 0
        assert complaint_confirm(token=complaint.token, code=outbox_code(complaint)).case


def test_a_code_expires_after_ten_minutes(town):
    complaint = pending_complaint(town.a.compound)
    later = timezone.now() + timedelta(minutes=11)
    with time_machine.travel(later), pytest.raises(Refused) as refused:
        complaint_confirm(token=complaint.token, code=outbox_code(complaint))
    assert refused.value.message == "验证码已过期，请重新获取。"


def test_a_new_code_waits_a_minute_replaces_the_old_one_and_is_limited(client, town, settings):
    settings.INTAKE_SUBMIT_RATE_MOBILE = "50/d"  # the per-mobile limit is tested elsewhere
    complaint = pending_complaint(town.a.compound)
    first = outbox_code(complaint)
    url = reverse("intake:complaint-resend", args=[complaint.token])
    response = client.post(url, follow=True)
    assert "请等待" in response.content.decode()
    now = timezone.now()
    for minute in (2, 4, 6, 8):
        with time_machine.travel(now + timedelta(minutes=minute)):
            client.post(url)
    complaint.refresh_from_db()
    assert complaint.codes_sent == 5
    assert OutboundMessage.objects.filter(source__startswith="intake:code:").count() == 5
    with time_machine.travel(now + timedelta(minutes=10)):
        response = client.post(url, follow=True)
        assert "不能再发送验证码" in response.content.decode()
        latest = outbox_code(complaint)
        if latest != first:
            with pytest.raises(Refused):
                complaint_confirm(token=complaint.token, code=first)
        assert complaint_confirm(token=complaint.token, code=latest).case


def test_a_confirmed_complaint_cannot_be_confirmed_again(client, town):
    complaint = pending_complaint(town.a.compound)
    code = outbox_code(complaint)
    complaint_confirm(token=complaint.token, code=code)
    with pytest.raises(Refused) as refused:
        complaint_confirm(token=complaint.token, code=code)
    assert refused.value.code == "illegal"
    assert Case.objects.count() == 1
    response = client.get(reverse("intake:complaint-confirm", args=[complaint.token]))
    assert response.status_code == 302


def test_an_unknown_token_is_not_found(client, db):
    assert client.get(reverse("intake:complaint-confirm", args=["nope"])).status_code == 404


def test_unconfirmed_complaints_and_unclaimed_files_are_removed_after_a_day(client, town):
    old = pending_complaint(town.a.compound)
    client.post(reverse("intake:complaint-new"), {"photos": [photo()], "action": "find"})
    orphan = Upload.objects.get()
    orphan_path = orphan.file.path
    Upload.objects.filter(pk=orphan.pk).update(created_at=timezone.now() - timedelta(hours=25))
    Complaint.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))
    recent = pending_complaint(town.a.compound, mobile="13700000000")
    confirmed = pending_complaint(town.a.compound, mobile="13600000000")
    complaint_confirm(token=confirmed.token, code=outbox_code(confirmed))
    Complaint.objects.filter(pk=confirmed.pk).update(created_at=timezone.now() - timedelta(days=3))
    assert complaints_expire() == 1
    assert set(Complaint.objects.values_list("pk", flat=True)) == {recent.pk, confirmed.pk}
    assert not Upload.objects.filter(pk=orphan.pk).exists()
    # the file itself goes once the deletion is committed
    assert os.path.exists(orphan_path)


def test_expired_files_leave_the_disk_once_committed(client, town, on_commit):
    client.post(reverse("intake:complaint-new"), {"photos": [photo()], "action": "find"})
    orphan = Upload.objects.get()
    Upload.objects.filter(pk=orphan.pk).update(created_at=timezone.now() - timedelta(hours=25))
    with on_commit():
        complaints_expire()
    assert not os.path.exists(orphan.file.path)


def test_the_removal_runs_from_beat(db):
    schedule = celery_app.conf.beat_schedule
    assert schedule["intake-complaints-expire"]["task"] == "intake.tasks.complaints_expire"
