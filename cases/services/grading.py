"""Re-grading a case (分级): category, households, difficulty and urgency, with the reason.
The grade feeds the graded ledger; a case already routed stays with its team (escalation is
the way up), but a newly key case is flagged for the lead."""

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from cases.grading import grade_level_for
from cases.models import Case, Category
from core.errors import Refused

from .guard import case_lock_for_work, require_text
from .record import event_record

if TYPE_CHECKING:
    from mediators.models import User

GRADE_FIELDS = ("category_id", "households", "difficulty", "urgency")


def case_grade(
    *,
    case_id: int,
    actor: "User",
    category: Category,
    households: int,
    difficulty: str,
    urgency: str,
    reason: str,
) -> Case:
    reason = require_text(reason, _("Say why the grade changes."))

    if difficulty not in Case.Difficulty.values or urgency not in Case.Urgency.values:
        raise Refused("invalid", _("Choose a difficulty and an urgency."))
    if households < 1:
        raise Refused("invalid", _("At least one household is involved."))
    with transaction.atomic():
        case = case_lock_for_work(case_id=case_id, actor=actor)
        before = {f: getattr(case, f) for f in (*GRADE_FIELDS, "grade_level")}
        case.category = category
        case.households, case.difficulty, case.urgency = households, difficulty, urgency
        case.grade_level = grade_level_for(
            households=households, difficulty=difficulty, urgency=urgency
        )
        after = {f: getattr(case, f) for f in (*GRADE_FIELDS, "grade_level")}
        if after == before:
            raise Refused("invalid", _("Nothing was changed."))
        if case.grade_level == "key" and case.tier == "grid":
            case.needs_lead_attention = True
        case.save()
        event_record(
            case=case,
            kind="graded",
            actor=actor,
            summary=_(
                "Graded %(grade)s: %(category)s, %(households)d households, %(difficulty)s, "
                "%(urgency)s. %(reason)s"
            )
            % {
                "grade": case.get_grade_level_display(),
                "category": category.label,
                "households": households,
                "difficulty": case.get_difficulty_display(),
                "urgency": case.get_urgency_display(),
                "reason": reason,
            },
            detail={"before": before, "after": after, "reason": reason},
        )
    return case
