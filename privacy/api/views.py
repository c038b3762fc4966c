"""Data requests through the API: the same services and the same access function as the pages
(reads and writes need WORK on the case; deleting a party's data needs LEAD)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from cases.api.views import CaseChildViewSet
from cases.workflow import Capability
from privacy import services
from privacy.models import DataRequest
from privacy.selectors import data_requests_for_case

from .serializers import DataRequestSerializer, FulfilSerializer


class DataRequestViewSet(CaseChildViewSet):
    """A resident's requests to see (access) or delete (deletion) their personal data, recorded
    by staff on the case with how the person was verified, then carried out: `fulfil` records
    that the copy was given, or anonymises that party; `export` returns their data."""

    model = DataRequest
    serializer_class = DataRequestSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DataRequest.objects.none()
        return data_requests_for_case(self.case(Capability.WORK)).order_by("-id")

    def create(self, request, *args, **kwargs):
        case = self.case(Capability.WORK)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        row = services.data_request_record(
            case_id=case.pk,
            actor=request.user,
            party_id=d["party"].pk,
            kind=d["kind"],
            asked_at=d["asked_at"],
            verification=d["verification"],
            verification_note=d.get("verification_note", ""),
        )
        return Response(DataRequestSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=FulfilSerializer, responses=DataRequestSerializer)
    @action(detail=True, methods=["post"])
    def fulfil(self, request, case_pk=None, pk=None):
        case = self.case(Capability.WORK)
        serializer = FulfilSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row = services.data_request_fulfil(
            case_id=case.pk,
            request_id=int(pk),
            actor=request.user,
            note=serializer.validated_data["note"],
        )
        return Response(DataRequestSerializer(row).data)

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def export(self, request, case_pk=None, pk=None):
        case = self.case(Capability.REVEAL)
        data = services.data_request_export(case_id=case.pk, request_id=int(pk), actor=request.user)
        return Response(data)
