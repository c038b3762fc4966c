"""The case list's filters: one FilterSet for the desk and the API (django-filter)."""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from core.dates import local_midnight
from core.widgets import PlainSelect
from grids.models import Compound

from .models import Case, Category
from .selectors import case_search


class CaseFilter(filters.FilterSet):
    q = filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Reference number, party name or phone.")
    )
    tier = filters.ChoiceFilter(widget=PlainSelect, label=_("Tier"), choices=Case.Tier.choices)
    status = filters.ChoiceFilter(
        widget=PlainSelect, label=_("Status"), choices=Case.Status.choices
    )
    category = filters.ModelChoiceFilter(
        widget=PlainSelect,
        label=_("Category"),
        queryset=Category.objects.filter(active=True),
        field_name="category",
        to_field_name="code",
    )
    grade_level = filters.ChoiceFilter(
        widget=PlainSelect, label=_("Grade"), choices=Case.GradeLevel.choices
    )
    channel = filters.ChoiceFilter(
        widget=PlainSelect, label=_("Channel"), choices=Case.Channel.choices
    )
    compound = filters.ModelChoiceFilter(
        widget=PlainSelect, label=_("Compound"), queryset=Compound.objects.order_by("name")
    )
    registered_after = filters.DateFilter(label=_("Registered from"), method="registered_from")
    registered_before = filters.DateFilter(label=_("Registered until"), method="registered_until")
    deadline_before = filters.DateFilter(
        label=_("Deadline by"), field_name="deadline", lookup_expr="lte"
    )

    class Meta:
        model = Case
        fields = ["q", "tier", "status", "category", "grade_level", "channel", "compound"]

    def search(self, queryset, name, value):
        return case_search(queryset, value)

    def registered_from(self, queryset, name, value):
        return queryset.filter(registered_at__gte=local_midnight(value))

    def registered_until(self, queryset, name, value):
        return queryset.filter(registered_at__lt=local_midnight(value, days_after=1))
