"""Read-only API of teams, the expert pool and who is on duty now, for staff, limited to
their jurisdiction."""

from django.db.models import Prefetch
from django_filters import rest_framework as filters
from rest_framework import viewsets
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from core.api.pagination import CursorPagination
from grids.models import Grid
from mediators import selectors
from mediators.access import org_scope_for
from mediators.models import Expert, Team

from . import serializers
from .permissions import ReadOrganisation


class ById(CursorPagination):
    ordering = ("id",)


class TeamFilter(filters.FilterSet):
    street = filters.CharFilter(field_name="street__code")
    district = filters.CharFilter(field_name="district__code")

    class Meta:
        model = Team
        fields = ["kind", "street", "district", "active"]


class TeamViewSet(viewsets.ReadOnlyModelViewSet):
    """Teams of the three tiers with their jurisdiction; a team's page lists its members,
    each with their open cases."""

    permission_classes = [ReadOrganisation]
    pagination_class = ById
    filterset_class = TeamFilter

    def get_queryset(self):
        return (
            org_scope_for(self.request.user)
            .teams()
            .select_related("district", "street")
            .prefetch_related(Prefetch("grids", queryset=Grid.objects.only("id", "code")))
        )

    def get_serializer_class(self):
        return (
            serializers.TeamDetailSerializer
            if self.action == "retrieve"
            else serializers.TeamSerializer
        )

    def retrieve(self, request, *args, **kwargs):
        team = self.get_object()
        context = {**self.get_serializer_context(), "members": selectors.team_members(team)}
        return Response(serializers.TeamDetailSerializer(team, context=context).data)


class ExpertFilter(filters.FilterSet):
    specialty = filters.ChoiceFilter(choices=Expert.Specialty.choices, method="by_specialty")

    class Meta:
        model = Expert
        fields = ["specialty", "available", "district"]

    def by_specialty(self, queryset, name, value):
        return selectors.experts_list(queryset, specialty=value)


class ExpertViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [ReadOrganisation]
    pagination_class = ById
    serializer_class = serializers.ExpertSerializer
    filterset_class = ExpertFilter

    def get_queryset(self):
        return org_scope_for(self.request.user).experts().select_related("district")


class DutyNowView(ListAPIView):
    """Who is on duty at this moment in the teams of the user's jurisdiction."""

    permission_classes = [ReadOrganisation]
    serializer_class = serializers.DutyShiftSerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        scope = org_scope_for(self.request.user)
        return selectors.duty_now(team_ids=scope.teams().values("pk"))
