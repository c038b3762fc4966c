from celery import shared_task
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy

from cases.models import CaseEvent
from notifications.notices import DESK, Notice, notice_send, staff

from .access import reviewers_of
from .models import Agreement


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def notify_agreement_event(event_id: int) -> int:
    """Tell the reviewers (agreements.access) that a draft awaits approval, or the drafter that it came back.
    Safe to run twice (notifications are unique per source and user)."""

    event = CaseEvent.objects.select_related("case").filter(pk=event_id).first()
    if event is None:
        return 0
    agreement = Agreement.objects.filter(pk=event.detail.get("agreement_id")).first()
    if agreement is None:
        return 0
    if event.kind == "agreement_submitted":
        reviewers = reviewers_of(event.case).values("user")
        users = (
            get_user_model()
            .objects.filter(pk__in=reviewers, is_active=True)
            .exclude(
                pk=agreement.drafted_by_id  # the drafter does not approve their own draft
            )
        )
    elif event.kind == "agreement_returned":
        users = get_user_model().objects.filter(pk=agreement.drafted_by_id)
    else:
        return 0
    return notice_send(
        AGREEMENT_EVENT,
        to=staff(users),
        params={"reference": event.case.reference, "summary": event.summary},
        source=f"event:{event.pk}",
        url=reverse("agreements:detail", args=[agreement.pk]),
        case=event.case,
    )


AGREEMENT_EVENT = Notice(
    name="agreements.event",
    text=gettext_lazy("%(reference)s: %(summary)s"),
    channels=frozenset({DESK}),
)
