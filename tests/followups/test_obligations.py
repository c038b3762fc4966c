"""Obligation tracking: due on its date, reminders on the right days and only once, the lead
after the grace period, and performance recorded with evidence."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.models import Obligation
from cases.models import CaseEvent
from followups.models import ObligationRecord, Reminder
from followups.tasks import obligations_check
from notifications.models import Notification, OutboundMessage
from tests.factories.followups import make_obligation

from .conftest import DAY0

DUE = DAY0 + timedelta(days=10)  # 2026-03-12; policy: remind 3 days before, lead after 7


def _at(clock, day: date, hour: int = 9):
    clock.move_to(f"{day.isoformat()} {hour:02d}:00:00+08:00")


@pytest.fixture
def obligation(agreement):
    return make_obligation(agreement, due_on=DUE)


def _reminders(kind):
    return list(Reminder.objects.filter(kind=kind).values_list("key", flat=True))


def test_reminders_fire_on_the_right_days_and_only_once(obligation, town, clock):
    sent = {}
    day = DAY0
    while day <= DUE + timedelta(days=10):
        _at(clock, day)
        obligations_check.delay()
        obligations_check.delay()  # beat firing twice, or a retry: nothing more is sent
        for kind in ("obligation_before_due", "obligation_overdue", "obligation_lead"):
            if _reminders(kind) and kind not in sent:
                sent[kind] = day
        day += timedelta(days=1)
    assert sent == {
        "obligation_before_due": DUE - timedelta(days=3),
        "obligation_overdue": DUE + timedelta(days=1),
        "obligation_lead": DUE + timedelta(days=8),
    }
    assert Reminder.objects.count() == 3
    mediator, lead = town.a.grid_mediator, town.a.lead
    before, overdue, to_lead = (
        f"fu:obligation:{obligation.pk}:{k}"
        for k in ("obligation_before_due", "obligation_overdue", "obligation_lead")
    )
    assert list(Notification.objects.filter(source=before).values_list("user", flat=True)) == [
        mediator.pk
    ]
    assert Notification.objects.filter(source=overdue, user=mediator).count() == 1
    # the grid team has no lead: the street's specialist team lead hears of it
    assert list(Notification.objects.filter(source=to_lead).values_list("user", flat=True)) == [
        lead.pk
    ]
    # and by SMS and email through the outbox, once each
    assert set(OutboundMessage.objects.filter(source=to_lead).values_list("channel", "to")) == {
        ("sms", lead.phone),
        ("email", lead.email),
    } - {("email", "")}
    text = Notification.objects.get(source=before).text
    assert obligation.agreement.case.reference in text and "2026-03-12" in text


def test_it_becomes_due_on_its_date_with_a_record_entry(obligation, clock):
    _at(clock, DUE - timedelta(days=1))
    obligations_check.delay()
    obligation.refresh_from_db()
    assert obligation.status == "pending"
    _at(clock, DUE)
    obligations_check.delay()
    obligations_check.delay()
    obligation.refresh_from_db()
    assert obligation.status == "due"
    assert ObligationRecord.objects.filter(obligation=obligation, status_to="due").count() == 1
    assert CaseEvent.objects.filter(kind="obligation_due").count() == 1


def test_a_performed_obligation_is_not_chased(obligation, town, clock):
    from followups.services.obligations import obligation_record

    _at(clock, DUE - timedelta(days=5))
    obligation_record(
        obligation_id=obligation.pk,
        actor=town.a.grid_mediator,
        status="performed",
        performed_on=DUE - timedelta(days=5),
        files=[_pdf()],
    )
    _at(clock, DUE + timedelta(days=20))
    obligations_check.delay()
    assert Reminder.objects.count() == 0


def _pdf(name="收据.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n", "application/pdf")


def test_it_records_performance_with_evidence_through_the_page(client, obligation, town, clock):
    _at(clock, DUE)
    client.force_login(town.a.grid_mediator)
    url = reverse("followups:obligation", args=[obligation.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "status": "partly_performed",
            "performed_on": DUE.isoformat(),
            "amount_paid": "600.00",
            "note": "已转账一半，见转账记录。",
            "evidence": [_pdf(), SimpleUploadedFile("照片.png", b"\x89PNG\r\n\x1a\n" + b"0" * 40)],
        },
    )
    assert response.status_code == 302
    obligation.refresh_from_db()
    assert obligation.status == "partly_performed" and obligation.status_changed_at
    record = ObligationRecord.objects.get(obligation=obligation, status_to="partly_performed")
    assert str(record.amount_paid) == "600.00" and record.recorded_by == town.a.grid_mediator
    assert sorted(record.evidence.values_list("content_type", flat=True)) == [
        "application/pdf",
        "image/png",
    ]
    entry = CaseEvent.objects.get(kind="obligation_partly_performed")
    assert entry.visibility == "parties" and "600.00" in entry.summary
    # the evidence downloads for those who see the case, never for others
    evidence = record.evidence.get(content_type="application/pdf")
    download = client.get(reverse("followups:evidence", args=[evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert download["Content-Disposition"].startswith("attachment")
    client.force_login(town.b.grid_mediator)
    assert client.get(reverse("followups:evidence", args=[evidence.pk])).status_code == 404


def test_performance_without_evidence_is_refused_and_nothing_written(client, obligation, town):
    client.force_login(town.a.grid_mediator)
    response = client.post(
        reverse("followups:obligation", args=[obligation.pk]),
        {"status": "performed", "performed_on": DAY0.isoformat(), "note": "电话确认"},
    )
    assert response.status_code == 400
    assert "evidence" in response.context["form"].errors
    assert "电话确认" in response.content.decode()
    obligation.refresh_from_db()
    assert obligation.status == "pending"
    assert not ObligationRecord.objects.exists()


def test_a_file_that_is_not_evidence_is_refused_by_its_content(client, obligation, town):
    client.force_login(town.a.grid_mediator)
    fake = SimpleUploadedFile(
        "收据.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"
    )
    response = client.post(
        reverse("followups:obligation", args=[obligation.pk]),
        {"status": "performed", "performed_on": DAY0.isoformat(), "evidence": [fake]},
    )
    assert response.status_code == 400
    assert "收据.pdf" in str(response.context["form"].errors["evidence"])
    assert not ObligationRecord.objects.exists()


def test_a_breach_needs_a_description_and_an_illegal_move_is_refused(obligation, town, clock):
    from core.errors import Refused
    from followups.services.obligations import obligation_record

    with pytest.raises(Refused) as refused:  # not due yet: it cannot be breached
        obligation_record(
            obligation_id=obligation.pk, actor=town.a.grid_mediator, status="breached", note="x"
        )
    assert refused.value.code == "illegal"
    _at(clock, DUE)
    obligations_check.delay()
    with pytest.raises(Refused) as refused:
        obligation_record(
            obligation_id=obligation.pk, actor=town.a.grid_mediator, status="breached"
        )
    assert refused.value.code == "invalid"
    obligation_record(
        obligation_id=obligation.pk,
        actor=town.a.grid_mediator,
        status="breached",
        note="业主明确表示拒绝缴纳。",
    )
    obligation.refresh_from_db()
    assert obligation.status == Obligation.Status.BREACHED


@pytest.mark.parametrize(("persona", "status"), [("mediator_elsewhere", 404), ("supervisor", 403)])
def test_the_wrong_persona_cannot_record_performance(client, obligation, personas, persona, status):
    client.force_login(personas[persona])
    response = client.post(
        reverse("followups:obligation", args=[obligation.pk]),
        {"status": "performed", "performed_on": DAY0.isoformat(), "evidence": [_pdf()]},
    )
    assert response.status_code == status
    assert not ObligationRecord.objects.exists()


def test_the_jc_reminder_comes_before_the_window_closes(settled_case, town, clock):
    from followups.tasks import reminders_send
    from tests.factories.followups import make_agreement

    agreement = make_agreement(
        settled_case, drafted_by=town.a.grid_mediator, effective_on=DAY0, jc_intended=True
    )
    fired = []
    for offset in range(0, 35):
        _at(clock, DAY0 + timedelta(days=offset))
        reminders_send.delay()
        if Reminder.objects.filter(kind="jc_window").exists() and not fired:
            fired.append(DAY0 + timedelta(days=offset))
    # the window closes 30 days after effect; the policy reminds 7 days before
    assert fired == [DAY0 + timedelta(days=23)]
    assert Reminder.objects.filter(kind="jc_window").count() == 1
    assert Notification.objects.filter(
        source=f"fu:jc:{agreement.pk}", user=town.a.grid_mediator
    ).exists()


def test_no_jc_reminder_once_the_parties_applied(settled_case, town, clock):
    from followups.tasks import reminders_send
    from tests.factories.followups import make_agreement

    agreement = make_agreement(
        settled_case, drafted_by=town.a.grid_mediator, effective_on=DAY0, jc_intended=True
    )
    agreement.jc_applied_on = DAY0 + timedelta(days=5)
    agreement.save()
    _at(clock, DAY0 + timedelta(days=25))
    reminders_send.delay()
    assert not Reminder.objects.filter(kind="jc_window").exists()
