from celery import shared_task
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy

from cases.models import CaseEvent
from mediators.selectors import team_working_members

from .notices import DESK, Notice, notice_send, staff
from .services import outbox_due_ids, outbox_send_one

# Record entries that the receiving team must hear about.
TEAM_EVENTS = {"routed", "escalate", "reopen"}
ASSIGNEE_EVENTS = {"withdraw", "decline", "settle", "refer", "close"}
# What the resident sent from the tracking page: the assigned mediators, or the team if the
# case has none yet.
RESIDENT_EVENTS = {"applicant_added"}


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def notify_case_event(event_id: int) -> int:
    """Notify the team or the assigned mediators of a record entry. Safe to run twice."""

    event = CaseEvent.objects.select_related("case", "case__team").filter(pk=event_id).first()
    if event is None:
        return 0
    case = event.case
    User = get_user_model()
    if event.kind in TEAM_EVENTS:
        users = team_working_members(case.team_id)
    elif event.kind == "assigned":
        users = User.objects.filter(pk=event.detail.get("user_id"))
    elif event.kind in ASSIGNEE_EVENTS:
        users = User.objects.filter(case_assignments__case=case, case_assignments__active=True)
    elif event.kind in RESIDENT_EVENTS:
        users = User.objects.filter(case_assignments__case=case, case_assignments__active=True)
        if not users.exists():
            users = team_working_members(case.team_id)
    else:
        return 0
    if event.actor_id:
        users = users.exclude(pk=event.actor_id)
    return notice_send(
        CASE_EVENT,
        to=staff(users.distinct()),
        params={"reference": case.reference, "summary": event.summary},
        source=f"event:{event.pk}",
        url=reverse("cases:detail", args=[case.pk]),
        case=case,
    )


# What happened on a case, for those who must act on it: the entry's own sentence for now
# (it is stored in Chinese; issue 20, part 6 renders it in the reader's language).
CASE_EVENT = Notice(
    name="cases.event", text=gettext_lazy("%(reference)s: %(summary)s"), channels=frozenset({DESK})
)


@shared_task
def outbox_send(message_id: int) -> str:
    return outbox_send_one(message_id=message_id)


@shared_task
def outbox_drain() -> int:
    """Send whatever is due: messages whose first try failed or found no broker."""

    sent = 0
    for message_id in outbox_due_ids():
        sent += outbox_send_one(message_id=message_id) == "sent"
    return sent
