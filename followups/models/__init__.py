from .obligations import ObligationEvidence, ObligationRecord
from .patrols import EarlySign, MissedPatrol, PatrolMember, ScreeningPatrol
from .policy import FollowUpPolicy
from .reminders import Reminder
from .visits import FollowUpPlan, FollowUpVisit

__all__ = [
    "EarlySign",
    "FollowUpPlan",
    "FollowUpPolicy",
    "FollowUpVisit",
    "MissedPatrol",
    "ObligationEvidence",
    "ObligationRecord",
    "PatrolMember",
    "Reminder",
    "ScreeningPatrol",
]
