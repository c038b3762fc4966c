"""The figures of the dashboard, the monthly report and the API.

Two halves:
- `rollup_rows(period)` counts one month from the cases (a few aggregate queries, run by the
  roll-up job, never by a page): the rows that reports.services.rollup_refresh stores.
- `dashboard(jurisdiction, month)` reads a jurisdiction's figures from those rows with a fixed
  number of small aggregate queries, however many cases there are.
`figure_cases` lists the cases behind a figure with the figure's own filter.
"""

import hashlib
import math
from collections import defaultdict
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Case as DbCase
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import get_language

from agreements.models import Obligation
from cases.models import Case, CaseAssignment, TierStint
from cases.selectors import case_list_for_user
from cases.workflow import Channel, Tier
from followups.models import FollowUpVisit
from grids.models import Compound, Grid, Street

from . import figures as fig
from .jurisdiction import Jurisdiction
from .models import CaseMonthRollup, MediatorMonthRollup, RollupMonth, SettleDaysRollup
from .periods import Period, add_months, months_back, period_for

PLACE = ("district_id", "street_id", "grid_id")
CELL = (*PLACE, "compound_id", "category_id")

# A compound is a hotspot when its complaints this month reach HOTSPOT_MIN and exceed
# HOTSPOT_FACTOR times its monthly average over the HOTSPOT_MONTHS before.
HOTSPOT_MIN = 3
HOTSPOT_FACTOR = 1.5
HOTSPOT_MONTHS = 3
TREND_MONTHS = 12
# The dashboard lists this many compounds (hotspots first); the compound ledger has them all.
TOP_COMPOUNDS = 20
# Computed figures are kept this long at most (a refresh of the roll-ups changes the key).
DASHBOARD_CACHE_SECONDS = 60 * 60 * 6


# ---------------------------------------------------------------------------------------------
# Counting a month from the cases (the roll-up job)
# ---------------------------------------------------------------------------------------------


def _days(value) -> int:
    if value is None:
        return 0
    return value.days if isinstance(value, timedelta) else int(value)


def _case_counts(period: Period) -> list[dict]:
    """One pass over the cases that matter to the month, grouped by compound and category."""
    relevant = (
        fig.received(period)
        | fig.accepted(period)
        | Q(concluded_at__gte=period.start, concluded_at__lt=period.end)
        | fig.open_at_end(period)
        | Q(reopened_count__gt=0)
    )
    counters = {key: Count("pk", filter=fig.case_filter(key, period)) for key in fig.CASE_COUNTERS}
    return list(
        Case.objects.filter(relevant)
        .annotate(**{fig.SETTLE_DAYS: fig.settle_days_expression()})
        .order_by()
        .values(*CELL)
        .annotate(
            **counters,
            settle_days_total=Sum(fig.SETTLE_DAYS, filter=fig.settled(period)),
        )
    )


def _counts_by_cell(rows: QuerySet, case_path: str, **counters) -> list[dict]:
    """Counters over rows that belong to a case (`case_path` leads from them to it), grouped
    by the case's compound and category: one aggregate query."""
    prefix = f"{case_path}__"
    grouped = rows.order_by().values(*(f"{prefix}{c}" for c in CELL)).annotate(**counters)
    return [{k.removeprefix(prefix): v for k, v in row.items()} for row in grouped]


def _escalation_counts(period: Period) -> list[dict]:
    stints = TierStint.objects.filter(
        left_by="escalate",
        left_at__gte=period.start,
        left_at__lt=period.end,
        tier__in=[Tier.GRID, Tier.SPECIALIST],
    )
    return _counts_by_cell(
        stints,
        "case",
        escalated_from_grid=Count("case", filter=Q(tier=Tier.GRID), distinct=True),
        escalated_from_specialist=Count("case", filter=Q(tier=Tier.SPECIALIST), distinct=True),
    )


def _obligation_counts(period: Period) -> list[dict]:
    return _counts_by_cell(
        Obligation.objects.filter(fig.obligations_due_q(period)),
        "agreement__case",
        obligations_due=Count("pk"),
        obligations_performed=Count("pk", filter=Q(status=Obligation.Status.PERFORMED)),
    )


