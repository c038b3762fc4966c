from .case import Case, CaseAssignment, Category, ReferenceCounter, TierStint
from .party import Party, PartyGroup
from .record import CaseEvent
from .work import (
    ActionItem,
    CaseLink,
    ContactAttempt,
    Evidence,
    ExpertAssessment,
    InterimMeasure,
    Investigation,
    JointMeeting,
    LegalOpinion,
    MediationSession,
)

__all__ = [
    "ActionItem",
    "Case",
    "CaseAssignment",
    "CaseEvent",
    "CaseLink",
    "Category",
    "ContactAttempt",
    "Evidence",
    "ExpertAssessment",
    "InterimMeasure",
    "Investigation",
    "JointMeeting",
    "LegalOpinion",
    "MediationSession",
    "Party",
    "PartyGroup",
    "ReferenceCounter",
    "TierStint",
]
