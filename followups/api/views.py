"""The follow-up API: visits, obligations (tracking), patrols and early signs, and the
follow-up state of one case. Every object is reached through the case access function (or the
patrol access function); every write goes through the same service as the pages."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from agreements.models import Agreement, Obligation
from cases.access import case_get_for_user
from cases.models import Case
from cases.selectors import case_list_for_user
from cases.workflow import Capability
from core.api.filters import for_user
from core.api.parsers import JSONParser
from followups import selectors
from followups.access import (
    obligation_get_for_user,
    patrol_get_for_user,
    patrol_grids_for_user,
    visit_get_for_user,
)
from followups.models import EarlySign, FollowUpVisit, ObligationRecord, ScreeningPatrol
from followups.services.obligations import obligation_record
from followups.services.patrols import (
    MemberInput,
    PatrolInput,
    SignInput,
    early_sign_to_case,
    patrol_record,
)
from followups.services.visits import visit_record, visit_unreachable
from grids.models import Grid

from . import serializers as s


class VisitFilter(filters.FilterSet):
    due_before = filters.DateFilter(field_name="due_on", lookup_expr="lte")
    mine = filters.BooleanFilter(method="filter_mine")
    case = filters.ModelChoiceFilter(queryset=for_user(Case, case_list_for_user))

    class Meta:
        model = FollowUpVisit
        fields = ["status", "case", "satisfaction"]

    def filter_mine(self, queryset, name, value):
        return queryset.filter(assigned_to=self.request.user) if value else queryset


class VisitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Follow-up visits of the cases the user may see. `record` and `unreachable` need the
    right to work the case (403 otherwise; 409 if the visit was already recorded)."""

    serializer_class = s.VisitSerializer
    filterset_class = VisitFilter
    lookup_value_regex = r"\d+"  # anything else is no visit: 404, never a crash

    def get_queryset(self):
        return (
            FollowUpVisit.objects.filter(case__in=case_list_for_user(self.request.user))
            .select_related("case", "plan", "assigned_to")
            .order_by("-id")
        )

    def get_object(self):
        return visit_get_for_user(
            user=self.request.user, visit_id=self.kwargs["pk"], capability=Capability.VIEW
        )

    @extend_schema(request=s.VisitRecordSerializer, responses=s.VisitSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        visit = visit_get_for_user(user=request.user, visit_id=pk, capability=Capability.WORK)
        data = s.VisitRecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        visit = visit_record(visit_id=visit.pk, actor=request.user, **data.validated_data)
        return Response(s.VisitSerializer(visit).data)

    @extend_schema(request=s.VisitUnreachableSerializer, responses=s.VisitSerializer)
    @action(detail=True, methods=["post"])
    def unreachable(self, request, pk=None):
        visit = visit_get_for_user(user=request.user, visit_id=pk, capability=Capability.WORK)
        data = s.VisitUnreachableSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        visit = visit_unreachable(visit_id=visit.pk, actor=request.user, **data.validated_data)
        return Response(s.VisitSerializer(visit).data)


class ObligationFilter(filters.FilterSet):
    due_before = filters.DateFilter(field_name="due_on", lookup_expr="lte")
    case = filters.NumberFilter(field_name="agreement__case")

    class Meta:
        model = Obligation
        fields = ["status", "kind"]


class ObligationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Obligations of agreements in effect, with their performance records (tracking)."""

    serializer_class = s.ObligationSerializer
    filterset_class = ObligationFilter
    lookup_value_regex = r"\d+"
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return (
            Obligation.objects.filter(
                agreement__case__in=case_list_for_user(self.request.user),
                agreement__status=Agreement.Status.EFFECTIVE,
            )
            .select_related("agreement__case", "debtor", "creditor")
            .order_by("-id")
        )

    def get_serializer_class(self):
        return s.ObligationDetailSerializer if self.action == "retrieve" else s.ObligationSerializer

    def get_object(self):
        obligation = obligation_get_for_user(
            user=self.request.user, obligation_id=self.kwargs["pk"], capability=Capability.VIEW
        )
        obligation.records_list = ObligationRecord.objects.filter(obligation=obligation)
        return obligation

    @extend_schema(
        request={"multipart/form-data": s.ObligationRecordInputSerializer},
        responses=s.ObligationDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        obligation = obligation_get_for_user(
            user=request.user, obligation_id=pk, capability=Capability.WORK
        )
        data = s.ObligationRecordInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        try:
            obligation_record(
                obligation_id=obligation.pk,
                actor=request.user,
                files=values.pop("evidence"),
                **values,
            )
        except ValidationError as error:
            raise serializers.ValidationError({"evidence": error.messages}) from None
        obligation.refresh_from_db()
        return Response(s.ObligationDetailSerializer(obligation).data)


class PatrolFilter(filters.FilterSet):
    grid = filters.ModelChoiceFilter(queryset=for_user(Grid, patrol_grids_for_user))

    class Meta:
        model = ScreeningPatrol
        fields = ["grid", "week_start"]


def _patrols_for_user(user):
    return ScreeningPatrol.objects.filter(grid__in=patrol_grids_for_user(user))


class EarlySignFilter(filters.FilterSet):
    patrol = filters.ModelChoiceFilter(queryset=for_user(ScreeningPatrol, _patrols_for_user))

    class Meta:
        model = EarlySign
        fields = ["severity", "patrol"]


class PatrolViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Screening patrols of the grids the user may see; created by their grid's team."""

    serializer_class = s.PatrolSerializer
    filterset_class = PatrolFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return (
            ScreeningPatrol.objects.filter(grid__in=patrol_grids_for_user(self.request.user))
            .select_related("recorded_by")
            .prefetch_related("members", "signs", "compounds")
            .order_by("-id")
        )

    def get_object(self):
        patrol_get_for_user(user=self.request.user, patrol_id=self.kwargs["pk"])
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)  # the choices are the request user's
        data.is_valid(raise_exception=True)
        v = data.validated_data
        patrol = patrol_record(
            actor=request.user,
            data=PatrolInput(
                grid_id=v["grid"].pk,
                patrolled_on=v["patrolled_on"],
                compound_ids=[c.pk for c in v["compounds"]],
                notes=v.get("notes", ""),
                members=[
                    MemberInput(
                        kind=m["kind"],
                        name=m["name"],
                        user_id=m["user"].pk if m.get("user") else None,
                        expert_id=m["expert"].pk if m.get("expert") else None,
                    )
                    for m in v["members"]
                ],
                signs=[
                    SignInput(
                        description=x["description"],
                        severity=x.get("severity", EarlySign.Severity.LOW),
                        compound_id=x["compound"].pk if x.get("compound") else None,
                        parties=x.get("parties", ""),
                    )
                    for x in v.get("signs", [])
                ],
            ),
        )
        patrol = self.get_queryset().get(pk=patrol.pk)
        return Response(s.PatrolSerializer(patrol).data, status=status.HTTP_201_CREATED)


class EarlySignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Early signs found on patrols; `to_case` registers one as a case (channel "patrol")."""

    serializer_class = s.EarlySignSerializer
    filterset_class = EarlySignFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        queryset = EarlySign.objects.filter(
            patrol__grid__in=patrol_grids_for_user(self.request.user)
        ).order_by("-id")
        if self.request.query_params.get("open") == "true":
            queryset = queryset.filter(case__isnull=True)
        return queryset

    @extend_schema(request=s.SignToCaseSerializer, responses={201: s.EarlySignSerializer})
    @action(detail=True, methods=["post"], url_path="to-case")
    def to_case(self, request, pk=None):
        sign = self.get_object()
        data = s.SignToCaseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        early_sign_to_case(sign_id=sign.pk, actor=request.user, **data.validated_data)
        sign.refresh_from_db()
        return Response(s.EarlySignSerializer(sign).data, status=status.HTTP_201_CREATED)


class CaseFollowUpView(APIView):
    """The follow-up state of one case: the plan, visits done and due, the last satisfaction
    rating, rebounds and the obligations by status. No names, remarks or personal data."""

    @extend_schema(responses=s.FollowUpStateSerializer)
    def get(self, request, case_id: int):
        case = case_get_for_user(user=request.user, case_id=case_id)
        state = selectors.followup_state_for_case(case)
        return Response(s.FollowUpStateSerializer(state.as_dict()).data)