def _rating_counts(period: Period) -> list[dict]:
    return _counts_by_cell(
        FollowUpVisit.objects.filter(fig.ratings_q(period)),
        "case",
        ratings=Count("pk"),
        ratings_satisfied=Count("pk", filter=Q(satisfaction__in=fig.SATISFIED)),
    )


def _settle_days_counts(period: Period) -> list[dict]:
    rows = (
        Case.objects.filter(fig.settled(period))
        .annotate(**{fig.SETTLE_DAYS: fig.settle_days_expression()})
        .order_by()
        .values(*PLACE, fig.SETTLE_DAYS)
        .annotate(cases=Count("pk"))
    )
    return [
        {**{k: row[k] for k in PLACE}, "days": max(_days(row[fig.SETTLE_DAYS]), 0), "cases": n}
        for row in rows
        if (n := row["cases"])
    ]


def _assignment_active_at(moment) -> Q:
    """The assignment was running at `moment` (an expression or a datetime)."""
    return Q(assigned_at__lte=moment) & (Q(ended_at__isnull=True) | Q(ended_at__gt=moment))


def _mediator_counts(period: Period) -> list[dict]:
    """Per mediator and place: open cases assigned at the end of the month (workload), and
    the cases settled in the month while the mediator was assigned."""
    case_open = Q(case__registered_at__lt=period.as_of) & (
        Q(case__concluded_at__isnull=True) | Q(case__concluded_at__gte=period.as_of)
    )
    workload = case_open & _assignment_active_at(period.as_of)
    settled = (
        Q(case__outcome=Case.Outcome.AGREEMENT)
        & Q(case__concluded_at__gte=period.start, case__concluded_at__lt=period.end)
        & _assignment_active_at(F("case__concluded_at"))
    )
    rows = (
        CaseAssignment.objects.filter(workload | settled)
        .annotate(**{fig.SETTLE_DAYS: fig.settle_days_expression("case__")})
        .order_by()
        .values("user_id", *(f"case__{p}" for p in PLACE))
        .annotate(
            workload=Count("case", filter=workload, distinct=True),
            settled=Count("case", filter=settled, distinct=True),
            settle_days_total=Sum(fig.SETTLE_DAYS, filter=settled),
        )
    )
    return [
        {
            "user_id": row["user_id"],
            **{p: row[f"case__{p}"] for p in PLACE},
            "workload": row["workload"],
            "settled": row["settled"],
            "settle_days_total": max(_days(row["settle_days_total"]), 0),
        }
        for row in rows
    ]


def rollup_rows(period: Period) -> dict[str, list[dict]]:
    """Everything the month's roll-ups hold, computed from the cases: six aggregate queries
    whatever the number of cases."""
    cells: dict[tuple, dict] = defaultdict(lambda: dict.fromkeys(fig.COUNTERS, 0))
    sources = (
        _case_counts(period),
        _escalation_counts(period),
        _obligation_counts(period),
        _rating_counts(period),
    )
    for source in sources:
        for row in source:
            cell = cells[tuple(row[c] for c in CELL)]
            for key, value in row.items():
                if key in cell:
                    cell[key] = value or 0
                elif key == "settle_days_total":
                    cell[key] = max(_days(value), 0)
    case_rows = []
    for key, counts in cells.items():
        if not any(counts.get(c) for c in fig.COUNTERS):
            continue
        case_rows.append({**dict(zip(CELL, key, strict=True)), "settle_days_total": 0, **counts})
    return {
        "cases": case_rows,
        "settle_days": _settle_days_counts(period),
        "mediators": [r for r in _mediator_counts(period) if r["workload"] or r["settled"]],
    }


# ---------------------------------------------------------------------------------------------
# Reading a jurisdiction's figures from the roll-ups (the dashboard, the report, the API)
# ---------------------------------------------------------------------------------------------


def rate(numerator: int | None, denominator: int | None) -> float | None:
    """A share between 0 and 1, or None when there is nothing to divide by (shown as "—")."""
    if not denominator:
        return None
    return (numerator or 0) / denominator


