"""The pages of documents: downloads through cases.access, the resident's download, the retry
button and the public verification page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements import services
from agreements.selectors import agreement_for_resident
from documents.models import Document
from documents.services import document_request
from tests.factories.agreements import case_in_mediation, finalise, make_draft
from tests.factories.cases import make_case


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def agreed(town, case, django_capture_on_commit_callbacks):
    """A grid case whose agreement is final and rendered."""
    case_in_mediation(case, worker=town.a.grid_worker, mediator=town.a.grid_mediator)
    with django_capture_on_commit_callbacks(execute=True):
        agreement = make_draft(case, actor=town.a.grid_mediator)
        finalise(agreement, drafter=town.a.grid_mediator, reviewer=town.a.grid_worker)
    agreement.refresh_from_db()
    return agreement


def track(client, case):
    """Look the case up on the tracking page as its resident does (code + last four digits)."""
    response = client.post(
        reverse("intake:track"),
        {"code": case.tracking_code, "mobile_last4": case.parties.get(is_filer=True).mobile[-4:]},
    )
    assert response.status_code == 302
    return response["Location"]


def test_a_resident_downloads_their_agreement_from_the_tracking_session(client, agreed):
    found = agreement_for_resident(agreed.case)
    assert found is not None and found.agreement == agreed
    track(client, agreed.case)
    response = client.get(found.download_url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body == Document.objects.get(agreement=agreed).file.read()
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]


def test_another_resident_cannot_download_it(client, town, agreed):
    url = reverse("documents:resident-agreement", args=[agreed.case_id])
    assert client.get(url).status_code == 404  # no tracking session at all
    other = make_case(compound=town.a.compound, applicant_mobile="13900001111")
    track(client, other)  # tracked their own case, not this one
    assert client.get(url).status_code == 404


def test_there_is_nothing_to_download_before_the_pdf_is_ready(client, town, case):
    case_in_mediation(case, worker=town.a.grid_worker, mediator=town.a.grid_mediator)
    make_draft(case, actor=town.a.grid_mediator)
    assert agreement_for_resident(case) is None
    page = client.get(track(client, case)).content.decode()
    assert "下载调解协议书" not in page  # no panel while there is nothing to download
    url = reverse("documents:resident-agreement", args=[case.pk])
    assert client.get(url).status_code == 404


def test_the_tracking_page_offers_the_download_and_the_verification_code(client, agreed):
    from agreements.codes import display

    page = client.get(track(client, agreed.case)).content.decode()
    assert reverse("documents:resident-agreement", args=[agreed.case_id]) in page
    assert "下载调解协议书" in page
    assert display(agreed.verification_code) in page
    assert reverse("documents:verify", args=[agreed.verification_code]) in page


@pytest.mark.parametrize(
    "persona, status", [("mediator_of_case", 200), ("supervisor", 200), ("mediator_elsewhere", 404)]
)
def test_staff_downloads_go_through_the_access_function(client, personas, agreed, persona, status):
    document = Document.objects.get(agreement=agreed)
    login(client, personas[persona])
    response = client.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == status


def test_a_reader_who_does_not_work_the_case_gets_no_internal_case_file(client, personas, agreed):
    document = document_request(case=agreed.case, kind="case_file", audience="internal")
    from documents.services import document_render

    document_render(document_id=document.pk)
    login(client, personas["supervisor"])
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404
    login(client, personas["mediator_of_case"])
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 200


def test_the_case_page_shows_documents_and_retries_a_failed_one(
    client, town, agreed, django_capture_on_commit_callbacks
):
    failed = document_request(case=agreed.case, kind="case_file", audience="applicant")
    Document.objects.filter(pk=failed.pk).update(state="failed", error="boom")
    login(client, town.a.grid_mediator)
    page = client.get(reverse("cases:detail", args=[agreed.case_id])).content.decode()
    assert "生成失败" in page and "重试" in page and "已生成" in page
    assert reverse("agreements:detail", args=[agreed.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:retry", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.state == "ready" and failed.error == ""


def test_a_reader_cannot_retry_or_request(client, personas, agreed):
    failed = document_request(case=agreed.case, kind="acceptance_form")
    Document.objects.filter(pk=failed.pk).update(state="failed")
    login(client, personas["supervisor"])
    client.post(reverse("documents:retry", args=[failed.pk]))
    assert Document.objects.get(pk=failed.pk).state == "failed"
    response = client.post(
        reverse("documents:request", args=[agreed.case_id]),
        {"kind": "case_file", "audience": "internal"},
    )
    assert response.status_code == 403
    assert not Document.objects.filter(kind="case_file").exists()


def test_staff_request_a_case_file_copy(client, town, agreed, django_capture_on_commit_callbacks):
    login(client, town.a.grid_mediator)
    url = reverse("documents:request", args=[agreed.case_id])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"kind": "case_file", "audience": "respondent"})
        client.post(url, {"kind": "case_file", "audience": "respondent"})
    copies = Document.objects.filter(kind="case_file", audience="respondent").order_by("version")
    assert [(d.version, d.state) for d in copies] == [(1, "ready"), (2, "ready")]
    assert copies[0].file.name != copies[1].file.name


PERSONAL = ["李龙", "13812345678", "138****5678", "江月路"]


def test_the_verify_page_says_what_is_registered_and_nothing_personal(client, agreed):
    document = Document.objects.get(agreement=agreed)
    response = client.get(reverse("documents:verify", args=[agreed.verification_code]))
    page = response.content.decode()
    assert response.status_code == 200
    assert agreed.case.reference in page and document.sha256 in page
    assert "此协议已登记" in page
    for personal in [*PERSONAL, agreed.case.compound.property_company.name, agreed.terms[:6]]:
        assert personal not in page, personal


def test_the_verify_page_compares_an_uploaded_pdf(client, agreed):
    document = Document.objects.get(agreement=agreed)
    url = reverse("documents:verify", args=[agreed.verification_code])
    registered = document.file.read()
    same = SimpleUploadedFile("a.pdf", registered, content_type="application/pdf")
    page = client.post(url, {"file": same}).content.decode()
    assert "一致：此文件与登记的协议逐字节相同" in page
    changed = SimpleUploadedFile(
        "b.pdf", registered + b"\n%changed", content_type="application/pdf"
    )
    page = client.post(url, {"file": changed}).content.decode()
    assert "不一致" in page
    not_pdf = SimpleUploadedFile("c.pdf", b"hello", content_type="application/pdf")
    assert "这不是 PDF 文件" in client.post(url, {"file": not_pdf}).content.decode()


def test_the_verify_page_says_when_an_agreement_was_superseded(
    client, town, agreed, django_capture_on_commit_callbacks
):
    new = services.agreement_correct(
        agreement_id=agreed.pk, actor=town.a.grid_mediator, reason="更正"
    )
    with django_capture_on_commit_callbacks(execute=True):
        finalise(new, drafter=town.a.grid_mediator, reviewer=town.a.grid_worker)
    page = client.get(reverse("documents:verify", args=[agreed.verification_code])).content.decode()
    assert "已被更正后的版本取代" in page and "已有更新的现行版本" in page


def test_an_unknown_code_is_not_found_and_typed_codes_are_normalised(client, agreed):
    assert client.get(reverse("documents:verify", args=["ZZZZZZZZZZZZ"])).status_code == 404
    typed = agreed.verification_code.lower()
    typed = f"{typed[:4]}-{typed[4:8]} {typed[8:]}"
    response = client.get(reverse("documents:verify-form"), {"code": typed})
    assert response["Location"] == reverse("documents:verify", args=[agreed.verification_code])
