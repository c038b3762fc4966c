"""Work on a case: each piece of work is a row plus its record entry, written together under
the case's row lock by one service here."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.checklist import CHECKLIST_CODES, MAX_SCORE, checklist_total
from cases.models import (
    ActionItem,
    CaseEvent,
    ContactAttempt,
    Evidence,
    ExpertAssessment,
    InterimMeasure,
    Investigation,
    JointMeeting,
    LegalOpinion,
    MediationSession,
    Party,
)
from core.errors import Refused
from core.uploads import check_upload
from mediators.models import Expert

from .guard import case_lock_for_work, require_text
from .invitations import invite_grant
from .notify import notify_on_commit
from .record import event_record

if TYPE_CHECKING:
    from mediators.models import User

V = CaseEvent.Visibility


def _party_of(case, party_id: int | None) -> Party | None:
    """The case's own party, or None when none is named; another case's party is refused."""
    party = case.parties.filter(pk=party_id).first() if party_id else None
    if party_id and party is None:
        raise Refused("invalid", _("No such party on this case."))
    return party


def contact_record(
    *,
    case_id: int,
    actor: "User",
    method: str,
    result: str,
    party_id: int | None = None,
    note: str = "",
    contacted_at: datetime | None = None,
) -> ContactAttempt:
    if method not in ContactAttempt.Method.values or result not in ContactAttempt.Result.values:
        raise Refused("invalid", _("Choose how the party was contacted and the result."))
    with transaction.atomic():
        case = case_lock_for_work(case_id=case_id, actor=actor)
        party = _party_of(case, party_id)
        contact = ContactAttempt.objects.create(
            case=case,
            party=party,
            method=method,
            result=result,
            note=note,
            contacted_at=contacted_at or timezone.now(),
            recorded_by=actor,
        )
        event_record(
            case=case,
            kind="contact",
            actor=actor,
            summary=_("%(method)s to %(party)s: %(result)s.")
            % {
                "method": contact.get_method_display(),
                "party": party.name if party else _("the parties"),
                "result": contact.get_result_display(),
            }
            + (f" {note}" if note else ""),
            detail={"contact_id": contact.pk, "party_id": party_id},
        )
    return contact


def session_record(
    *,
    case_id: int,
    actor: "User",
    held_at: datetime,
    place: str,
    mode: str,
    participants: str,
    minutes: str,
    side: str = "",
    private_note: str = "",
) -> MediationSession:
    """A joint session's minutes are shared with all parties; a back-to-back session's with the
    side that was met only (its record entry has visibility "side"). The private note stays on
    the session row: the record entry does not carry it."""
    place = require_text(place, _("Where was the session held?"))
    participants = require_text(participants, _("Who took part?"))
    minutes = require_text(minutes, _("Write the minutes of the session."))
    if mode == MediationSession.Mode.BACK_TO_BACK:
        if side not in Party.Side.values:
            raise Refused("invalid", _("A back-to-back session is with one side: choose it."))
        visibility = V.SIDE
    elif mode == MediationSession.Mode.JOINT:
        side, visibility = "", V.PARTIES
    else:
        raise Refused("invalid", _("Choose joint or back-to-back."))
    with transaction.atomic():
        case = case_lock_for_work(case_id=case_id, actor=actor)
        if case.status != "in_mediation":
            raise Refused("illegal", _("Sessions are held once the case is accepted."))
        session = MediationSession.objects.create(
            case=case,
            held_at=held_at,
            place=place,
            mode=mode,
            side=side,
            participants=participants,
            minutes=minutes,
            private_note=(private_note or "").strip(),
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        if side:
            heading = _("Back-to-back session with the %(side)s at %(place)s") % {
                "side": Party.Side(side).label,
                "place": place,
            }
        else:
            heading = _("Joint session at %(place)s") % {"place": place}
        event_record(
            case=case,
            kind="session",
            actor=actor,
            visibility=visibility,
            side=side,
            summary=f"{heading} ({timezone.localtime(held_at):%Y-%m-%d %H:%M}): {minutes}",
            detail={"session_id": session.pk, "mode": mode, "participants": participants},
        )
    return session


def interim_measure_record(
    *,
    case_id: int,
    actor: "User",
    taken_on: date,
    measure: str,
    responsible: str = "",
    result: str = "",
) -> InterimMeasure:
    measure = require_text(measure, _("Describe what was done."))
    with transaction.atomic():
        case = case_lock_for_work(case_id=case_id, actor=actor)
        row = InterimMeasure.objects.create(
            case=case,
            taken_on=taken_on,
            measure=measure,
            responsible=responsible,
            result=result,
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        event_record(
            case=case,
            kind="interim_measure",
            actor=actor,
            visibility=V.PARTIES,
            summary=_("Interim measure (%(date)s): %(measure)s")
            % {"date": taken_on.isoformat(), "measure": measure}
            + (f" {result}" if result else ""),
            detail={"measure_id": row.pk},
        )
    return row


def investigation_record(
    *,
    case_id: int,
    actor: "User",
    investigated_at: datetime,
    place: str,
    investigators: str,
    findings: str,
    party_id: int | None = None,
    interviewee: str = "",
) -> Investigation:
    """An investigation record (调查记录). Its entry is internal: what one side or a witness
    told the mediator is not shown to the parties on the tracking page."""
    findings = require_text(findings, _("Write down what was found."))
    place = require_text(place, _("Say where the investigation took place."))
    investigators = require_text(investigators, _("Say who investigated."))
    with transaction.atomic():
        case = case_lock_for_work(case_id=case_id, actor=actor)
        party = _party_of(case, party_id)
        row = Investigation.objects.create(
            case=case,
            investigated_at=investigated_at,
            place=place,
            investigators=investigators,
            party=party,
            interviewee=interviewee.strip(),
            findings=findings,
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        questioned = party.name if party else row.interviewee or _("on site")
        event_record(
            case=case,
            kind="investigation",
            actor=actor,
            visibility=V.INTERNAL,
            summary=_("Investigation at %(place)s (%(whom)s): %(findings)s")
            % {"place": place, "whom": questioned, "findings": findings},
            detail={"investigation_id": row.pk, "party_id": party_id},
        )
    return row


def evidence_add(
    *, case_id: int, actor: "User", uploaded, description: str, submitted_by_side: str = ""
) -> Evidence:
    """Stored under a random name in private storage, its type decided by its content."""
    description = require_text(description, _("Say what the file shows."))
    try:
        checked = check_upload(uploaded)
    except ValidationError as exc:
        raise Refused("invalid", exc.messages[0]) from None
    if submitted_by_side and submitted_by_side not in Party.Side.values:
        raise Refused("invalid", _("Choose applicant, respondent or third party."))
    stored = None
    try:
        with transaction.atomic():
            case = case_lock_for_work(case_id=case_id, actor=actor)
            evidence = Evidence(
                case=case,
                original_name=checked.safe_name,
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                description=description,
                submitted_by_side=submitted_by_side,
                uploaded_by=actor,
                uploaded_at=timezone.now(),
            )
            evidence.file.save(f"evidence{checked.extension}", uploaded, save=False)
            stored = evidence.file.name
            evidence.save()
            event_record(
                case=case,
                kind="evidence",
                actor=actor,
                summary=_("Evidence added: %(name)s (%(description)s).")
                % {"name": checked.safe_name, "description": description},
                detail={"evidence_id": evidence.pk, "sha256": checked.sha256},
            )
    except Exception:
        # Django has no on-rollback hook: a refused or failed upload leaves no file behind.
        if stored:
            Evidence.file.field.storage.delete(stored)
        raise
    return evidence


def opinion_give(
    *, case_id: int, actor: "User", opinion: str, question: str = "", legal_basis: str = ""
) -> LegalOpinion:
    opinion = require_text(opinion, _("Write the opinion."))
    with transaction.atomic():
        case = case_lock_for_work(case_id=case_id, actor=actor)
        row = LegalOpinion.objects.create(
            case=case,
            author=actor,
            question=question,
            opinion=opinion,
            legal_basis=legal_basis,
            given_at=timezone.now(),
        )
        event_record(
            case=case,
            kind="opinion",
            actor=actor,
            summary=_("Legal opinion: %(opinion)s") % {"opinion": opinion},
            detail={"opinion_id": row.pk, "question": question},
        )
    return row


def assessment_request(
    *, case_id: int, actor: "User", expert_id: int, scope: str
) -> ExpertAssessment:
    """Ask an expert of the pool to assess; an expert with an account is invited to the case
    (and to nothing else) so they can read it and record the scores."""
    scope = require_text(scope, _("Say what the expert should assess."))
    with transaction.atomic():
        case = case_lock_for_work(case_id=case_id, actor=actor)
        expert = Expert.objects.filter(pk=expert_id, available=True).select_related("user").first()
        if expert is None:
            raise Refused("invalid", _("Choose an available expert from the pool."))
        if case.assessments.filter(expert=expert, status=ExpertAssessment.Status.REQUESTED):
            raise Refused("illegal", _("%(expert)s has already been asked.") % {"expert": expert})
        assessment = ExpertAssessment.objects.create(
            case=case,
            expert=expert,
            scope=scope,
            requested_by=actor,
            requested_at=timezone.now(),
        )
        event = event_record(
            case=case,
            kind="assessment_requested",
            actor=actor,
            summary=_("Expert assessment requested from %(expert)s: %(scope)s")
            % {"expert": expert, "scope": scope},
            detail={"assessment_id": assessment.pk, "expert_id": expert.pk},
        )
        if expert.user_id:
            invite_grant(case=case, user=expert.user, actor=actor, reason=scope)
        notify_on_commit(event)
    return assessment


def assessment_submit(
    *, assessment_id: int, actor: "User", scores: dict, conclusion: str
) -> ExpertAssessment:
    """Only the invited expert records the assessment, once, with a score for every item."""
    conclusion = require_text(conclusion, _("Write the conclusion of the assessment."))
    clean = {}
    for code in CHECKLIST_CODES:
        item = scores.get(code) or {}
        try:
            score = int(item.get("score"))
        except (TypeError, ValueError):
            score = -1
        if not 0 <= score <= MAX_SCORE:
            raise Refused("invalid", _("Give every item a score from 0 to 5."))
        clean[code] = {"score": score, "remark": str(item.get("remark") or "")[:500]}
    with transaction.atomic():
        assessment = (
            ExpertAssessment.objects.select_for_update()
            .select_related("expert")
            .filter(pk=assessment_id)
            .first()
        )
        if assessment is None:
            raise Refused("invalid", _("No such assessment."))
        case = case_lock_for_work(case_id=assessment.case_id, actor=actor, capability="view")
        if assessment.expert.user_id != actor.pk:
            raise Refused("forbidden", _("Only the invited expert records this assessment."))
        if assessment.status != ExpertAssessment.Status.REQUESTED:
            raise Refused("illegal", _("This assessment has already been recorded."))
        assessment.scores = clean
        assessment.total = checklist_total(clean)
        assessment.conclusion = conclusion
        assessment.status = ExpertAssessment.Status.SUBMITTED
        assessment.submitted_by = actor
        assessment.submitted_at = timezone.now()
        assessment.save()
        event = event_record(
            case=case,
            kind="assessment",
            actor=actor,
            visibility=V.PARTIES,
            summary=_("Expert assessment by %(expert)s: %(total)s/100. %(conclusion)s")
            % {"expert": assessment.expert, "total": assessment.total, "conclusion": conclusion},
            detail={"assessment_id": assessment.pk, "total": float(assessment.total)},
        )
        notify_on_commit(event)
    return assessment


@dataclass
class ActionInput:
    description: str
    owner: str
    due_on: date | None = None


def meeting_record(
    *,
    case_id: int,
    actor: "User",
    held_at: datetime,
    place: str,
    attendees: list[dict],
    decisions: str,
    actions: list[ActionInput] = (),
) -> JointMeeting:
    place = require_text(place, _("Where was the meeting held?"))
    decisions = require_text(decisions, _("Write what the meeting decided."))
    attendees = [
        {"name": a["name"].strip(), "organisation": (a.get("organisation") or "").strip()}
        for a in attendees
        if (a.get("name") or "").strip()
    ]
    if not attendees:
        raise Refused("invalid", _("List who attended, one per line."))
    for item in actions:
        if not item.description.strip() or not item.owner.strip():
            raise Refused("invalid", _("Each action item needs a description and an owner."))
    with transaction.atomic():
        case = case_lock_for_work(case_id=case_id, actor=actor)
        meeting = JointMeeting.objects.create(
            case=case,
            held_at=held_at,
            place=place,
            attendees=attendees,
            decisions=decisions,
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        ActionItem.objects.bulk_create(
            [
                ActionItem(
                    meeting=meeting,
                    description=a.description.strip(),
                    owner=a.owner.strip(),
                    due_on=a.due_on,
                )
                for a in actions
            ]
        )
        who = "、".join(
            f"{a['organisation']}{a['name']}" if a["organisation"] else a["name"] for a in attendees
        )
        event_record(
            case=case,
            kind="joint_meeting",
            actor=actor,
            summary=_("Joint meeting at %(place)s with %(who)s. Decided: %(decisions)s")
            % {"place": place, "who": who, "decisions": decisions},
            detail={"meeting_id": meeting.pk, "actions": len(actions)},
        )
    return meeting


def action_item_done(*, action_id: int, actor: "User") -> ActionItem:
    with transaction.atomic():
        item = ActionItem.objects.select_related("meeting").filter(pk=action_id).first()
        if item is None:
            raise Refused("invalid", _("No such action item."))
        case = case_lock_for_work(case_id=item.meeting.case_id, actor=actor)
        item = ActionItem.objects.select_for_update().get(pk=action_id)
        if item.done_at:
            raise Refused("illegal", _("This action is already marked done."))
        item.done_at = timezone.now()
        item.save(update_fields=["done_at"])
        event_record(
            case=case,
            kind="action_done",
            actor=actor,
            summary=_("Action done: %(action)s (%(owner)s).")
            % {"action": item.description, "owner": item.owner},
            detail={"action_id": item.pk, "meeting_id": item.meeting_id},
        )
    return item
