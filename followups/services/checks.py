"""The reminder jobs: obligations due soon, overdue, and overdue past the grace period (to the
team lead); visits due; judicial-confirmation windows closing. Each reminder goes out once
(see reminders.reminder_send); a run that fails part-way is retried and sends the rest."""

from datetime import date, timedelta

from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from agreements.models import Agreement, Obligation
from cases.workflow import OPEN_STATUSES
from followups import rules
from followups.models import FollowUpVisit, Reminder

from .jobs import run_each
from .people import case_leads, case_mediators
from .policies import policies_active, policy_for
from .reminders import reminder_send, said

K = Reminder.Kind
S_PENDING = Obligation.Status.PENDING
JC_WINDOW_DAYS = 30  # People's Mediation Law art. 33: apply within 30 days of effect


def _case_url(case) -> str:
    return reverse("cases:detail", args=[case.pk])


def _key(*parts):
    """A reminder key built in SQL from literal parts and column references, to leave out in
    the query what was already sent (the claim in reminder_send stays the guarantee)."""
    return Concat(
        *[Value(p) if isinstance(p, str) else Cast(p, CharField()) for p in parts],
        output_field=CharField(),
    )


def _not_reminded(kind: str):
    return ~Exists(Reminder.objects.filter(obligation=OuterRef("pk"), kind=kind))


def _obligations(**filters):
    return (
        Obligation.objects.filter(agreement__status=Agreement.Status.EFFECTIVE, **filters)
        .select_related("agreement__case__category", "debtor")
        .order_by("due_on", "pk")
    )