def percentile(histogram: list[tuple[int, int]], p: float) -> float | None:
    """percentile_cont over a distribution given as (value, how many) pairs."""
    pairs = sorted((v, n) for v, n in histogram if n)
    total = sum(n for _v, n in pairs)
    if not total:
        return None
    position = p * (total - 1)
    low, high = math.floor(position), math.ceil(position)

    def value_at(index: int) -> int:
        seen = 0
        for value, n in pairs:
            seen += n
            if index < seen:
                return value
        return pairs[-1][0]

    lo_value, hi_value = value_at(low), value_at(high)
    return lo_value + (hi_value - lo_value) * (position - low)


def _sums(fields=(*fig.COUNTERS, "settle_days_total"), **filters) -> dict:
    """Sum(field) under an alias of its own (an annotation may not shadow a field)."""
    return {f"sum_{f}": Sum(f, **filters) for f in fields}


def _unsum(row: dict) -> dict:
    return {k.removeprefix("sum_"): v for k, v in row.items()}


def _with_derived(counts: dict) -> dict:
    counts = {k: (v or 0) for k, v in counts.items()}
    counts["mediated"] = counts.get("settled", 0) + counts.get("not_settled", 0)
    return counts


def _figure_values(counts: dict, histogram: list[tuple[int, int]]) -> dict[str, dict]:
    values: dict[str, dict] = {}
    for key, figure in fig.FIGURES.items():
        if not fig.figure_available(figure):
            values[key] = {"value": None, "available": False}
        elif figure.kind == "rate":
            num, den = counts.get(figure.numerator, 0), counts.get(figure.denominator, 0)
            values[key] = {"value": rate(num, den), "numerator": num, "denominator": den}
        elif figure.kind == "days":
            p = 0.5 if key == "days_median" else 0.9
            values[key] = {"value": percentile(histogram, p)}
        else:
            values[key] = {"value": counts.get(key, 0)}
    settled = counts.get("settled", 0)
    values["days_mean"] = {
        "value": counts.get("settle_days_total", 0) / settled if settled else None
    }
    return values


def _children(jurisdiction: Jurisdiction, rows: QuerySet) -> list[dict]:
    """The next level down, every one of them listed (with zeros) so that each can be opened."""
    level = jurisdiction.child_level
    fields = ["received", "settled", "not_settled", "open_at_end", "overdue_at_end"]
    sums = {
        row[f"{level}_id"]: _unsum(row)
        for row in rows.order_by().values(f"{level}_id").annotate(**_sums(fields))
    }
    if level == "street":
        places = Street.objects.filter(district_id=jurisdiction.pk).order_by("code")
    elif level == "grid":
        places = Grid.objects.filter(street_id=jurisdiction.pk).order_by("code")
    else:
        places = Compound.objects.filter(pk__in=[k for k in sums if k is not None]).order_by("code")
    out = [
        {
            "level": level,
            "pk": p.pk,
            "name": p.name,
            **_with_derived(sums.get(p.pk, dict.fromkeys(fields, 0))),
        }
        for p in places
    ]
    if level == "grid" and None in sums:  # compounds placed in no grid: counted in the street
        out.append({"level": "ungridded", "pk": None, "name": "", **_with_derived(sums[None])})
    for row in out:
        row["settlement_rate"] = rate(row.get("settled"), row.get("mediated"))
    return out


def _by_category(rows: QuerySet) -> list[dict]:
    fields = ["received", "settled", "not_settled", "open_at_end"]
    out = []
    for row in (
        rows.order_by()
        .values("category_id", "category__code", "category__name", "category__name_en")
        .annotate(**_sums(fields))
        .order_by("-sum_received", "category__code")
    ):
        row = _with_derived(_unsum(row))
        out.append(
            {
                "code": row["category__code"],
                "name": row["category__name"],
                "name_en": row["category__name_en"],
                "received": row["received"],
                "settled": row["settled"],
                "mediated": row["mediated"],
                "open_at_end": row["open_at_end"],
                "settlement_rate": rate(row["settled"], row["mediated"]),
            }
        )
    return out


def is_hotspot(received: int, previous_mean: float) -> bool:
    return received >= HOTSPOT_MIN and received > HOTSPOT_FACTOR * previous_mean


