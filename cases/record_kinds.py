"""What each kind of record entry is called on the timeline (shown in Chinese by default)."""

from django.utils.translation import gettext_lazy as _

KIND_LABELS = {
    "registered": _("Registered"),
    "routed": _("Routed"),
    "accept": _("Accepted"),
    "decline": _("Declined"),
    "escalate": _("Escalated"),
    "settle": _("Settled"),
    "refer": _("Referred on"),
    "withdraw": _("Withdrawn"),
    "close": _("Closed"),
    "reopen": _("Reopened"),
    "assigned": _("Assigned"),
    "unassigned": _("Assignment ended"),
    "graded": _("Graded"),
    "party_added": _("Party added"),
    "party_corrected": _("Party corrected"),
    "correction": _("Correction"),
    "group_created": _("Group of owners formed"),
    "group_imported": _("Owners imported"),
    "position_changed": _("Position changed"),
    "revealed": _("Full number viewed"),
    "contact": _("Contact attempt"),
    "session": _("Mediation session"),
    "interim_measure": _("Interim measure"),
    "evidence": _("Evidence"),
    "opinion": _("Legal opinion"),
    "assessment_requested": _("Assessment requested"),
    "assessment": _("Expert assessment"),
    "joint_meeting": _("Joint meeting"),
    "action_done": _("Action done"),
    "linked": _("Cases linked"),
    "invited": _("Invited"),
    "uninvited": _("Invitation revoked"),
    "note": _("Note"),
}


def register(labels: dict) -> None:
    """Other apps name their record entries here, from AppConfig.ready(); a kind named twice
    keeps its first name."""
    for kind, label in labels.items():
        KIND_LABELS.setdefault(kind, label)


def kind_label(kind: str) -> str:
    """A kind nobody named reads "Record entry", never its code (tests/cases/test_record_kinds.py
    names every kind the code writes)."""
    return str(KIND_LABELS.get(kind) or _("Record entry"))