def obligations_remind(*, today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    policies = policies_active()
    furthest = max([p.remind_days_before for p in policies] + [3])
    soon = _obligations(
        status=S_PENDING, due_on__gt=today, due_on__lte=today + timedelta(days=furthest)
    ).filter(_not_reminded(K.OBLIGATION_BEFORE_DUE))
    overdue = _obligations(status__in=rules.UNSETTLED, due_on__lt=today).filter(
        _not_reminded(K.OBLIGATION_OVERDUE)
    )
    for_lead = _obligations(status__in=rules.UNSETTLED, due_on__lt=today).filter(
        _not_reminded(K.OBLIGATION_LEAD)
    )

    def before_due(o: Obligation) -> bool:
        policy = policy_for(o.agreement.case, policies)
        if o.due_on - timedelta(days=policy.remind_days_before) > today:
            return False
        return _remind_obligation(o, K.OBLIGATION_BEFORE_DUE, case_mediators(o.agreement.case))

    def lead(o: Obligation) -> bool:
        policy = policy_for(o.agreement.case, policies)
        if today <= o.due_on + timedelta(days=policy.overdue_grace_days):
            return False
        return _remind_obligation(o, K.OBLIGATION_LEAD, case_leads(o.agreement.case))

    return {
        "before_due": run_each("obligation_before_due", list(soon), before_due),
        "overdue": run_each(
            "obligation_overdue",
            list(overdue),
            lambda o: _remind_obligation(o, K.OBLIGATION_OVERDUE, case_mediators(o.agreement.case)),
        ),
        "lead": run_each("obligation_lead", list(for_lead), lead),
    }


TEXTS = {
    K.OBLIGATION_BEFORE_DUE: gettext_lazy(
        "%(reference)s: %(debtor)s must perform “%(what)s” by %(date)s."
    ),
    K.OBLIGATION_OVERDUE: gettext_lazy(
        "%(reference)s: “%(what)s” owed by %(debtor)s was due %(date)s and is not recorded "
        "as performed."
    ),
    K.OBLIGATION_LEAD: gettext_lazy(
        "%(reference)s: “%(what)s” owed by %(debtor)s is overdue since %(date)s, past the "
        "grace period. Please look into it."
    ),
    K.OBLIGATION_MISSED: gettext_lazy(
        "%(reference)s: “%(what)s” owed by %(debtor)s (due %(date)s) was recorded as "
        "breached. Please decide what comes next."
    ),
}


def obligation_missed_notify(o: Obligation, record_id: int) -> bool:
    """A breach recorded on an obligation: the team lead and the case's mediators hear of it at
    once (in the recording's transaction). Once per record: a late performance and a second
    breach of the rest is told again."""
    case = o.agreement.case
    users = list(dict.fromkeys([*case_leads(case), *case_mediators(case)]))
    return _remind_obligation(
        o, K.OBLIGATION_MISSED, users, key=f"obligation:{o.pk}:missed:{record_id}"
    )


def _remind_obligation(o: Obligation, kind: str, users, key: str = "") -> bool:
    case = o.agreement.case
    what = said(
        TEXTS[kind],
        reference=case.reference,
        debtor=o.debtor.name,
        what=o.description[:40],
        date=o.due_on.isoformat(),
    )
    return (
        reminder_send(
            key=key or f"obligation:{o.pk}:{kind}",
            kind=kind,
            users=users,
            what=what,
            url=reverse("followups:obligation", args=[o.pk]),
            case=case,
            obligation=o,
        )
        is not None
    )


def visits_remind(*, today: date | None = None) -> int:
    """Tell the assignee on the day a visit is due (again after each retry)."""
    today = today or timezone.localdate()
    key = _key("visit:", OuterRef("pk"), ":due:", OuterRef("attempts"))
    visits = (
        FollowUpVisit.objects.filter(
            status=FollowUpVisit.Status.SCHEDULED,
            due_on__lte=today,
            due_on__gte=today - timedelta(days=30),
            assigned_to__isnull=False,
        )
        # a case reopened since (its plan not yet stopped by the schedule) is not visited
        .exclude(case__status__in=list(OPEN_STATUSES))
        .filter(~Exists(Reminder.objects.filter(key=key)))
        .select_related("case", "assigned_to")
        .order_by("due_on", "pk")
    )

    def remind(visit: FollowUpVisit) -> bool:
        what = said(
            gettext_lazy("%(reference)s: follow-up visit due %(date)s (%(days)s days after)."),
            reference=visit.case.reference,
            date=visit.due_on.isoformat(),
            days=visit.offset_days,
        )
        return (
            reminder_send(
                key=f"visit:{visit.pk}:due:{visit.attempts}",
                kind=K.VISIT_DUE,
                users=[visit.assigned_to],
                what=what,
                url=reverse("followups:visit", args=[visit.pk]),
                case=visit.case,
                visit=visit,
            )
            is not None
        )

    return run_each("visit_due", list(visits), remind)


def jc_remind(*, today: date | None = None) -> int:
    """Before the 30-day window for judicial confirmation (司法确认) closes, remind the mediators
    of an agreement whose parties intend to apply and have not yet."""
    today = today or timezone.localdate()
    policies = policies_active()
    furthest = max([p.jc_remind_days_before for p in policies] + [7])
    agreements = (
        Agreement.objects.filter(
            status=Agreement.Status.EFFECTIVE,
            jc_intended=True,
            jc_applied_on__isnull=True,
            effective_on__gte=today - timedelta(days=JC_WINDOW_DAYS),
            effective_on__lte=today - timedelta(days=JC_WINDOW_DAYS - furthest),
        )
        .filter(~Exists(Reminder.objects.filter(key=_key("jc:", OuterRef("pk")))))
        .select_related("case", "case__category")
        .order_by("effective_on", "pk")
    )

    def remind(agreement: Agreement) -> bool:
        closes_on = agreement.effective_on + timedelta(days=JC_WINDOW_DAYS)
        policy = policy_for(agreement.case, policies)
        if closes_on - timedelta(days=policy.jc_remind_days_before) > today:
            return False
        case = agreement.case
        what = said(
            gettext_lazy(
                "%(reference)s: the parties intend to apply for judicial confirmation; the "
                "30-day window closes on %(date)s."
            ),
            reference=case.reference,
            date=closes_on.isoformat(),
        )
        return (
            reminder_send(
                key=f"jc:{agreement.pk}",
                kind=K.JC_WINDOW,
                users=case_mediators(case),
                what=what,
                url=_case_url(case),
                case=case,
            )
            is not None
        )

    return run_each("jc_window", list(agreements), remind)
