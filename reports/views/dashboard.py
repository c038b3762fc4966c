"""The monthly dashboard and the list of cases behind each of its figures. Thin: the
jurisdiction comes from reports.jurisdiction, the figures from reports.selectors."""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from reports import figures as fig
from reports.forms import MonthForm
from reports.jurisdiction import jurisdiction_from_params, jurisdictions_for_user, may_supervise
from reports.periods import add_months, current_month
from reports.presentation import present
from reports.selectors import dashboard as dashboard_data
from reports.selectors import figure_cases as cases_for
from reports.tasks import rollup_refresh_month


def _supervisor_only(user) -> None:
    if not may_supervise(user):
        raise PermissionDenied


def _month_nav(month) -> dict:
    previous, following = add_months(month, -1), add_months(month, 1)
    return {
        "previous": f"{previous:%Y-%m}",
        "next": f"{following:%Y-%m}" if following <= current_month() else "",
    }


@login_required
def dashboard(request):
    _supervisor_only(request.user)
    jurisdiction = jurisdiction_from_params(request.user, request.GET)
    form = MonthForm(request.GET or None)
    month = form.month_or_current()
    data = dashboard_data(jurisdiction=jurisdiction, month=month)
    if data["uncounted_months"]:
        # Months never counted (a new install, or further back than the nightly job goes):
        # count them in the background; with an eager or quick worker they are there at once.
        for key in data["uncounted_months"]:
            # once per month and ten minutes, however many supervisors open the page
            if cache.add(f"reports:rollup-queued:{key}", True, 600):
                rollup_refresh_month.delay(f"{key}-01")
        data = dashboard_data(jurisdiction=jurisdiction, month=month)
    context = {
        "form": form,
        "month": month,
        "month_nav": _month_nav(month),
        "jurisdiction": jurisdiction,
        "mine": jurisdictions_for_user(request.user),
        "shown": present(data),
    }
    return render(request, "reports/dashboard.html", context)


@login_required
def figure_cases(request):
    """The cases behind one figure, for one jurisdiction and month."""

    _supervisor_only(request.user)
    key = request.GET.get("figure", "")
    if not fig.listable(key):
        raise Http404
    jurisdiction = jurisdiction_from_params(request.user, request.GET)
    form = MonthForm(request.GET or None)
    month = form.month_or_current()

    def number(name):
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() else None

    cases = cases_for(
        user=request.user,
        jurisdiction=jurisdiction,
        month=month,
        figure=key,
        category=request.GET.get("category", "")[:32],
        compound=number("compound"),
        mediator=number("mediator"),
        ungridded=request.GET.get("ungridded") == "1",
    )
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "figure": fig.FIGURES[key],
        "jurisdiction": jurisdiction,
        "month": month,
        "page": page,
        "query": query.urlencode(),
        "back": f"?{jurisdiction.param}&month={month:%Y-%m}",
    }
    return render(request, "reports/figure_cases.html", context)