def _by_compound(jurisdiction: Jurisdiction, period: Period) -> list[dict]:
    """The TOP_COMPOUNDS compounds to look at first: hotspots, then the most complaints. A
    district has thousands of compounds; the ranking and the cut are done in the database,
    and the names read for the few kept (the compound ledger lists them all)."""
    first = add_months(period.month, -HOTSPOT_MONTHS)
    this = Q(month=period.month)
    received = Coalesce(Sum("received", filter=this), 0)
    before = Coalesce(Sum("received", filter=Q(month__lt=period.month)), 0)
    rising = ExpressionWrapper(
        before * Value(HOTSPOT_FACTOR / HOTSPOT_MONTHS), output_field=FloatField()
    )
    rows = list(
        CaseMonthRollup.objects.filter(jurisdiction.rollup_q(), month__gte=first)
        .filter(month__lte=period.month)
        .order_by()
        .values("compound_id")
        .annotate(
            n_received=received,
            n_before=before,
            n_settled=Coalesce(Sum("settled", filter=this), 0),
            n_open=Coalesce(Sum("open_at_end", filter=this), 0),
            hot=DbCase(
                When(
                    Q(n_received__gte=HOTSPOT_MIN) & Q(n_received__gt=rising),
                    then=Value(True),
                ),
                default=Value(False),
            ),
        )
        .filter(Q(n_received__gt=0) | Q(n_open__gt=0))
        .order_by("-hot", "-n_received", "-n_open", "compound_id")[:TOP_COMPOUNDS]
    )
    names = {
        c["pk"]: c
        for c in Compound.objects.filter(pk__in=[r["compound_id"] for r in rows]).values(
            "pk", "name", "street__name", "grid__name"
        )
    }
    out = []
    for row in rows:
        place = names.get(row["compound_id"], {})
        mean = row["n_before"] / HOTSPOT_MONTHS
        out.append(
            {
                "pk": row["compound_id"],
                "name": place.get("name", ""),
                "street": place.get("street__name", ""),
                "grid": place.get("grid__name") or "",
                "received": row["n_received"],
                "previous_mean": round(mean, 1),
                "settled": row["n_settled"],
                "open_at_end": row["n_open"],
                "hotspot": is_hotspot(row["n_received"], mean),
            }
        )
    return out


def _by_mediator(jurisdiction: Jurisdiction, period: Period) -> list[dict]:
    rows = (
        MediatorMonthRollup.objects.filter(jurisdiction.rollup_q(), month=period.month)
        .order_by()
        .values("user_id", "user__name", "user__username")
        .annotate(**_sums(["workload", "settled", "settle_days_total"]))
        .order_by("-sum_workload", "-sum_settled", "user__name")
    )
    rows = map(_unsum, rows)
    return [
        {
            "pk": row["user_id"],
            "name": row["user__name"] or row["user__username"],
            "workload": row["workload"],
            "settled": row["settled"],
            "average_days": row["settle_days_total"] / row["settled"] if row["settled"] else None,
        }
        for row in rows
    ]


def _trend(jurisdiction: Jurisdiction, period: Period, counted: dict) -> list[dict]:
    months = months_back(period.month, TREND_MONTHS)
    sums = {
        row["month"]: _unsum(row)
        for row in CaseMonthRollup.objects.filter(
            jurisdiction.rollup_q(), month__gte=months[0], month__lte=months[-1]
        )
        .order_by()
        .values("month")
        .annotate(**_sums(["received", "settled", "not_settled"]))
    }
    out = []
    for month in months:
        row = _with_derived(sums.get(month, {}))
        out.append(
            {
                "month": f"{month:%Y-%m}",
                "received": row.get("received", 0),
                "settled": row.get("settled", 0),
                "mediated": row["mediated"],
                "settlement_rate": rate(row.get("settled"), row["mediated"]),
                "counted": month in counted,
            }
        )
    return out


def rollup_freshness(months: list[date]) -> dict[date, object]:
    """When each of these months was last counted; a month never counted is missing."""
    return dict(
        RollupMonth.objects.filter(month__in=months, refreshed_at__isnull=False).values_list(
            "month", "refreshed_at"
        )
    )


