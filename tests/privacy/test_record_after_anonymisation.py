"""The case record is append-only down to the database, so entries written before an
anonymisation keep the names they had. From then on, every page, printed copy and the API show
those entries' kind, time and author, not their text."""

import pytest
from django.db import connection, transaction
from django.urls import reverse

from cases.models import CaseEvent
from privacy import services

from .conftest import APPLICANT, APPLICANT_MOBILE, WITNESS, WITNESS_MOBILE

pytestmark = pytest.mark.django_db
WITHHELD = "文字不再显示"


def test_the_entries_stay_in_the_archive_untouched(old_story):
    contact = CaseEvent.objects.get(case=old_story.case, kind="contact")
    services.retention_run()
    assert CaseEvent.objects.get(pk=contact.pk).summary == contact.summary  # not rewritten
    if connection.vendor == "postgresql":  # and the job did not have to get round the trigger
        refused = pytest.raises(Exception, match="append-only")
        with refused, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE cases_caseevent SET summary = '' WHERE id = %s", [contact.pk])


def test_the_case_page_withholds_their_text(client, town, old_story):
    client.force_login(town.a.grid_worker)
    url = reverse("cases:detail", args=[old_story.case.pk])
    assert APPLICANT in client.get(url).content.decode()

    services.retention_run()

    html = client.get(url).content.decode()
    for secret in (APPLICANT, WITNESS, APPLICANT_MOBILE, WITNESS_MOBILE):
        assert secret not in html, secret
    assert WITHHELD in html
    assert "已按保存期限政策对个人信息作匿名化处理。" in html  # its own entry reads as written
    side = client.get(reverse("cases:record-side", args=[old_story.case.pk, "applicant"]))
    assert APPLICANT not in side.content.decode() and WITHHELD in side.content.decode()


def test_the_api_withholds_their_text(api, town, old_story):
    services.retention_run()
    api.force_authenticate(town.a.grid_worker)
    rows = api.get(f"/api/cases/{old_story.case.pk}/events/", {"page_size": 100}).json()
    rows = rows.get("results", rows)
    text = str(rows)
    for secret in (APPLICANT, WITNESS, APPLICANT_MOBILE, WITNESS_MOBILE):
        assert secret not in text, secret
    kinds = {r["kind"]: r["summary"] for r in rows}
    assert WITHHELD in kinds["contact"]
    assert kinds["anonymised"] == "已按保存期限政策对个人信息作匿名化处理。"


def test_an_untouched_case_reads_as_before(api, town, old_story):
    api.force_authenticate(town.a.grid_worker)
    rows = api.get(f"/api/cases/{old_story.case.pk}/events/").json()
    rows = rows.get("results", rows)
    assert any(APPLICANT in r["summary"] for r in rows)
