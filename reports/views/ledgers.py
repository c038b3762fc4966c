"""The graded ledgers and their exports. Any member of staff may open them: the rows are
only the cases the user may see (cases.selectors.case_list_for_user)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from cases.paging import keyset_page
from cases.selectors import bounded_count
from reports.exports import csv_response, xlsx_response
from reports.ledgers import (
    CASE_CHOICES,
    CASE_COLUMNS,
    COMPOUND_COLUMNS,
    FOLLOWUP_CHOICES,
    FOLLOWUP_COLUMNS,
    column_rows,
    compound_ledger,
    followup_ledger,
    ledger_cases,
    ledger_rows,
)

COUNT_LIMIT = 1000
PAGE_SIZE = 50


def _query(request, page_param: str = "page") -> str:
    query = request.GET.copy()
    query.pop(page_param, None)
    return query.urlencode()


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


def _export(fmt: str, *, title: str, columns, rows, choices: dict):
    """The ledger as .xlsx or, for any other format asked, CSV; named by title and time."""
    name = f"{title}-{_stamp()}"
    if fmt == "xlsx":
        return xlsx_response(
            filename=name, title=title, columns=columns, rows=rows, choices=choices
        )
    return csv_response(filename=name, columns=columns, rows=rows, choices=choices)


@login_required
def case_ledger(request):
    filterset, cases = ledger_cases(user=request.user, params=request.GET)
    cases = cases.select_related("category", "compound")
    # Keyset pages and a bounded count: a district's ledger holds hundreds of thousands of
    # cases, and neither OFFSET nor COUNT(*) over them fits issue 9's 100 ms.
    page = keyset_page(cases, request.GET.get("after"), size=PAGE_SIZE, ids_first=True)
    count, more = bounded_count(cases, COUNT_LIMIT)
    context = {
        "filter": filterset,
        "page": page,
        "count": count,
        "count_more": more,
        "query": _query(request, "after"),
    }
    return render(request, "reports/ledger.html", context)


@login_required
def case_ledger_export(request, fmt: str):
    _filterset, cases = ledger_cases(user=request.user, params=request.GET)
    return _export(
        fmt, title="分级台账", columns=CASE_COLUMNS, rows=ledger_rows(cases), choices=CASE_CHOICES
    )


@login_required
def compound_ledger_page(request):
    filterset, rows = compound_ledger(user=request.user, params=request.GET)
    context = {"filter": filterset, "rows": rows, "query": _query(request)}
    return render(request, "reports/compound_ledger.html", context)


@login_required
def compound_ledger_export(request, fmt: str):
    _filterset, rows = compound_ledger(user=request.user, params=request.GET)
    tuples = ([row[c.field] for c in COMPOUND_COLUMNS] for row in rows)
    return _export(fmt, title="登记台账", columns=COMPOUND_COLUMNS, rows=tuples, choices={})


@login_required
def followup_ledger_page(request):
    filterset, visits = followup_ledger(user=request.user, params=request.GET)
    visits = visits.select_related(
        "case__compound", "case__category", "case__street", "assigned_to"
    )
    page = Paginator(visits, 50).get_page(request.GET.get("page"))
    context = {"filter": filterset, "page": page, "query": _query(request)}
    return render(request, "reports/followup_ledger.html", context)


@login_required
def followup_ledger_export(request, fmt: str):
    _filterset, visits = followup_ledger(user=request.user, params=request.GET)
    return _export(
        fmt,
        title="回访台账",
        columns=FOLLOWUP_COLUMNS,
        rows=column_rows(visits, FOLLOWUP_COLUMNS),
        choices=FOLLOWUP_CHOICES,
    )
