"""The case list's filters: one FilterSet for the desk and the API (django-filter)."""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from grids.models import Compound

from .models import Case, Category
from .selectors import case_search


class CaseFilter(filters.FilterSet):
    q = filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Reference number, party name or phone.")
    )
    tier = filters.ChoiceFilter(label=_("Tier"), choices=Case.Tier.choices)
    status = filters.ChoiceFilter(label=_("Status"), choices=Case.Status.choices)
    category = filters.ModelChoiceFilter(
        label=_("Category"),
        queryset=Category.objects.filter(active=True),
        field_name="category",
        to_field_name="code",
    )
    grade_level = filters.ChoiceFilter(label=_("Grade"), choices=Case.GradeLevel.choices)
    channel = filters.ChoiceFilter(label=_("Channel"), choices=Case.Channel.choices)
    compound = filters.ModelChoiceFilter(
        label=_("Compound"), queryset=Compound.objects.order_by("name")
    )
    registered_after = filters.DateFilter(
        label=_("Registered from"), field_name="registered_at", lookup_expr="date__gte"
    )
    registered_before = filters.DateFilter(
        label=_("Registered until"), field_name="registered_at", lookup_expr="date__lte"
    )
    deadline_before = filters.DateFilter(
        label=_("Deadline by"), field_name="deadline", lookup_expr="lte"
    )

    class Meta:
        model = Case
        fields = ["q", "tier", "status", "category", "grade_level", "channel", "compound"]

    def search(self, queryset, name, value):
        return case_search(queryset, value)
