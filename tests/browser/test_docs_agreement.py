"""The agreement journey in Chromium: a grid mediator drafts from the case page, fills in the
schedule and submits it; the grid worker approves it, sees the PDF ready on the
case page and downloads it; on a phone, a resident checks the printed verification code."""

from pathlib import Path

import pytest

from cases.services.assignment import case_assign
from cases.services.moves import case_accept
from documents.models import Document
from tests.factories.mediators import PASSWORD

from .conftest import screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("private_storage"),
]


def login(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/desk/")


def test_a_mediator_drafts_finalises_and_downloads_the_agreement(page, town, case):
    case_accept(case_id=case.pk, actor=town.a.grid_worker)
    case_assign(case_id=case.pk, actor=town.a.grid_worker, user=town.a.grid_mediator)
    login(page, town.a.grid_mediator)
    page.goto(f"/cases/{case.pk}/")
    page.click("text=起草调解协议")
    page.wait_for_url("**/edit/")
    page.fill("textarea[name=disputed_matters]", "物业费欠缴与停水")
    page.fill("textarea[name=terms]", "申请人分三期补缴物业费，物业公司当日恢复供水。")
    page.select_option("select[name=ob-0-debtor]", label="李龙")
    page.select_option("select[name=ob-0-creditor]", index=2)
    page.fill("input[name=ob-0-description]", "补缴物业费")
    page.fill("input[name=ob-0-amount]", "3000")
    page.fill("input[name=ob-0-due_on]", "2030-01-15")
    page.fill("input[name=ob-0-instalments]", "3")
    # Leave the field before the full-page screenshot: Chromium otherwise scrolls back to the
    # focused field when the click moves the focus, and the click lands beside the button.
    page.locator("input[name=ob-0-instalments]").blur()
    screenshot(page, "docs-agreement-edit")
    page.click("text=保存草稿")
    page.wait_for_url("**/agreements/*/")
    frame = page.frame_locator("iframe.agreement-preview")
    assert "补缴物业费" in frame.locator("body").inner_text()
    assert "第3期/共3期" in frame.locator("body").inner_text()
    screenshot(page, "docs-agreement-preview")
    page.click("button:has-text('提交审批')")
    page.wait_for_selector("text=待审批")
    # the 1+3 team's grid worker reviews it: the mediator does not finalise alone
    agreement_url = page.url
    page.context.clear_cookies()
    login(page, town.a.grid_worker)
    page.goto(agreement_url)
    page.click("button:has-text('批准并定稿')")
    page.wait_for_selector("text=已生成")
    page.goto(f"/cases/{case.pk}/")
    panel = page.locator("#documents")
    assert "人民调解协议书" in panel.inner_text() and "已生成" in panel.inner_text()
    screenshot(page, "docs-case-page")
    with page.expect_download() as download:
        panel.locator("a", has_text="下载").first.click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    assert Document.objects.get(kind="agreement").state == "ready"


def test_a_resident_checks_the_verification_code_on_a_phone(
    phone, town, case, django_capture_on_commit_callbacks
):
    from tests.factories.agreements import case_in_mediation, finalise, make_draft

    case_in_mediation(case, worker=town.a.grid_worker, mediator=town.a.grid_mediator)
    agreement = make_draft(case, actor=town.a.grid_mediator)
    finalise(agreement, drafter=town.a.grid_mediator, reviewer=town.a.grid_worker)
    from documents.services import document_render

    document = Document.objects.get(agreement=agreement)
    document_render(document_id=document.pk)
    document.refresh_from_db()
    code = agreement.verification_code
    phone.goto("/verify/")
    phone.fill("input[name=code]", f"{code[:4]}-{code[4:8]}-{code[8:]}".lower())
    phone.click("main form button[type=submit]")
    phone.wait_for_url(f"**/verify/{code}/")
    body = phone.locator("main").inner_text()
    assert "此协议已登记" in body and document.sha256 in body and case.reference in body
    assert "李龙" not in body
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot(phone, "docs-verify-phone")
