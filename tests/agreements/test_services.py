"""Drafting, approval, finalising, corrections, signing and judicial confirmation, through the
services and checked in the database."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from agreements import services
from agreements.models import Agreement, AgreementTemplate, Obligation
from cases.models import Case, CaseEvent
from cases.services.moves import case_escalate
from core.errors import Refused
from documents.models import Document
from tests.factories.agreements import case_in_mediation, fee_lines, finalise, make_draft


@pytest.fixture
def grid_case(town, case):
    return case_in_mediation(case, worker=town.a.grid_worker, mediator=town.a.grid_mediator)


@pytest.fixture
def specialist_case(town, case):
    case_in_mediation(case, worker=town.a.grid_worker)
    case_escalate(case_id=case.pk, actor=town.a.grid_worker, reason="网格调解未果")
    from cases.services.assignment import case_assign

    case_assign(case_id=case.pk, actor=town.a.lead, user=town.a.specialist)
    case.refresh_from_db()
    return case


def test_a_draft_starts_from_the_category_template_with_the_case_filled_in(town, grid_case):
    template = AgreementTemplate.objects.create(
        category=grid_case.category,
        name="物业费欠缴",
        terms="{applicant}补缴物业费；{company}恢复{compound}的供水。",
    )
    agreement = services.agreement_draft(
        case_id=grid_case.pk, actor=town.a.grid_mediator, template_id=template.pk
    )
    company = grid_case.compound.property_company.name
    assert agreement.terms == f"李龙补缴物业费；{company}恢复{grid_case.compound.name}的供水。"
    assert agreement.status == "draft" and agreement.version == 1
    assert len(agreement.verification_code) == 12
    assert grid_case.events.filter(kind="agreement_drafted", visibility="internal").exists()


def test_only_those_who_work_the_case_draft_and_only_while_it_is_in_mediation(town, case, personas):
    with pytest.raises(Refused) as refused:
        services.agreement_draft(case_id=case.pk, actor=town.a.grid_mediator)
    assert refused.value.code == "illegal"  # still only registered
    case_in_mediation(case, worker=town.a.grid_worker)
    for persona in ("mediator_elsewhere", "supervisor", "partner"):
        with pytest.raises(Refused) as refused:
            services.agreement_draft(case_id=case.pk, actor=personas[persona])
        assert refused.value.code == "forbidden", persona
    assert not Agreement.objects.exists()


def test_instalments_become_one_obligation_each_with_the_amount_split_in_fen(town, grid_case):
    agreement = make_draft(
        grid_case, actor=town.a.grid_mediator, lines=fee_lines(grid_case, amount="1000.00")
    )
    payments = list(agreement.obligations.filter(kind="payment").order_by("instalment"))
    assert [p.amount for p in payments] == [Decimal("333.33"), Decimal("333.33"), Decimal("333.34")]
    assert [(p.instalment, p.instalments) for p in payments] == [(1, 3), (2, 3), (3, 3)]
    first = payments[0].due_on
    assert payments[1].due_on.month == (first.month % 12) + 1
    assert {o.kind for o in agreement.obligations.all()} == {"payment", "act", "refrain"}
    assert set(agreement.obligations.values_list("term_number", flat=True)) == {1, 2, 3}


@pytest.mark.parametrize(
    "change, message",
    [
        ({"amount": None}, "金额"),
        ({"kind": "act"}, "只有支付款项"),
        ({"description": " "}, "履行内容"),
        ({"instalments": 61}, "分期数"),
    ],
)
def test_a_bad_clause_is_refused_and_nothing_changes(town, grid_case, change, message):
    agreement = make_draft(grid_case, actor=town.a.grid_mediator)
    line = fee_lines(grid_case)[0]
    for key, value in change.items():
        setattr(line, key, value)
    with pytest.raises(Refused) as refused:
        services.agreement_update(
            agreement_id=agreement.pk, actor=town.a.grid_mediator, texts={}, lines=[line]
        )
    assert refused.value.code == "invalid" and message in refused.value.message
    assert agreement.obligations.count() == 5  # 3 instalments + act + refrain, as before


def test_a_clause_cannot_name_a_party_of_another_case(town, grid_case):
    from tests.factories.cases import make_case

    other = make_case(compound=town.b.compound)
    line = fee_lines(grid_case)[0]
    line.debtor_id = other.parties.first().pk
    agreement = make_draft(grid_case, actor=town.a.grid_mediator)
    with pytest.raises(Refused):
        services.agreement_update(
            agreement_id=agreement.pk, actor=town.a.grid_mediator, texts={}, lines=[line]
        )


def test_at_the_grid_tier_finalising_queues_the_pdf_and_the_case_awaits_the_signatures(
    town, grid_case, django_capture_on_commit_callbacks
):
    agreement = make_draft(grid_case, actor=town.a.grid_mediator)
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_submit(agreement_id=agreement.pk, actor=town.a.grid_mediator)
    agreement.refresh_from_db()
    assert agreement.status == "pending_approval"  # the grid mediator does not finalise alone
    assert not Document.objects.filter(agreement=agreement).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_approve(agreement_id=agreement.pk, actor=town.a.grid_worker)
    agreement.refresh_from_db()
    grid_case.refresh_from_db()
    assert agreement.status == "final" and agreement.finalised_at
    assert agreement.approved_by == town.a.grid_worker
    # not settled before anyone signs (issue 19, item 10): the 30-day clock keeps running
    assert grid_case.status == "in_mediation" and grid_case.outcome == ""
    assert grid_case.concluded_at is None
    kinds = list(grid_case.events.values_list("kind", flat=True))
    assert {"agreement_final", "document_requested", "document_ready"} <= set(kinds)
    assert "settle" not in kinds
    document = Document.objects.get(agreement=agreement)
    assert document.state == "ready" and len(document.sha256) == 64


def test_a_draft_missing_the_facts_is_not_submitted(town, grid_case):
    agreement = make_draft(grid_case, actor=town.a.grid_mediator, facts="")
    with pytest.raises(Refused) as refused:
        services.agreement_submit(agreement_id=agreement.pk, actor=town.a.grid_mediator)
    assert "纠纷主要事实" in refused.value.message
    assert Agreement.objects.get(pk=agreement.pk).status == "draft"


def test_above_the_grid_the_team_lead_approves_or_returns(town, specialist_case):
    specialist = town.a.specialist
    agreement = make_draft(specialist_case, actor=specialist)
    services.agreement_submit(agreement_id=agreement.pk, actor=specialist)
    agreement.refresh_from_db()
    assert agreement.status == "pending_approval"
    assert Case.objects.get(pk=specialist_case.pk).status == "in_mediation"
    with pytest.raises(Refused) as refused:
        services.agreement_approve(agreement_id=agreement.pk, actor=specialist)
    assert refused.value.code == "forbidden"
    services.agreement_return(agreement_id=agreement.pk, actor=town.a.lead, note="第2条期限过长")
    agreement.refresh_from_db()
    assert agreement.status == "draft" and agreement.return_note == "第2条期限过长"
    services.agreement_submit(agreement_id=agreement.pk, actor=specialist)
    services.agreement_approve(agreement_id=agreement.pk, actor=town.a.lead)
    agreement.refresh_from_db()
    assert agreement.status == "final" and agreement.approved_by == town.a.lead
    assert Case.objects.get(pk=specialist_case.pk).status == "in_mediation"  # until signed


def test_the_lead_hears_of_a_submission(town, specialist_case, django_capture_on_commit_callbacks):
    from notifications.models import Notification

    agreement = make_draft(specialist_case, actor=town.a.specialist)
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_submit(agreement_id=agreement.pk, actor=town.a.specialist)
    assert Notification.objects.filter(user=town.a.lead, case=specialist_case).exists()


def finalised(case, actor, capture):
    with capture(execute=True):
        agreement = finalise(make_draft(case, actor=actor), drafter=actor)
    return agreement


def test_a_correction_is_a_new_version_and_the_old_pdf_is_never_overwritten(
    town, grid_case, django_capture_on_commit_callbacks
):
    mediator = town.a.grid_mediator
    first = finalised(grid_case, mediator, django_capture_on_commit_callbacks)
    old_document = Document.objects.get(agreement=first)
    old_bytes = old_document.file.read()
    new = services.agreement_correct(agreement_id=first.pk, actor=mediator, reason="金额有误")
    assert (new.version, new.status, new.supersedes_id) == (2, "draft", first.pk)
    assert new.obligations.count() == first.obligations.count()
    assert new.verification_code != first.verification_code
    services.agreement_update(
        agreement_id=new.pk,
        actor=mediator,
        texts={"terms": "更正后：申请人补缴物业费3000元。"},
        lines=fee_lines(grid_case, amount="3000.00"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        finalise(new, drafter=mediator)
    first.refresh_from_db()
    new.refresh_from_db()
    assert first.status == "superseded" and new.status == "final"
    # the old version's obligations and file are untouched
    assert first.obligations.filter(amount=Decimal("1200.00")).count() == 3
    old_document.refresh_from_db()
    assert old_document.file.read() == old_bytes and old_document.state == "ready"
    new_document = Document.objects.get(agreement=new)
    assert new_document.file.name != old_document.file.name
    assert new_document.sha256 != old_document.sha256


def test_there_is_never_more_than_one_version_in_force(
    town, grid_case, django_capture_on_commit_callbacks
):
    first = finalised(grid_case, town.a.grid_mediator, django_capture_on_commit_callbacks)
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(
            case=grid_case,
            version=2,
            status="final",
            verification_code="X" * 12,
            drafted_by=town.a.grid_mediator,
            drafted_at=timezone.now(),
            facts="-",
            disputed_matters="-",
            terms="-",
        )
    assert Agreement.objects.filter(case=grid_case).count() == 1 and first.in_force


def test_signing_puts_it_in_effect_and_keeps_the_scan(
    town, grid_case, django_capture_on_commit_callbacks
):
    agreement = finalised(grid_case, town.a.grid_mediator, django_capture_on_commit_callbacks)
    today = timezone.localdate()
    scan = SimpleUploadedFile(
        "协议签字件.pdf", b"%PDF-1.4 signed scan", content_type="application/pdf"
    )
    services.agreement_record_signing(
        agreement_id=agreement.pk,
        actor=town.a.grid_mediator,
        signed_on=today,
        effective_on=today,
        scan=scan,
    )
    agreement.refresh_from_db()
    assert agreement.status == "effective" and agreement.effective_on == today
    copy = Document.objects.get(agreement=agreement, kind="signed_agreement")
    assert copy.state == "ready" and copy.content_type == "application/pdf"
    assert copy.file.read() == b"%PDF-1.4 signed scan"
    assert grid_case.events.filter(kind="agreement_signed", visibility="parties").exists()
    # signed: now the case is settled (调解成功), by the settle move in the same transaction
    grid_case.refresh_from_db()
    assert grid_case.status == "settled" and grid_case.outcome == "agreement"
    assert grid_case.concluded_at is not None
    settle = grid_case.events.get(kind="settle")
    assert settle.actor == town.a.grid_mediator and today.isoformat() in settle.summary
    assert not grid_case.tier_stints.filter(left_at__isnull=True).exists()


def test_recording_the_signing_again_does_not_settle_twice(
    town, grid_case, django_capture_on_commit_callbacks
):
    agreement = finalised(grid_case, town.a.grid_mediator, django_capture_on_commit_callbacks)
    today = timezone.localdate()
    for _ in range(2):
        services.agreement_record_signing(
            agreement_id=agreement.pk,
            actor=town.a.grid_mediator,
            signed_on=today,
            effective_on=today,
        )
    assert grid_case.events.filter(kind="settle").count() == 1


def test_a_final_agreement_awaiting_signatures_is_not_settled_by_the_settle_move(
    town, grid_case, django_capture_on_commit_callbacks
):
    from cases.services.moves import case_settle

    finalised(grid_case, town.a.grid_mediator, django_capture_on_commit_callbacks)
    with pytest.raises(Refused) as refused:
        case_settle(case_id=grid_case.pk, actor=town.a.grid_mediator, summary="已定稿")
    assert refused.value.code == "illegal" and "签字" in refused.value.message
    assert Case.objects.get(pk=grid_case.pk).status == "in_mediation"


def test_a_wrong_signing_settles_nothing(town, grid_case, django_capture_on_commit_callbacks):
    agreement = finalised(grid_case, town.a.grid_mediator, django_capture_on_commit_callbacks)
    today = timezone.localdate()
    with pytest.raises(Refused):
        services.agreement_record_signing(
            agreement_id=agreement.pk,
            actor=town.a.grid_mediator,
            signed_on=today,
            effective_on=today - timedelta(days=1),
        )
    assert Case.objects.get(pk=grid_case.pk).status == "in_mediation"


@pytest.mark.parametrize(
    "signed, effective, content",
    [
        (1, 0, b"%PDF-1.4"),  # signed tomorrow
        (0, -1, b"%PDF-1.4"),  # in effect before it was signed
        (0, 0, b"<html>not a scan</html>"),  # not a PDF or photo
    ],
)
def test_a_wrong_signing_is_refused(
    town, grid_case, django_capture_on_commit_callbacks, signed, effective, content
):
    agreement = finalised(grid_case, town.a.grid_mediator, django_capture_on_commit_callbacks)
    today = timezone.localdate()
    with pytest.raises(Refused) as refused:
        services.agreement_record_signing(
            agreement_id=agreement.pk,
            actor=town.a.grid_mediator,
            signed_on=today + timedelta(days=signed),
            effective_on=today + timedelta(days=effective),
            scan=SimpleUploadedFile("x.pdf", content),
        )
    assert refused.value.code == "invalid"
    agreement.refresh_from_db()
    assert agreement.status == "final"
    assert not Document.objects.filter(kind="signed_agreement").exists()


def test_judicial_confirmation_is_recorded_after_the_agreement_takes_effect(
    town, grid_case, django_capture_on_commit_callbacks
):
    agreement = finalised(grid_case, town.a.grid_mediator, django_capture_on_commit_callbacks)
    today = timezone.localdate()
    kwargs = {"agreement_id": agreement.pk, "actor": town.a.grid_mediator, "intended": True}
    with pytest.raises(Refused):  # not in effect yet
        services.agreement_record_judicial_confirmation(**kwargs)
    services.agreement_record_signing(
        agreement_id=agreement.pk, actor=town.a.grid_mediator, signed_on=today, effective_on=today
    )
    with pytest.raises(Refused):
        services.agreement_record_judicial_confirmation(**kwargs, applied_on=today)  # no court
    services.agreement_record_judicial_confirmation(
        **kwargs, applied_on=today, court="闵行区人民法院", result="裁定协议有效", result_on=today
    )
    agreement.refresh_from_db()
    assert (agreement.jc_court, agreement.jc_result, agreement.jc_applied_on) == (
        "闵行区人民法院",
        "裁定协议有效",
        today,
    )
    event = CaseEvent.objects.filter(case=grid_case, kind="judicial_confirmation").last()
    assert "闵行区人民法院" in event.summary


def test_obligation_status_is_left_to_performance_tracking(town, grid_case):
    """The follow-up work reads Obligation.status; drafting leaves every obligation pending."""
    agreement = make_draft(grid_case, actor=town.a.grid_mediator)
    assert set(Obligation.objects.filter(agreement=agreement).values_list("status", flat=True)) == {
        "pending"
    }
