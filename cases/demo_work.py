"""Demo work on the walkthrough cases, made through the real services: contact attempts, joint
and back-to-back sessions, interim measures, evidence, a legal opinion, an expert assessment,
a joint meeting, positions in the collective dispute, and a duplicate linked to its original."""

import struct
import zlib
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mediators.models import Expert

from .checklist import CHECKLIST_CODES
from .models import Case, Party
from .services import links, parties, work
from .services.moves import case_accept
from .services.parties import PartyData
from .services.registration import case_register
from .services.work import ActionInput


def _png(width: int = 8, height: int = 6) -> bytes:
    """A small real PNG (grey pixels), so the evidence download opens in any viewer."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x99\x99\x99" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def seed_work(ctx, walked: list[Case], collective: Case) -> None:
    users = ctx.users
    now = timezone.now()
    _grid_case_work(walked[4], users, now)
    _duplicate(ctx, walked[5], users)
    _assessment(walked[7], users, now)
    _joint_meeting(walked[8], users, now)
    _collective(collective, users, now)


def _grid_case_work(case: Case, users, now) -> None:
    mediator, legal = users["mediator"], users["legal"]
    applicant = case.parties.get(side="applicant")
    respondent = case.parties.get(side="respondent")
    work.contact_record(
        case_id=case.pk,
        actor=mediator,
        party_id=applicant.pk,
        method="phone",
        result="no_answer",
        contacted_at=now - timedelta(days=3, hours=2),
    )
    work.contact_record(
        case_id=case.pk,
        actor=mediator,
        party_id=applicant.pk,
        method="phone",
        result="reached",
        note="约定周五上午到工作站面谈。",
        contacted_at=now - timedelta(days=3),
    )
    work.interim_measure_record(
        case_id=case.pk,
        actor=mediator,
        taken_on=timezone.localdate(now - timedelta(days=3)),
        measure="协调物业公司当天为业主充值水卡，先行恢复供水。",
        responsible=respondent.name,
        result="当日18时恢复供水。",
    )
    work.investigation_record(
        case_id=case.pk,
        actor=mediator,
        investigated_at=now - timedelta(days=3, hours=-2),
        place="小区物业服务中心",
        investigators=mediator.name,
        interviewee="物业客服主管",
        findings="物业公司确认系统按欠费记录锁定了该户水卡，锁卡前未书面通知业主。",
    )
    work.session_record(
        case_id=case.pk,
        actor=mediator,
        held_at=now - timedelta(days=2),
        place="网格工作站调解室",
        mode="back_to_back",
        side="applicant",
        participants=f"{applicant.name}、调解员{mediator.name}",
        minutes="申请人情绪激动，表示物业长期不维修公共部位，愿意在维修落实后补缴物业费。",
    )
    work.session_record(
        case_id=case.pk,
        actor=mediator,
        held_at=now - timedelta(days=2) + timedelta(hours=2),
        place="物业服务中心",
        mode="back_to_back",
        side="respondent",
        participants=f"{respondent.name}项目经理、调解员{mediator.name}",
        minutes="物业方承认停水处理不当，同意两周内修复楼道渗水，希望业主先缴纳半年物业费。",
    )
    work.session_record(
        case_id=case.pk,
        actor=mediator,
        held_at=now - timedelta(days=1),
        place="网格工作站调解室",
        mode="joint",
        participants=f"{applicant.name}、{respondent.name}项目经理、调解员{mediator.name}",
        minutes="双方就维修时间表和缴费方式初步达成一致，约定下周签署协议。",
    )
    work.evidence_add(
        case_id=case.pk,
        actor=mediator,
        uploaded=SimpleUploadedFile("楼道渗水照片.png", _png(), content_type="image/png"),
        description="楼道顶部渗水现场照片",
        submitted_by_side="applicant",
    )
    work.opinion_give(
        case_id=case.pk,
        actor=legal,
        question="物业公司能否以欠缴物业费为由停止供水？",
        opinion="物业服务企业不得以业主拖欠物业费为由停止供水、供电，应通过协商或诉讼主张物业费。",
        legal_basis="《民法典》第九百四十四条第三款",
    )


def _duplicate(ctx, original: Case, users) -> None:
    """The same complaint arrives again through WeChat: registered, then linked."""
    applicant = original.parties.get(side="applicant")
    duplicate = case_register(
        compound=original.compound,
        category=original.category,
        channel="wechat",
        title=original.title,
        description=original.description,
        parties=[
            PartyData(side="applicant", name=applicant.name, mobile=applicant.mobile, is_filer=True)
        ],
        registered_by=users["gridworker"],
    )
    links.case_link(
        case_id=duplicate.pk,
        actor=users["gridworker"],
        other_reference=original.reference,
        kind="duplicate",
        note="同一业主通过微信公众号重复反映。",
    )
    ctx.extra["duplicate_case"] = duplicate.pk


def _assessment(case: Case, users, now) -> None:
    lead = users["lead"]
    work.session_record(
        case_id=case.pk,
        actor=lead,
        held_at=now - timedelta(days=1, hours=3),
        place="镇物业纠纷调解队",
        mode="joint",
        participants="双方当事人、调解队队长",
        minutes="双方对物业服务是否达标分歧很大，同意请专家库专家对服务质量作出评估。",
    )
    expert = Expert.objects.get(user=users["expert"])
    assessment = work.assessment_request(
        case_id=case.pk,
        actor=lead,
        expert_id=expert.pk,
        scope="对照物业服务合同和本市住宅物业服务标准，评估保洁、秩序维护、绿化和维修服务。",
    )
    scores = {code: {"score": 3, "remark": ""} for code in CHECKLIST_CODES}
    scores["cleaning"] = {"score": 2, "remark": "楼道每周仅清扫一次，低于合同约定。"}
    scores["repairs"] = {"score": 1, "remark": "报修平均三天响应。"}
    scores["fee_transparency"] = {"score": 2, "remark": "公共收益未按季度公示。"}
    work.assessment_submit(
        assessment_id=assessment.pk,
        actor=users["expert"],
        scores=scores,
        conclusion="物业服务在保洁和维修方面明显低于合同约定，建议按未达标项目相应减免部分物业费并限期整改。",
    )


def _joint_meeting(case: Case, users, now) -> None:
    coordinator = users["coordinator"]
    if case.status == "registered":
        case_accept(case_id=case.pk, actor=coordinator)
    work.meeting_record(
        case_id=case.pk,
        actor=coordinator,
        held_at=now - timedelta(hours=20),
        place="镇矛盾调解中心会议室",
        attendees=[
            {"name": coordinator.name, "organisation": "矛盾调解中心"},
            {"name": users["police"].name, "organisation": "派出所"},
            {"name": "刘法官", "organisation": "人民法庭"},
            {"name": "陈科长", "organisation": "镇房管办"},
        ],
        decisions="由房管办牵头核查物业服务合同履行情况；派出所做好现场秩序维护；一周后再次联合调解。",
        actions=[
            ActionInput(
                "核查物业服务合同履行情况并出具书面意见",
                "镇房管办",
                timezone.localdate() + timedelta(days=5),
            ),
            ActionInput(
                "通知双方参加联合调解", coordinator.name, timezone.localdate() + timedelta(days=6)
            ),
        ],
    )


def _collective(case: Case, users, now) -> None:
    lead = users["lead"]
    case_accept(case_id=case.pk, actor=lead)
    members = list(Party.objects.filter(case=case, group__isnull=False).order_by("id"))
    representatives = [m for m in members if m.is_representative]
    work.session_record(
        case_id=case.pk,
        actor=lead,
        held_at=now - timedelta(hours=30),
        place="小区业主活动室",
        mode="back_to_back",
        side="applicant",
        participants="业主代表" + "、".join(m.name for m in representatives),
        minutes="业主代表提出恢复原收费标准并补足保安岗位，多数业主愿意在整改后缴费。",
    )
    for member, position in zip(
        members[3:9], ["agrees", "agrees", "refuses", "agrees", "undecided", "agrees"], strict=False
    ):
        parties.party_position_set(
            case_id=case.pk,
            party_id=member.pk,
            actor=lead,
            position=position if member.position != position else "undecided",
            note="电话征询意见。",
        )
