"""Graded ledgers (分级台账): the case ledger with its filters, the registration ledger per
compound. Both read only cases the user may see (cases.selectors.case_list_for_user); the
pages, the exports and the API share the filters and the columns defined here."""

from dataclasses import dataclass

import django_filters
from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.access import scope_for
from cases.models import Case, Category
from cases.selectors import case_list_for_user
from cases.workflow import OPEN_STATUSES
from core.dates import local_midnight
from core.widgets import PlainSelect
from followups.models import FollowUpVisit
from grids.models import Compound, Grid, Street


def streets_for_user(user) -> QuerySet[Street]:
    """Streets whose cases the user may have in a ledger: supervised ones and those of teams."""
    if user.is_superuser:
        return Street.objects.all()
    scope = scope_for(user)
    team_streets = {m.team.street_id for m in scope.memberships if m.team.street_id}
    team_districts = {m.team.district_id for m in scope.memberships if not m.team.street_id}
    return Street.objects.filter(
        Q(pk__in=scope.street_ids | team_streets)
        | Q(district_id__in=scope.district_ids | team_districts)
    )


MENU_COMPOUNDS = 300
MENU_GRIDS = 100


def _chosen(data, name: str) -> str:
    value = str(data.get(name, ""))
    return value if value.isdigit() else ""


