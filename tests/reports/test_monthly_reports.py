"""The monthly report: on the first of the month the job freezes last month for every
supervised district and street, renders the PDF in Chinese and emails it, once, to the
supervisors of the jurisdiction; past reports stay downloadable by them only."""

import io

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from reports.models import MonthlyReport, MonthlyReportDelivery
from reports.tasks import monthly_report_send, monthly_reports_prepare

from .conftest import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def april_first(march):
    town = march.town
    for user, email in [
        (town.a.supervisor, "a@example.org"),
        (town.b.supervisor, "b@example.org"),
        (town.district_supervisor, "d@example.org"),
    ]:
        user.email = email
        user.save(update_fields=["email"])
    with time_machine.travel(local("2026-04-01", 6, 0), tick=False):
        report_ids = monthly_reports_prepare()
    return report_ids


def test_every_supervised_place_gets_last_months_report(march, april_first):
    town = march.town
    reports = MonthlyReport.objects.filter(pk__in=april_first)
    assert {(r.district_id, r.street_id) for r in reports} == {
        (None, town.a.street.pk),
        (None, town.b.street.pk),
        (town.a.street.district_id, None),
    }
    street_a = reports.get(street=town.a.street)
    assert str(street_a.month) == "2026-03-01"
    assert street_a.figures["figures"]["settled"]["value"] == 3
    assert street_a.pdf and street_a.rendered_at


def test_the_pdf_is_in_chinese_with_the_figures(march, april_first):
    report = MonthlyReport.objects.get(street=march.town.a.street)
    with report.pdf.open("rb") as handle:
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
    compact = text.replace(" ", "").replace("\n", "")
    assert "物业纠纷调解月报" in compact
    assert "调解成功率" in compact and "75.0%" in compact
    assert "近12个月趋势" in compact
    assert "统计口径" in compact


def test_each_supervisor_gets_the_email_once(march, april_first):
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"a@example.org", "b@example.org", "d@example.org"}
    message = by_recipient["a@example.org"]
    assert "月报" in message.subject
    ((name, content, mimetype),) = message.attachments
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert name.endswith(".pdf")
    # the task running again (a retry, a second worker) sends nothing more
    for report_id in april_first:
        monthly_report_send(report_id)
    assert len(mail.outbox) == 3
    assert MonthlyReportDelivery.objects.filter(sent_at__isnull=False).count() == 3
    # and each supervisor found it on the desk too
    assert march.town.a.supervisor.notifications.filter(text__contains="月报").exists()


def test_preparing_again_keeps_the_frozen_figures(march, april_first):
    with time_machine.travel(local("2026-04-01", 7, 0), tick=False):
        again = monthly_reports_prepare()
    assert sorted(again) == sorted(april_first)
    assert MonthlyReport.objects.count() == 3


def test_past_reports_are_downloaded_by_their_supervisors_only(client, march, april_first):
    town = march.town
    report = MonthlyReport.objects.get(street=town.a.street)
    url = reverse("reports:monthly-pdf", args=[report.pk])
    client.force_login(town.a.supervisor)
    listing = client.get(reverse("reports:monthly-list")).content.decode()
    assert url in listing
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(town.district_supervisor)  # the street is in the district
    assert client.get(url).status_code == 200
    client.force_login(town.b.supervisor)
    assert client.get(url).status_code == 404
    assert url not in client.get(reverse("reports:monthly-list")).content.decode()
