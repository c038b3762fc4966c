"""The follow-up panel of the case page: the plan, each visit, each obligation."""

from cases.workflow import Capability
from followups import rules
from followups.selectors import obligations_for_case, visits_for_case


def followup_panel_context(request, case) -> dict | None:
    visits = list(visits_for_case(case))
    obligations = list(obligations_for_case(case))
    if not visits and not obligations:
        return None
    plans = []
    for visit in visits:
        if not plans or plans[-1]["plan"].pk != visit.plan_id:
            plans.append({"plan": visit.plan, "visits": []})
        plans[-1]["visits"].append(visit)
    can_work = Capability.WORK in case.capabilities
    return {
        "plans": plans,
        "obligations": [
            {"obligation": o, "recordable": can_work and bool(rules.recordable(o.status))}
            for o in obligations
        ],
        "can_work": can_work,
    }
