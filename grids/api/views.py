"""Read-only API of the geography for staff (scoped to their jurisdiction), and the public
compound search behind the complaint form's picker."""

from django.db.models import BooleanField, ExpressionWrapper
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny

from cases.access import compounds_worked_by
from core.api.pagination import CursorPagination
from core.api.throttling import AnonRateThrottle
from grids.models import Compound
from grids.selectors import SEARCH_LIMIT, SEARCH_MAX_LENGTH, compound_search
from mediators.access import org_scope_for
from mediators.api.permissions import ReadOrganisation

from . import serializers


class ByCode(CursorPagination):
    ordering = ("code",)


class ById(CursorPagination):
    ordering = ("id",)


class ScopedReadOnly(viewsets.ReadOnlyModelViewSet):
    """Lists and details of one kind of place, limited to the user's jurisdiction."""

    permission_classes = [ReadOrganisation]
    pagination_class = ByCode
    lookup_field = "code"
    scope_method = ""
    related: tuple[str, ...] = ()

    def get_queryset(self):
        scope = org_scope_for(self.request.user)
        return getattr(scope, self.scope_method)().select_related(*self.related)


class DistrictViewSet(ScopedReadOnly):
    serializer_class = serializers.DistrictSerializer
    scope_method = "districts"


class StreetViewSet(ScopedReadOnly):
    serializer_class = serializers.StreetSerializer
    scope_method = "streets"
    related = ("district",)
    filterset_fields = {"district__code": ["exact"]}


class CommunityViewSet(ScopedReadOnly):
    serializer_class = serializers.CommunitySerializer
    scope_method = "communities"
    related = ("street",)
    filterset_fields = {"street__code": ["exact"]}


class GridViewSet(ScopedReadOnly):
    serializer_class = serializers.GridSerializer
    scope_method = "grids"
    related = ("community", "street")
    filterset_fields = {"street__code": ["exact"], "community__code": ["exact"]}


class CompoundFilter(filters.FilterSet):
    street = filters.CharFilter(field_name="street__code")
    grid = filters.CharFilter(field_name="grid__code")
    unplaced = filters.BooleanFilter(field_name="grid", lookup_expr="isnull")

    class Meta:
        model = Compound
        fields = ["street", "grid", "property_company", "unplaced"]


class CompoundViewSet(ScopedReadOnly):
    """An unpublished committee number is masked unless the user works the compound's cases
    (`works_here`, one subquery of the list's own query)."""

    serializer_class = serializers.CompoundSerializer
    scope_method = "compounds"
    related = ("street", "grid", "owners_committee")
    filterset_class = CompoundFilter

    def get_queryset(self):
        works_here = ExpressionWrapper(
            compounds_worked_by(self.request.user), output_field=BooleanField()
        )
        return super().get_queryset().annotate(works_here=works_here)


class PropertyCompanyViewSet(ScopedReadOnly):
    serializer_class = serializers.PropertyCompanySerializer
    scope_method = "companies"
    pagination_class = ById
    lookup_field = "pk"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("contacts__compound")


class CompoundSearchThrottle(AnonRateThrottle):
    """Residents type a few letters at a time; a scraper would need thousands of calls."""

    scope = "compound_search"
    rate = "60/min"


@extend_schema(
    summary="Search compounds by name, address or code (public)",
    parameters=[
        OpenApiParameter(
            "q",
            OpenApiTypes.STR,
            description=f"words of the compound's name or address, or its code; at most "
            f"{SEARCH_MAX_LENGTH} characters",
            required=True,
        )
    ],
)
class CompoundSearchView(ListAPIView):
    """The complaint form's compound picker: at most 20 compounds, best match first. Public
    (no login) and throttled per address."""

    permission_classes = [AllowAny]
    throttle_classes = [CompoundSearchThrottle]
    serializer_class = serializers.CompoundSearchResultSerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return compound_search(self.request.query_params.get("q", ""), limit=SEARCH_LIMIT)
