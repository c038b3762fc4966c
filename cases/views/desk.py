"""The mediator's desk: the inbox with its tabs, filters and search. Thin: the selectors decide
what the user may see; the page never counts a whole table (keyset pages, bounded count)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from cases import status_notes
from cases.access import scope_for
from cases.filters import CaseFilter
from cases.models import CaseAssignment
from cases.paging import keyset_page
from cases.selectors import INBOX_VIEWS, bounded_count, case_inbox
from grids.models import Compound

TAB_LABELS = {
    "mine": _("My cases"),
    "team": _("My team's open cases"),
    "due_soon": _("Due within 5 days"),
    "overdue": _("Overdue"),
    "all": _("All I can see"),
}
COUNT_LIMIT = 1000


def _default_view(user) -> str:
    return "team" if scope_for(user).working_team_ids else "all"


def inbox_queryset(user, view: str, params):
    """The filtered queryset of one tab (shared by the page and its tests)."""
    base = case_inbox(user, view)
    filterset = CaseFilter(params, queryset=base)
    _limit_compounds(filterset, user)
    return filterset


def _limit_compounds(filterset, user) -> None:
    """Offer the compounds of the user's streets, not every compound of the country."""
    scope = scope_for(user)
    streets = {m.team.street_id for m in scope.memberships if m.team.street_id} | scope.street_ids
    compounds = Compound.objects.order_by("name")
    if not user.is_superuser:
        districts = {m.team.district_id for m in scope.memberships if not m.team.street_id}
        districts |= scope.district_ids
        compounds = compounds.filter(street_id__in=streets) | compounds.filter(
            street__district_id__in=districts
        )
    filterset.filters["compound"].queryset = compounds
    filterset.form.fields["compound"].queryset = compounds


def _view(request) -> str:
    view = request.GET.get("view") or _default_view(request.user)
    return view if view in INBOX_VIEWS else "all"


def _filtered(request) -> bool:
    return any(v for k, v in request.GET.items() if k not in ("view", "after", "filters"))


@login_required
def inbox_filters(request):
    """The filter fields, fetched by htmx when the collapsed "Filters" is opened: their menus
    are two queries and most of the page's rendering, for a panel seldom opened."""
    view = _view(request)
    filterset = inbox_queryset(request.user, view, request.GET)
    return render(request, "cases/includes/inbox_filters.html", {"filter": filterset, "view": view})


@login_required
def inbox(request):
    view = _view(request)
    filterset = inbox_queryset(request.user, view, request.GET)
    cases = status_notes.annotate(filterset.qs).select_related("category", "compound", "team")
    cases = cases.prefetch_related(
        Prefetch(
            "assignments",
            queryset=CaseAssignment.objects.filter(active=True).select_related("user"),
            to_attr="active_assignments",
        )
    )
    page = keyset_page(cases, request.GET.get("after"))
    count, more = bounded_count(filterset.qs, COUNT_LIMIT)
    query = request.GET.copy()
    query.pop("after", None)
    tabs = [
        {"key": key, "label": label, "active": key == view} for key, label in TAB_LABELS.items()
    ]
    filtered = _filtered(request)
    context = {
        "page": page,
        "filter": filterset,
        "view": view,
        "tabs": tabs,
        "count": count,
        "count_more": more,
        "query": query.urlencode(),
        "filtered": filtered,
        # the fields come with the page when a filter is set or ?filters=1 asks (no JavaScript)
        "show_filters": filtered or "filters" in request.GET,
    }
    return render(request, "cases/inbox.html", context)
