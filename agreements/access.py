"""Who reviews an agreement before it becomes final: asked once, by the services, the pages,
the API and the notice that a draft awaits review.

Four eyes at every tier: nobody finalises a text they drafted. Above the grid the team lead
(or the centre's coordinator) reviews; at the grid tier the "1+3" team does it itself, since
it has no lead: its grid worker, who holds the case, or its legal adviser, who checks that the
agreement is lawful. Reviewing means approving or sending back; approving is refused to the
drafter (a lead who drafts, or starts a correction, has another reviewer approve it)."""

from cases.access import LEAD_ROLES, case_capabilities, scope_for
from cases.models import Case
from cases.workflow import Capability, Tier
from mediators.models import Membership

GRID_REVIEWER_ROLES = LEAD_ROLES | {Membership.Role.GRID_WORKER, Membership.Role.LEGAL_ADVISER}


def reviewer_roles(case: Case) -> set[str]:
    """The team roles that review this case's agreements, by the tier it is at."""
    return GRID_REVIEWER_ROLES if case.tier == Tier.GRID else LEAD_ROLES


def may_review_agreement(user, case: Case, caps: frozenset | None = None) -> bool:
    """Approve or send back the case's agreements (the drafter aside, see may_approve)."""
    if not user.is_authenticated:
        return False
    caps = case_capabilities(user, case) if caps is None else caps
    if Capability.WORK not in caps:
        return False
    return Capability.LEAD in caps or bool(
        scope_for(user).roles_in(case.team_id) & reviewer_roles(case)
    )


def may_approve_agreement(user, case: Case, agreement, caps: frozenset | None = None) -> bool:
    return agreement.drafted_by_id != user.pk and may_review_agreement(user, case, caps)


def reviewers_of(case: Case):
    """Memberships of whoever reviews the case's agreements, for the notice that one awaits."""
    return Membership.objects.filter(
        team_id=case.team_id, role__in=reviewer_roles(case), active=True
    )