def dashboard(*, jurisdiction: Jurisdiction, month: date) -> dict:
    """Every figure of one jurisdiction and month, as plain data (JSON-ready: the monthly
    report freezes it, the API returns it). Ten queries, whatever the number of cases, or
    one when the figures are cached."""
    period = period_for(month)
    window = months_back(period.month, TREND_MONTHS)
    counted = rollup_freshness(window)  # the month, the three before (hotspots), the trend
    # Every figure comes from the roll-ups, so the figures of a jurisdiction and month change
    # only when one of the window's months is counted again: the key carries those stamps,
    # and a refresh makes a new key (nothing to invalidate).
    key = _dashboard_key(jurisdiction, period, counted)
    data = cache.get(key)
    if data is None:
        data = _dashboard(jurisdiction, period, window, counted)
        cache.set(key, data, DASHBOARD_CACHE_SECONDS)
    return data


def _dashboard_key(jurisdiction: Jurisdiction, period: Period, counted: dict) -> str:
    stamps = ",".join(f"{m:%Y%m}@{at.isoformat()}" for m, at in sorted(counted.items()))
    raw = f"{jurisdiction.level}:{jurisdiction.pk}:{period.key}:{get_language()}:{stamps}"
    return "reports:dashboard:" + hashlib.sha256(raw.encode()).hexdigest()


def _dashboard(jurisdiction: Jurisdiction, period: Period, window, counted: dict) -> dict:
    refreshed_at = counted.get(period.month)
    rows = CaseMonthRollup.objects.filter(jurisdiction.rollup_q(), month=period.month)
    counts = _with_derived(_unsum(rows.aggregate(**_sums())))
    histogram = list(
        SettleDaysRollup.objects.filter(jurisdiction.rollup_q(), month=period.month)
        .order_by()
        .values("days")
        .annotate(n=Sum("cases"))
        .order_by("days")
        .values_list("days", "n")
    )
    return {
        "month": period.key,
        "jurisdiction": {
            "level": jurisdiction.level,
            "id": jurisdiction.pk,
            "name": jurisdiction.name,
        },
        "refreshed_at": refreshed_at.isoformat() if refreshed_at else None,
        "uncounted_months": [f"{m:%Y-%m}" for m in window if m not in counted],
        "counts": counts,
        "figures": _figure_values(counts, histogram),
        "by_channel": [
            {"code": c.value, "received": counts.get(f"received_{c.value}", 0)} for c in Channel
        ],
        "escalations": {
            "grid": counts.get("escalated_from_grid", 0),
            "specialist": counts.get("escalated_from_specialist", 0),
        },
        "children": _children(jurisdiction, rows),
        "by_category": _by_category(rows),
        "by_compound": _by_compound(jurisdiction, period),
        "by_mediator": _by_mediator(jurisdiction, period),
        "trend": _trend(jurisdiction, period, counted),
    }


# ---------------------------------------------------------------------------------------------
# The cases behind a figure
# ---------------------------------------------------------------------------------------------


def figure_cases(
    *,
    user,
    jurisdiction: Jurisdiction,
    month: date,
    figure: str,
    category: str = "",
    compound: int | None = None,
    mediator: int | None = None,
    ungridded: bool = False,
) -> QuerySet[Case]:
    """The cases a figure counts, among those the user may see (cases.selectors)."""
    period = period_for(month)
    cases = (
        case_list_for_user(user)
        .filter(jurisdiction.case_q())
        .annotate(**{fig.SETTLE_DAYS: fig.settle_days_expression()})
        .filter(fig.case_filter(figure, period))
    )
    if category:
        cases = cases.filter(category__code=category)
    if compound:
        cases = cases.filter(compound_id=compound)
    if ungridded:
        cases = cases.filter(grid__isnull=True)
    if mediator:
        # Settled: assigned when the case was settled; otherwise (workload): at the month's end.
        moment = OuterRef("concluded_at") if figure == "settled" else period.as_of
        running = CaseAssignment.objects.filter(
            _assignment_active_at(moment), case=OuterRef("pk"), user_id=mediator
        )
        cases = cases.filter(Exists(running))
    return cases.select_related("category", "compound", "street", "grid", "team").order_by(
        "-registered_at", "-id"
    )
