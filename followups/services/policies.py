"""Which follow-up policy applies to a case."""

from followups.models import FollowUpPolicy
from followups.models.policy import BUILT_IN


def policies_active() -> list[FollowUpPolicy]:
    return list(FollowUpPolicy.objects.filter(active=True))


def policy_for(case, policies: list[FollowUpPolicy] | None = None) -> FollowUpPolicy:
    """The most specific active policy for the case's category and tier (a job passes the
    policies it loaded once, so a run costs one query for them, not one per case)."""
    if policies is None:
        policies = policies_active()
    matching = [
        p
        for p in policies
        if p.category_id in (None, case.category_id) and p.tier in ("", case.tier)
    ]
    if not matching:
        return BUILT_IN
    return max(matching, key=lambda p: p.specificity)
