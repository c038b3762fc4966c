"""The follow-up visit record (回访记录) as a PDF, and the visits in the case file: what they
print, who may make them, and what a party's copy leaves out."""

import pytest
from django.urls import reverse

from documents.models import Document
from documents.services import document_request
from followups.models import FollowUpVisit
from followups.services.plans import visits_schedule
from followups.services.visits import visit_record
from tests.documents.pdf_tools import pdf_text
from tests.factories.followups import make_obligation

from .conftest import DAY0

pytestmark = pytest.mark.usefixtures("private_storage")


@pytest.fixture
def made(agreement, town, clock):
    """The 7-day visit, made by the grid worker on 9 March with a rating and remarks."""
    make_obligation(agreement, due_on=DAY0, description="缴清2025年度物业费")
    visits_schedule()
    clock.move_to("2026-03-09 10:00:00+08:00")
    visit = FollowUpVisit.objects.get(offset_days=7)
    visit_record(
        visit_id=visit.pk,
        actor=town.a.grid_worker,
        visited_on=visit.due_on,
        mode="home",
        participants="申请人李龙、物业项目经理",
        performance="partly",
        satisfaction="fairly_satisfied",
        remarks="业主称物业仍拖延维修<script>alert(1)</script>",
        rebound=False,
    )
    visit.refresh_from_db()
    return visit


def test_the_visit_page_makes_the_record_and_it_prints_the_visit(
    client, made, town, django_capture_on_commit_callbacks
):
    client.force_login(town.a.grid_worker)
    page = client.get(reverse("followups:visit", args=[made.pk])).content.decode()
    assert reverse("followups:visit-record-pdf", args=[made.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("followups:visit-record-pdf", args=[made.pk]))
    assert response.status_code == 302
    document = Document.objects.get(kind="visit_record")
    assert document.subject_key == f"visit:{made.pk}" and document.state == "ready"
    text = pdf_text(document.file.read())
    for expected in [
        "回访记录",
        made.case.reference,
        "2026-03-09",
        "申请人李龙、物业项目经理",
        "基本满意",
        "缴清2025年度物业费",
        "业主称物业仍拖延维修<script>alert(1)</script>",  # printed as text, not markup
        town.a.grid_worker.name,
    ]:
        assert expected in text, expected


def test_others_cannot_make_it_and_a_planned_visit_has_nothing_to_print(
    client, made, town, personas
):
    url = reverse("followups:visit-record-pdf", args=[made.pk])
    client.force_login(personas["mediator_elsewhere"])
    assert client.post(url).status_code == 404
    client.force_login(personas["supervisor"])
    assert client.post(url).status_code == 403
    assert not Document.objects.filter(kind="visit_record").exists()
    later = FollowUpVisit.objects.get(case=made.case, offset_days=30)
    client.force_login(town.a.grid_worker)
    response = client.post(reverse("followups:visit-record-pdf", args=[later.pk]), follow=True)
    assert "请先记录回访" in response.content.decode()
    assert not Document.objects.filter(kind="visit_record").exists()


def test_the_case_file_has_the_visits_and_a_partys_copy_leaves_out_the_remarks(
    made, town, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        internal = document_request(
            case=made.case, kind="case_file", actor=town.a.grid_worker, audience="internal"
        )
        applicant = document_request(
            case=made.case, kind="case_file", actor=town.a.grid_worker, audience="applicant"
        )
    internal.refresh_from_db()
    applicant.refresh_from_db()
    text = pdf_text(internal.file.read())
    assert "回访" in text and "基本满意" in text and "业主称物业仍拖延维修" in text
    party_text = pdf_text(applicant.file.read())
    assert "基本满意" in party_text
    assert "业主称物业仍拖延维修" not in party_text