class LedgerFilter(django_filters.FilterSet):
    street = django_filters.ModelChoiceFilter(
        widget=PlainSelect, queryset=Street.objects.none(), label=_("Street"), empty_label=_("all")
    )
    grid = django_filters.ModelChoiceFilter(
        widget=PlainSelect, queryset=Grid.objects.none(), label=_("Grid"), empty_label=_("all")
    )
    compound = django_filters.ModelChoiceFilter(
        widget=PlainSelect,
        queryset=Compound.objects.none(),
        label=_("Compound"),
        empty_label=_("all"),
    )
    category = django_filters.ModelChoiceFilter(
        widget=PlainSelect,
        queryset=Category.objects.all(),
        to_field_name="code",
        label=_("Category"),
        empty_label=_("all"),
    )
    grade_level = django_filters.ChoiceFilter(
        widget=PlainSelect, choices=Case.GradeLevel.choices, label=_("Grade"), empty_label=_("all")
    )
    difficulty = django_filters.ChoiceFilter(
        widget=PlainSelect,
        choices=Case.Difficulty.choices,
        label=_("Difficulty"),
        empty_label=_("all"),
    )
    urgency = django_filters.ChoiceFilter(
        widget=PlainSelect, choices=Case.Urgency.choices, label=_("Urgency"), empty_label=_("all")
    )
    tier = django_filters.ChoiceFilter(
        widget=PlainSelect, choices=Case.Tier.choices, label=_("Tier"), empty_label=_("all")
    )
    status = django_filters.ChoiceFilter(
        widget=PlainSelect, choices=Case.Status.choices, label=_("Status"), empty_label=_("all")
    )
    channel = django_filters.ChoiceFilter(
        widget=PlainSelect, choices=Case.Channel.choices, label=_("Channel"), empty_label=_("all")
    )
    registered_from = django_filters.DateFilter(
        field_name="registered_at",
        method="filter_from",
        label=_("Registered from"),
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    registered_to = django_filters.DateFilter(
        field_name="registered_at",
        method="filter_to",
        label=_("Registered up to"),
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Case
        fields: list[str] = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The API's filter backend passes the request rather than the user.
        user = user or getattr(self.request, "user", None)
        streets = streets_for_user(user).order_by("code")
        self.filters["street"].queryset = streets.only("id", "name")
        grids = Grid.objects.filter(street__in=streets).order_by("code")
        self.filters["grid"].queryset = grids
        compounds = Compound.objects.filter(street__in=streets).order_by("code")
        self.filters["compound"].queryset = compounds
        data = self.data or {}
        chosen_grid, chosen_street = _chosen(data, "grid"), _chosen(data, "street")
        self._offer_few(
            "grid",
            grids,
            grids.filter(street_id=chosen_street) if chosen_street else grids,
            MENU_GRIDS,
            _("Choose a street to list its grids."),
        )
        if chosen_grid:
            offered = compounds.filter(grid_id=chosen_grid)
        elif chosen_street:
            offered = compounds.filter(street_id=chosen_street)
        else:
            offered = compounds
        self._offer_few(
            "compound",
            compounds,
            offered,
            MENU_COMPOUNDS,
            _("Choose a street or a grid to list its compounds."),
        )

    def _offer_few(self, name: str, visible, offered, limit: int, hint) -> None:
        """Any visible grid or compound is accepted, but the menu offers those of the chosen
        street or grid (or, with none chosen, of the user's whole area when that is short): a
        district has hundreds of grids and thousands of compounds, too many to send with every
        ledger page (and to render: docs/performance.md)."""
        # how many, counted without sorting and at most one past the limit
        if offered.order_by()[: limit + 1].count() <= limit:
            offered = list(offered.values_list("pk", "name"))
        else:
            chosen = _chosen(self.data or {}, name)
            offered = list(visible.filter(pk=chosen).values_list("pk", "name")) if chosen else []
        field = self.form.fields[name]
        field.widget.choices = [("", field.empty_label), *offered]
        if not offered:
            field.help_text = hint

    def filter_from(self, queryset, name, value):
        return queryset.filter(registered_at__gte=local_midnight(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(registered_at__lt=local_midnight(value, days_after=1))


def ledger_cases(*, user, params) -> tuple[LedgerFilter, QuerySet[Case]]:
    """The filter (with its errors, for the form) and the cases it selects."""
    visible = case_list_for_user(user)
    filterset = LedgerFilter(params or None, queryset=visible, user=user)
    if not filterset.is_bound:
        cases = visible
    else:
        cases = filterset.qs if filterset.is_valid() else visible.none()
    return filterset, cases.order_by("-registered_at", "-id")


@dataclass(frozen=True)
class Column:
    # A lazy translation in a context of its own: other catalogues translate the same English
    # words differently (登记 for "Registered"), and a ledger's headers must not move with them.
    header: object
    field: str
    width: int
    kind: str = "text"  # text, date, datetime, choice, int


def _choices(model_choices) -> dict:
    return dict(model_choices)


CASE_COLUMNS = [
    Column(pgettext_lazy("ledger column", "Reference"), "reference", 24),
    Column(pgettext_lazy("ledger column", "Registered"), "registered_at", 17, "datetime"),
    Column(pgettext_lazy("ledger column", "District"), "district__name", 10),
    Column(pgettext_lazy("ledger column", "Street"), "street__name", 10),
    Column(pgettext_lazy("ledger column", "Grid"), "grid__name", 12),
    Column(pgettext_lazy("ledger column", "Compound"), "compound__name", 16),
    Column(pgettext_lazy("ledger column", "Category"), "category__name", 10),
    Column(pgettext_lazy("ledger column", "Channel"), "channel", 10, "choice"),
    Column(pgettext_lazy("ledger column", "Grade"), "grade_level", 8, "choice"),
    Column(pgettext_lazy("ledger column", "Difficulty"), "difficulty", 10, "choice"),
    Column(pgettext_lazy("ledger column", "Urgency"), "urgency", 8, "choice"),
    Column(pgettext_lazy("ledger column", "Households"), "households", 8, "int"),
    Column(pgettext_lazy("ledger column", "Tier"), "tier", 14, "choice"),
    Column(pgettext_lazy("ledger column", "Team"), "team__name", 22),
    Column(pgettext_lazy("ledger column", "Status"), "status", 10, "choice"),
    Column(pgettext_lazy("ledger column", "Outcome"), "outcome", 14, "choice"),
    Column(pgettext_lazy("ledger column", "Accepted"), "accepted_at", 12, "date"),
    Column(pgettext_lazy("ledger column", "Deadline"), "deadline", 12, "date"),
    Column(pgettext_lazy("ledger column", "Concluded"), "concluded_at", 12, "date"),
    Column(pgettext_lazy("ledger column", "Times reopened"), "reopened_count", 8, "int"),
    Column(pgettext_lazy("ledger column", "Summary"), "title", 40),
]
CASE_CHOICES = {
    "channel": _choices(Case.Channel.choices),
    "grade_level": _choices(Case.GradeLevel.choices),
    "difficulty": _choices(Case.Difficulty.choices),
    "urgency": _choices(Case.Urgency.choices),
    "tier": _choices(Case.Tier.choices),
    "status": _choices(Case.Status.choices),
    "outcome": _choices(Case.Outcome.choices),
}


def column_rows(queryset: QuerySet, columns: list[Column]):
    """A ledger's rows as tuples of its columns, streamed from the database in chunks (a
    100,000-row export never holds them all)."""
    return queryset.values_list(*(c.field for c in columns)).iterator(chunk_size=2000)


def ledger_rows(cases: QuerySet[Case]):
    return column_rows(cases, CASE_COLUMNS)


def compound_ledger(*, user, params) -> tuple[LedgerFilter, list[dict]]:
    """登记台账: per compound, the complaints registered (with the ledger's filters), how many
    are key cases, open, settled and not settled, and the latest registration."""
    filterset, cases = ledger_cases(user=user, params=params)
    open_q = Q(status__in=list(OPEN_STATUSES))
    rows = (
        cases.order_by()
        .values(
            "compound_id",
            "compound__name",
            "compound__code",
            "street__name",
            "grid__name",
            "compound__property_company__name",
        )
        .annotate(
            registered=Count("pk"),
            key_cases=Count("pk", filter=Q(grade_level=Case.GradeLevel.KEY)),
            open=Count("pk", filter=open_q),
            settled=Count("pk", filter=Q(outcome=Case.Outcome.AGREEMENT)),
            not_settled=Count("pk", filter=Q(outcome=Case.Outcome.REFERRED)),
            latest=Max("registered_at"),
        )
        .order_by("-registered", "compound__code")
    )
    return filterset, list(rows)


COMPOUND_COLUMNS = [
    Column(pgettext_lazy("ledger column", "Compound"), "compound__name", 18),
    Column(pgettext_lazy("ledger column", "Compound code"), "compound__code", 14),
    Column(pgettext_lazy("ledger column", "Street"), "street__name", 10),
    Column(pgettext_lazy("ledger column", "Grid"), "grid__name", 12),
    Column(
        pgettext_lazy("ledger column", "Property company"), "compound__property_company__name", 26
    ),
    Column(pgettext_lazy("ledger column", "Registered"), "registered", 8, "int"),
    Column(pgettext_lazy("ledger column", "Key cases"), "key_cases", 8, "int"),
    Column(pgettext_lazy("ledger column", "Open"), "open", 8, "int"),
    Column(pgettext_lazy("ledger column", "Settled"), "settled", 8, "int"),
    Column(pgettext_lazy("ledger column", "Not settled"), "not_settled", 8, "int"),
    Column(pgettext_lazy("ledger column", "Latest registration"), "latest", 17, "datetime"),
]


def followup_ledger(*, user, params) -> tuple[LedgerFilter, QuerySet[FollowUpVisit]]:
    """回访台账: the follow-up visits of the cases the ledger's filters select, newest due first
    (the 7-, 30- and 90-day visits of each settled or closed case, made, due or given up)."""
    filterset, cases = ledger_cases(user=user, params=params)
    visits = FollowUpVisit.objects.filter(case__in=cases.order_by().values("pk"))
    return filterset, visits.order_by("-due_on", "-id")


FOLLOWUP_COLUMNS = [
    Column(pgettext_lazy("ledger column", "Reference"), "case__reference", 24),
    Column(pgettext_lazy("ledger column", "Street"), "case__street__name", 10),
    Column(pgettext_lazy("ledger column", "Compound"), "case__compound__name", 16),
    Column(pgettext_lazy("ledger column", "Category"), "case__category__name", 10),
    Column(pgettext_lazy("ledger column", "Concluded"), "case__concluded_at", 12, "date"),
    Column(pgettext_lazy("ledger column", "Visit (days after)"), "offset_days", 8, "int"),
    Column(pgettext_lazy("ledger column", "Due on"), "due_on", 12, "date"),
    Column(pgettext_lazy("ledger column", "Visit status"), "status", 12, "choice"),
    Column(pgettext_lazy("ledger column", "Visited on"), "visited_on", 12, "date"),
    Column(pgettext_lazy("ledger column", "Mode"), "mode", 10, "choice"),
    Column(pgettext_lazy("ledger column", "Agreement performed"), "performance", 14, "choice"),
    Column(pgettext_lazy("ledger column", "Satisfaction"), "satisfaction", 10, "choice"),
    Column(pgettext_lazy("ledger column", "Rebound"), "rebound", 6, "bool"),
    Column(pgettext_lazy("ledger column", "Attempts unreached"), "attempts", 8, "int"),
    Column(pgettext_lazy("ledger column", "Assigned to"), "assigned_to__name", 10),
]
FOLLOWUP_CHOICES = {
    "status": _choices(FollowUpVisit.Status.choices),
    "mode": _choices(FollowUpVisit.Mode.choices),
    "performance": _choices(FollowUpVisit.Performance.choices),
    "satisfaction": _choices(FollowUpVisit.Satisfaction.choices),
}
