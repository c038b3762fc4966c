"""What each figure of the dashboard counts: its name, its written definition (shown as a
tooltip and in docs/metrics.md) and the filter that selects the cases behind it.

The same filter is used twice: the monthly roll-up counts the cases it selects
(reports.selectors.rollup_rows) and the case list behind the figure lists them
(reports.selectors.figure_cases), so a figure and its list always agree.

A case counts in the month of the event the figure is about (registration, acceptance,
conclusion, ...) in local time, and in the district, street and grid recorded on the case
(those of its compound when it was registered). A case reopened after a rebound counts by its
latest conclusion.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import (
    DurationField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
)
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agreements.models import Agreement, Obligation
from cases.models import Case, CaseEvent, TierStint
from cases.workflow import Channel, Tier
from followups.models import FollowUpVisit

from .periods import Period

SETTLE_DAYS = "settle_days"


def settle_days_expression(prefix: str = "") -> ExpressionWrapper:
    """Days from acceptance to conclusion, counted in local calendar days (a case accepted on
    the 3rd and settled on the 5th took 2 days)."""
    return ExpressionWrapper(
        TruncDate(f"{prefix}concluded_at") - TruncDate(f"{prefix}accepted_at"),
        output_field=DurationField(),
    )


def deadline_days() -> int:
    return settings.CASE_DEADLINE_DAYS


def _in(field: str, period: Period) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lt": period.end})


def received(p: Period) -> Q:
    return _in("registered_at", p)


def accepted(p: Period) -> Q:
    return _in("accepted_at", p)


def concluded_as(outcome: str) -> Callable[[Period], Q]:
    return lambda p: Q(outcome=outcome) & _in("concluded_at", p)


settled = concluded_as(Case.Outcome.AGREEMENT)
not_settled = concluded_as(Case.Outcome.REFERRED)
withdrawn = concluded_as(Case.Outcome.WITHDRAWN)
declined = concluded_as(Case.Outcome.DECLINED)


def mediated(p: Period) -> Q:
    return Q(outcome__in=[Case.Outcome.AGREEMENT, Case.Outcome.REFERRED]) & _in("concluded_at", p)


def settled_at_grid(p: Period) -> Q:
    return settled(p) & Q(tier=Tier.GRID)


def settled_within_deadline(p: Period) -> Q:
    """Needs the queryset annotated with settle_days_expression() as SETTLE_DAYS."""
    return settled(p) & Q(**{f"{SETTLE_DAYS}__lte": timedelta(days=deadline_days())})


def escalated_from(tier: str) -> Callable[[Period], Q]:
    def q(p: Period) -> Q:
        stints = TierStint.objects.filter(
            case=OuterRef("pk"), tier=tier, left_by="escalate", left_at__gte=p.start
        ).filter(left_at__lt=p.end)
        return Q(Exists(stints))

    return q


def open_at_end(p: Period) -> Q:
    return Q(registered_at__lt=p.as_of) & (
        Q(concluded_at__isnull=True) | Q(concluded_at__gte=p.as_of)
    )


def overdue_at_end(p: Period) -> Q:
    return open_at_end(p) & Q(deadline__lt=p.as_of_date)


def reopened(p: Period) -> Q:
    # reopened_count first: only the few cases ever reopened look into the record.
    events = CaseEvent.objects.filter(case=OuterRef("pk"), kind="reopen", created_at__gte=p.start)
    return Q(reopened_count__gt=0) & Q(Exists(events.filter(created_at__lt=p.end)))


def followed_up(p: Period) -> Q:
    """Settled in the month, and visited at least once since (so far: the nightly roll-up
    refresh of the last 13 months counts the 7-, 30- and 90-day visits as they are made)."""
    visits = FollowUpVisit.objects.filter(case=OuterRef("pk"), status=FollowUpVisit.Status.DONE)
    return settled(p) & Q(Exists(visits))


SATISFIED = [FollowUpVisit.Satisfaction.SATISFIED, FollowUpVisit.Satisfaction.FAIRLY]


def ratings_q(p: Period, prefix: str = "") -> Q:
    """Follow-up visits made in the month that recorded a satisfaction rating."""
    return Q(
        **{
            f"{prefix}status": FollowUpVisit.Status.DONE,
            f"{prefix}visited_on__gte": p.month,
            f"{prefix}visited_on__lt": timezone.localdate(p.end),
        }
    ) & ~Q(**{f"{prefix}satisfaction": ""})


def obligations_due_q(p: Period, prefix: str = "") -> Q:
    """Obligations of agreements in effect whose due date fell in the month and has passed."""
    return Q(
        **{
            f"{prefix}agreement__status": Agreement.Status.EFFECTIVE,
            f"{prefix}due_on__gte": p.month,
            f"{prefix}due_on__lt": p.as_of_date,
        }
    )


def obligations_due(p: Period) -> Q:
    return Q(
        Exists(Obligation.objects.filter(obligations_due_q(p), agreement__case=OuterRef("pk")))
    )


def obligations_unperformed(p: Period) -> Q:
    due = Obligation.objects.filter(obligations_due_q(p), agreement__case=OuterRef("pk"))
    return Q(Exists(due.exclude(status=Obligation.Status.PERFORMED)))


@dataclass(frozen=True)
class Figure:
    key: str
    label: Promise
    definition: Promise
    kind: str = "count"  # count, rate or days
    cases: Callable[[Period], Q] | None = None  # the cases behind a count
    numerator: str = ""  # for rates: keys of two counts
    denominator: str = ""
    needs: str = ""  # an app that must be installed for the figure to exist


def _channel_figure(channel: Channel) -> Figure:
    return Figure(
        f"received_{channel.value}",
        channel.label,
        _("Complaints received in the month through this channel."),
        cases=lambda p, c=channel.value: received(p) & Q(channel=c),
    )


FIGURES: dict[str, Figure] = {
    f.key: f
    for f in [
        Figure(
            "received",
            _("Received"),
            _(
                "Complaints registered in the month, whatever became of them, by the date "
                "of registration."
            ),
            cases=received,
        ),
        *[_channel_figure(c) for c in Channel],
        Figure(
            "accepted",
            _("Accepted"),
            _("Cases accepted for mediation in the month, by the date of acceptance."),
            cases=accepted,
        ),
        Figure(
            "declined",
            _("Declined"),
            _("Complaints declined (not accepted for mediation) in the month."),
            cases=declined,
        ),
        Figure(
            "settled",
            _("Settled"),
            _(
                "Cases concluded with an agreement in the month, by the date of conclusion. "
                "A case reopened after a rebound counts by its latest conclusion."
            ),
            cases=settled,
        ),
        Figure(
            "not_settled",
            _("Not settled, referred on"),
            _("Cases concluded without agreement in the month and referred on."),
            cases=not_settled,
        ),
        Figure(
            "withdrawn",
            _("Withdrawn"),
            _("Cases withdrawn in the month; they count in neither side of the settlement rate."),
            cases=withdrawn,
        ),
        Figure(
            "mediated",
            _("Mediation concluded"),
            _("Cases whose mediation ended in the month: settled plus not settled."),
            cases=mediated,
        ),
        Figure(
            "settlement_rate",
            _("Settlement rate"),
            _(
                "Settled ÷ mediation concluded in the month (调解成功率). Withdrawn and declined "
                "cases are left out."
            ),
            kind="rate",
            numerator="settled",
            denominator="mediated",
        ),
        Figure(
            "settled_at_grid",
            _("Settled in the grid"),
            _("Cases settled in the month by the grid team, without escalation."),
            cases=settled_at_grid,
        ),
        Figure(
            "grid_share",
            _("Share settled in the grid"),
            _("Settled in the grid ÷ settled, in the month (一网解决)."),
            kind="rate",
            numerator="settled_at_grid",
            denominator="settled",
        ),
        Figure(
            "escalated_from_grid",
            _("Escalated from the grid"),
            _("Cases that left the grid team for the specialist team in the month."),
            cases=escalated_from(Tier.GRID),
        ),
        Figure(
            "escalated_from_specialist",
            _("Escalated from the specialist team"),
            _("Cases that left the specialist team for the joint mediation centre in the month."),
            cases=escalated_from(Tier.SPECIALIST),
        ),
        Figure(
            "days_median",
            _("Median days to settle"),
            _(
                "Of the cases settled in the month, the median number of calendar days from "
                "acceptance to settlement."
            ),
            kind="days",
        ),
        Figure(
            "days_p90",
            _("90th percentile days to settle"),
            _(
                "Of the cases settled in the month, nine in ten took at most this many days "
                "from acceptance (interpolated like PostgreSQL's percentile_cont)."
            ),
            kind="days",
        ),
        Figure(
            "settled_within_deadline",
            _("Settled within 30 days"),
            _("Cases settled in the month at most 30 days after acceptance."),
            cases=settled_within_deadline,
        ),
        Figure(
            "within_deadline_share",
            _("Share settled within 30 days"),
            _("Settled within 30 days ÷ settled, in the month (人民调解一般在一个月内调结)."),
            kind="rate",
            numerator="settled_within_deadline",
            denominator="settled",
        ),
        Figure(
            "open_at_end",
            # "Open" alone is 查看 (open a page) in another catalogue: a context of its own.
            pgettext_lazy("case count", "Open"),
            _(
                "Cases registered and not yet concluded at the end of the month (now, for "
                "the current month), whether or not accepted yet."
            ),
            cases=open_at_end,
        ),
        Figure(
            "overdue_at_end",
            _("Overdue"),
            _(
                "Open cases whose 30-day deadline had passed at the end of the month (today, "
                "for the current month)."
            ),
            cases=overdue_at_end,
        ),
        Figure(
            "followed_up",
            _("Followed up"),
            _(
                "Cases settled in the month that have had at least one follow-up visit so far "
                "(it grows over the following weeks as the 7-, 30- and 90-day visits are made)."
            ),
            cases=followed_up,
        ),
        Figure(
            "follow_up_rate",
            _("Follow-up rate"),
            _("Cases settled in the month and followed up so far ÷ cases settled (回访率)."),
            kind="rate",
            numerator="followed_up",
            denominator="settled",
        ),
        Figure(
            "ratings",
            _("Satisfaction ratings"),
            _("Follow-up visits made in the month that recorded the party's satisfaction."),
        ),
        Figure(
            "ratings_satisfied",
            _("Satisfied"),
            _("Of those ratings, the ones satisfied (满意) or fairly satisfied (基本满意)."),
        ),
        Figure(
            "satisfaction_rate",
            _("Satisfaction rate"),
            _(
                "Ratings satisfied or fairly satisfied ÷ all ratings recorded at follow-up "
                "visits made in the month (满意率)."
            ),
            kind="rate",
            numerator="ratings_satisfied",
            denominator="ratings",
        ),
        Figure(
            "obligations_due",
            _("Obligations due"),
            _(
                "Obligations of agreements in effect whose due date fell in the month and has "
                "passed; the list shows their cases."
            ),
            cases=obligations_due,
        ),
        Figure(
            "obligations_performed",
            _("Obligations performed"),
            _("Of the obligations due, those recorded as performed in full."),
            cases=obligations_due,
        ),
        Figure(
            "obligations_unperformed",
            _("Obligations not performed"),
            _("Cases with an obligation due in the month that is not performed in full."),
            cases=obligations_unperformed,
        ),
        Figure(
            "performance_rate",
            _("Performance rate"),
            _("Obligations performed ÷ obligations due, in the month (履行率)."),
            kind="rate",
            numerator="obligations_performed",
            denominator="obligations_due",
        ),
        Figure(
            "reopened",
            _("Rebounds"),
            _("Cases reopened in the month because the dispute flared up again (反弹)."),
            cases=reopened,
        ),
        Figure(
            "rebound_rate",
            _("Rebound rate"),
            _("Cases reopened in the month ÷ cases settled in the month."),
            kind="rate",
            numerator="reopened",
            denominator="settled",
        ),
    ]
}

# The counters kept per compound and category in CaseMonthRollup, each a figure above.
COUNTERS = [
    "received",
    *[f"received_{c.value}" for c in Channel],
    "accepted",
    "declined",
    "settled",
    "not_settled",
    "withdrawn",
    "settled_at_grid",
    "settled_within_deadline",
    "escalated_from_grid",
    "escalated_from_specialist",
    "open_at_end",
    "overdue_at_end",
    "reopened",
    "followed_up",
    "ratings",
    "ratings_satisfied",
    "obligations_due",
    "obligations_performed",
]
# Counted straight from the case table in one pass (the others come from stints and
# obligations, see reports.selectors.rollup_rows).
CASE_COUNTERS = [
    c
    for c in COUNTERS
    if c
    not in {
        "escalated_from_grid",
        "escalated_from_specialist",
        "obligations_due",
        "obligations_performed",
        "ratings",
        "ratings_satisfied",
    }
]

# The headline cards of the dashboard and the report, in order.
HEADLINE = [
    "received",
    "accepted",
    "declined",
    "settled",
    "settlement_rate",
    "grid_share",
    "days_median",
    "days_p90",
    "within_deadline_share",
    "open_at_end",
    "overdue_at_end",
    "follow_up_rate",
    "satisfaction_rate",
    "performance_rate",
    "rebound_rate",
]


def figure_available(figure: Figure) -> bool:
    """Figures whose data another app will provide show "—" until it does (docs/metrics.md)."""
    return not figure.needs or bool(figure.numerator)


def listable(key: str) -> bool:
    figure = FIGURES.get(key)
    return bool(figure and figure.cases)


def case_filter(key: str, period: Period) -> Q:
    return FIGURES[key].cases(period)
