"""The figures of a jurisdiction and month, and the ledgers with the page's filters. The same
limits as the pages: another street's figures are a 404, the ledgers hold only the cases the
caller may see."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.selectors import case_list_for_user
from core.api.pagination import CursorPagination
from reports.forms import MonthForm
from reports.jurisdiction import jurisdiction_from_params, may_supervise
from reports.ledgers import LedgerFilter, compound_ledger, followup_ledger
from reports.periods import parse_month
from reports.selectors import dashboard
from reports.services.rollups import rollup_refresh

from .serializers import (
    CompoundLedgerRowSerializer,
    FiguresSerializer,
    FollowUpLedgerRowSerializer,
    LedgerCaseSerializer,
    definitions,
)

PLACE_PARAMETERS = [
    OpenApiParameter("month", str, description="YYYY-MM; the current month when left out"),
    OpenApiParameter("district", int, description="a district you supervise"),
    OpenApiParameter("street", int, description="a street you supervise (or of your district)"),
    OpenApiParameter("grid", int, description="a grid of such a street"),
]


class FiguresView(APIView):
    """Every figure of the dashboard for one jurisdiction and month (definitions included)."""

    @extend_schema(parameters=PLACE_PARAMETERS, responses=FiguresSerializer)
    def get(self, request):
        if not may_supervise(request.user):
            raise PermissionDenied("Only supervisors read the figures.")
        form = MonthForm(request.query_params or None)
        if request.query_params.get("month") and not form.is_valid():
            raise ValidationError({"month": form.errors["month"]})
        month = form.month_or_current()
        jurisdiction = jurisdiction_from_params(request.user, request.query_params)
        data = dashboard(jurisdiction=jurisdiction, month=month)
        if data["uncounted_months"]:  # never counted: count them now (each month once)
            for key in data["uncounted_months"]:
                rollup_refresh(month=parse_month(key))
            data = dashboard(jurisdiction=jurisdiction, month=month)
        data["definitions"] = definitions()
        return Response(FiguresSerializer(data).data, status=status.HTTP_200_OK)


class LedgerCasesView(generics.ListAPIView):
    """The graded case ledger, with the ledger page's filters."""

    serializer_class = LedgerCaseSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = LedgerFilter

    def get_queryset(self):
        return case_list_for_user(self.request.user).select_related(
            "district", "street", "grid", "compound", "category", "team"
        )


class CompoundLedgerView(APIView):
    """The registration ledger per compound, with the same filters as the case ledger."""

    @extend_schema(
        parameters=[
            OpenApiParameter(name, str, description=str(f.label or name))
            for name, f in LedgerFilter.base_filters.items()
        ],
        responses=CompoundLedgerRowSerializer(many=True),
    )
    def get(self, request):
        filterset, rows = compound_ledger(user=request.user, params=request.query_params)
        if filterset.is_bound and not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return Response(CompoundLedgerRowSerializer(rows, many=True).data)


class _VisitsByDueDate(CursorPagination):
    ordering = ("-due_on", "-id")


LEDGER_PARAMETERS = [
    OpenApiParameter(name, str, description=str(f.label or name))
    for name, f in LedgerFilter.base_filters.items()
]


@extend_schema(parameters=LEDGER_PARAMETERS)
class FollowUpLedgerView(generics.ListAPIView):
    """The follow-up ledger (回访台账): the visits of the cases the ledger's filters select,
    the latest due first."""

    serializer_class = FollowUpLedgerRowSerializer
    pagination_class = _VisitsByDueDate

    def get_queryset(self):
        filterset, visits = followup_ledger(
            user=self.request.user, params=self.request.query_params
        )
        if filterset.is_bound and not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return visits.select_related("case__street", "case__compound", "case__category")
