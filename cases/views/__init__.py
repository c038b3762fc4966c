"""The mediator's desk and the case page. Thin: reads through the selectors and the access
function, writes through the services."""

from .case import case_assign, case_detail, case_grade, case_move, case_unassign, work_form
from .corrections import work_correct
from .desk import inbox, inbox_filters
from .parties import (
    group_detail,
    group_import,
    party_correct,
    party_position,
    party_reveal,
    record_for_side,
)
from .work import action_done, assessment_submit, evidence_download, invite, uninvite, work_post

__all__ = [
    "action_done",
    "assessment_submit",
    "case_assign",
    "case_detail",
    "case_grade",
    "case_move",
    "case_unassign",
    "evidence_download",
    "group_detail",
    "group_import",
    "inbox",
    "inbox_filters",
    "invite",
    "party_correct",
    "party_position",
    "party_reveal",
    "record_for_side",
    "uninvite",
    "work_correct",
    "work_form",
    "work_post",
]
