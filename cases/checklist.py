"""The property-service quality checklist an expert scores (物业服务质量评估).

Each item is scored from 0 (absent) to 5 (fully meets the contract and the local standard);
the total is the share of the maximum, out of 100.
"""

from django.utils.translation import gettext_lazy as _

MAX_SCORE = 5

CHECKLIST = [
    ("cleaning", _("Cleaning of stairwells, lifts and common areas")),
    ("waste", _("Waste collection and sorting")),
    ("security", _("Security: guards, patrols, access control")),
    ("greening", _("Greening and landscape upkeep")),
    ("repairs", _("Repairs: response time and quality")),
    ("facilities", _("Shared facilities: lifts, pumps, fire equipment")),
    ("parking", _("Parking and traffic order")),
    ("customer_service", _("Customer service and complaint handling")),
    ("fee_transparency", _("Fee transparency and public-revenue accounts")),
]
CHECKLIST_CODES = [code for code, _label in CHECKLIST]


def checklist_total(scores: dict) -> float:
    """The total out of 100 for a complete set of scores."""
    points = sum(int(scores[code]["score"]) for code in CHECKLIST_CODES)
    return round(points * 100 / (MAX_SCORE * len(CHECKLIST_CODES)), 1)
