"""The data of the access matrix, made once per module through the real services: street A's
grid case (A), a case of street A escalated to its specialist team (S) and street B's grid
case (B), each with one of every object a case-scoped URL addresses (party, group, evidence,
assessment, meeting action, agreement, obligation with evidence, follow-up visit, document,
resident upload, typical case), and the personas of issue 10 with their relation to each case.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from agreements.models import Agreement
from cases.models import Case, Evidence, ExpertAssessment, Party, PartyGroup
from cases.services import work
from cases.services.assignment import case_assign
from cases.services.invitations import case_invite
from cases.services.moves import case_accept, case_escalate
from documents.models import Document
from followups.models import FollowUpPlan, FollowUpVisit
from followups.services.obligations import obligation_record
from followups.services.plans import _plan_create
from intake.models import Upload
from intake.services.tracking import addition_add
from intake.services.uploads import draft_new, upload_store
from privacy.services import data_request_record
from reports.models import TypicalCase
from tests.conftest import build_street
from tests.factories.agreements import make_draft
from tests.factories.cases import make_case, make_group
from tests.factories.followups import make_agreement, make_obligation
from tests.factories.intake import partner_system, png_bytes
from tests.factories.mediators import ExpertFactory, UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Kase:
    """One case and the rows its URLs address."""

    case: Case
    mobile: str
    mediator: object  # an active assignee
    party: Party
    group: PartyGroup
    evidence: Evidence
    assessment: ExpertAssessment
    session: object  # recorded work that can be corrected
    contact: object
    measure: object
    action_id: int
    draft: Agreement
    effective: Agreement
    obligation: object
    obligation_evidence_id: int
    visit: FollowUpVisit
    document: Document
    upload: Upload
    typical: TypicalCase
    invited: object  # a user invited to this case (for uninvite)
    data_request: object  # the applicant asked for a copy of their data


def _rows(case: Case, *, actor, mediator, expert, mobile: str) -> Kase:
    party = case.parties.get(side="applicant", is_filer=True)
    group = make_group(case)
    evidence = work.evidence_add(
        case_id=case.pk,
        actor=actor,
        uploaded=SimpleUploadedFile("photo.png", png_bytes()),
        description="现场照片",
    )
    assessment = work.assessment_request(
        case_id=case.pk, actor=actor, expert_id=expert.pk, scope="保洁与维修"
    )
    session = work.session_record(
        case_id=case.pk,
        actor=actor,
        held_at=datetime(2026, 5, 1, 9, tzinfo=SHANGHAI),
        place="调解室",
        mode="joint",
        participants="双方",
        minutes="初步一致",
    )
    contact = work.contact_record(case_id=case.pk, actor=actor, method="phone", result="reached")
    measure = work.interim_measure_record(
        case_id=case.pk, actor=actor, taken_on=timezone.localdate(), measure="充值水卡"
    )
    meeting = work.meeting_record(
        case_id=case.pk,
        actor=actor,
        held_at=datetime(2026, 5, 1, 10, tzinfo=SHANGHAI),
        place="街道会议室",
        attendees=[{"name": "街道", "organisation": "司法所"}],
        decisions="先行充值水卡",
        actions=[work.ActionInput(description="联系物业", owner="调解员")],
    )
    # A correction in progress: version 1 in effect, version 2 drafted to supersede it.
    draft = make_draft(case, actor=mediator)
    Agreement.objects.filter(pk=draft.pk).update(version=2)
    effective = make_agreement(case, drafted_by=mediator, version=1)
    Agreement.objects.filter(pk=draft.pk).update(supersedes=effective)
    obligation = make_obligation(effective, due_on=timezone.localdate() + timedelta(days=30))
    obligation_record(
        obligation_id=obligation.pk,
        actor=actor,
        status="partly_performed",
        performed_on=timezone.localdate(),
        amount_paid=100,
        note="已付一部分",
        files=[SimpleUploadedFile("receipt.png", png_bytes("receipt"))],
    )
    # The case is still in mediation (a correction being drafted), and the schedule plans no
    # visits for a case in mediation: the plan is made as it is for a settled case.
    _plan_create(
        case=case,
        anchor=FollowUpPlan.Anchor.AGREEMENT,
        anchor_on=effective.effective_on,
        agreement=effective,
        policies=None,
        summary="%(date)s",
    )
    document = Document.objects.create(
        case=case,
        kind=Document.Kind.AGREEMENT,
        agreement=effective,
        subject_key=f"agreement:{effective.pk}",
        state=Document.State.READY,
        file=ContentFile(PDF, name=f"agreement-{case.pk}.pdf"),
        sha256=hashlib.sha256(PDF).hexdigest(),
        size=len(PDF),
        requested_at=timezone.now(),
        finished_at=timezone.now(),
    )
    data_request = data_request_record(
        case_id=case.pk,
        actor=actor,
        party_id=party.pk,
        kind="access",
        asked_at=timezone.now(),
        verification="id_document",
    )
    draft_key = draft_new()
    upload_store(uploaded=SimpleUploadedFile("photo.png", png_bytes("resident")), draft=draft_key)
    addition_add(case=case, text="补充照片", draft=draft_key)
    return Kase(
        case=Case.objects.get(pk=case.pk),
        mobile=mobile,
        mediator=mediator,
        party=party,
        group=group,
        evidence=evidence,
        assessment=assessment,
        session=session,
        contact=contact,
        measure=measure,
        action_id=meeting.actions.get().pk,
        draft=draft,
        effective=effective,
        obligation=obligation,
        obligation_evidence_id=obligation.records.get().evidence.get().pk,
        visit=FollowUpVisit.objects.filter(case=case).order_by("pk").first(),
        document=document,
        upload=Upload.objects.get(addition__case=case),
        typical=TypicalCase.objects.create(
            case=case,
            category=case.category,
            street_name=case.street.name,
            year=2026,
            title="典型案例",
            facts="事实",
            mediation="经过",
            lesson="以案释法",
            marked_by=actor,
            marked_at=timezone.now(),
            updated_at=timezone.now(),
        ),
        invited=expert.user,
        data_request=data_request,
    )


@dataclass
class World:
    cases: dict  # "A" | "S" | "B" -> Kase
    users: dict  # persona -> user (None for visitors without an account)
    link_targets: dict  # key -> the reference of another case its workers see


def build_world() -> World:
    a, b = build_street(), None
    b = build_street(district=a.street.district)

    def expert():
        user = UserFactory()
        return ExpertFactory(user=user, name=user.name)

    expert_a, expert_s, expert_b = expert(), expert(), expert()

    # Each case its own applicant (not the factory's, whose name is in every draft's facts),
    # so that a name on a page tells which case it came from.
    case_a = make_case(compound=a.compound, registered_by=a.grid_worker, applicant_name="赵一鸣")
    case_accept(case_id=case_a.pk, actor=a.grid_worker)
    case_assign(case_id=case_a.pk, actor=a.grid_worker, user=a.grid_mediator)

    case_s = make_case(
        compound=a.compound,
        registered_by=a.grid_worker,
        applicant_name="张晓芸",
        applicant_mobile="13700001111",
    )
    case_accept(case_id=case_s.pk, actor=a.grid_worker)
    case_escalate(case_id=case_s.pk, actor=a.grid_worker, reason="涉及全体业主")
    case_assign(case_id=case_s.pk, actor=a.lead, user=a.specialist)
    case_invite(case_id=case_s.pk, actor=a.lead, user=a.partner, reason="派出所联调")

    case_b = make_case(
        compound=b.compound,
        registered_by=b.grid_worker,
        applicant_name="欧阳明远",
        applicant_mobile="13600002222",
    )
    case_accept(case_id=case_b.pk, actor=b.grid_worker)
    case_assign(case_id=case_b.pk, actor=b.grid_worker, user=b.grid_mediator)

    # Cases to link to, one each that the workers of A, S and B see.
    case_b2 = make_case(
        compound=b.compound,
        registered_by=b.grid_worker,
        applicant_name="钱多多",
        applicant_mobile="13500003333",
    )
    case_s2 = make_case(
        compound=a.compound,
        registered_by=a.grid_worker,
        applicant_name="孙悦",
        applicant_mobile="13400004444",
    )
    case_accept(case_id=case_s2.pk, actor=a.grid_worker)
    case_escalate(case_id=case_s2.pk, actor=a.grid_worker, reason="涉及全体业主")

    kases = {
        "A": _rows(
            case_a,
            actor=a.grid_mediator,
            mediator=a.grid_mediator,
            expert=expert_a,
            mobile="13812345678",
        ),
        "S": _rows(
            case_s,
            actor=a.specialist,
            mediator=a.specialist,
            expert=expert_s,
            mobile="13700001111",
        ),
        "B": _rows(
            case_b,
            actor=b.grid_mediator,
            mediator=b.grid_mediator,
            expert=expert_b,
            mobile="13600002222",
        ),
    }
    users = {
        "anonymous": None,
        "resident": None,
        "resident_of_other_case": None,
        "grid_worker": a.grid_worker,
        "mediator_of_case": a.grid_mediator,
        "mediator_elsewhere": b.grid_mediator,
        "team_lead": a.lead,
        "invited_expert": expert_b.user,  # invited to B by the assessment it was asked for
        "partner_member": a.partner,  # the police station at street A's centre, invited to S
        "partner_system": partner_system().user,
        "supervisor": a.supervisor,
        "supervisor_elsewhere": b.supervisor,
    }
    references = {key: kase.case.reference for key, kase in kases.items()}
    links = {"A": references["S"], "S": case_s2.reference, "B": case_b2.reference}
    return World(cases=kases, users=users, link_targets=links)
