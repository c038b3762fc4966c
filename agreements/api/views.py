import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from agreements import services
from agreements.models import Agreement
from agreements.selectors import agreement_list_for_user
from cases.access import case_get_for_user
from cases.models import Case
from cases.selectors import case_list_for_user
from cases.workflow import Capability
from core.api.filters import for_user
from core.api.parsers import JSONParser

from .serializers import (
    AgreementDetailSerializer,
    AgreementListSerializer,
    DraftSerializer,
    FinaliseSerializer,
    JudicialConfirmationSerializer,
    ReasonSerializer,
    SigningSerializer,
    UpdateSerializer,
)


class AgreementFilter(django_filters.FilterSet):
    case = django_filters.ModelChoiceFilter(queryset=for_user(Case, case_list_for_user))

    class Meta:
        model = Agreement
        fields = ["case", "status"]


class AgreementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Agreements of the cases the user may see, with their obligations and versions. Every
    change goes through the same services as the pages: 409 for a move not possible now, 403
    for the wrong person, 400 with the reason for bad input."""

    serializer_class = AgreementListSerializer
    lookup_value_regex = r"\d+"  # anything else is not an agreement: 404, never a crash
    filterset_class = AgreementFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Agreement.objects.none()
        return agreement_list_for_user(self.request.user)

    def get_serializer_class(self):
        return AgreementListSerializer if self.action == "list" else AgreementDetailSerializer

    def get_object(self):
        agreement = get_object_or_404(Agreement, pk=self.kwargs["pk"])
        case_get_for_user(user=self.request.user, case_id=agreement.case_id)
        return agreement

    def _detail(self, agreement_id, code=status.HTTP_200_OK):
        agreement = Agreement.objects.select_related("case").get(pk=agreement_id)
        return Response(AgreementDetailSerializer(agreement).data, status=code)

    @extend_schema(request=DraftSerializer, responses={201: AgreementDetailSerializer})
    def create(self, request):
        serializer = DraftSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = case_get_for_user(
            user=request.user, case_id=serializer.validated_data["case"], capability=Capability.WORK
        )
        agreement = services.agreement_draft(
            case_id=case.pk,
            actor=request.user,
            template_id=serializer.validated_data.get("template"),
        )
        return self._detail(agreement.pk, status.HTTP_201_CREATED)

    @extend_schema(request=UpdateSerializer, responses=AgreementDetailSerializer)
    def partial_update(self, request, pk=None):
        agreement = self.get_object()
        serializer = UpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        lines = data.pop("obligations", None)
        if lines is None:  # text only: keep the schedule as it is
            from agreements.selectors import obligation_lines

            lines = obligation_lines(agreement)
            for line in lines:
                line["debtor_id"], line["creditor_id"] = line.pop("debtor"), line.pop("creditor")
        services.agreement_update(
            agreement_id=agreement.pk,
            actor=request.user,
            texts=data,
            lines=[services.ObligationLine(**line) for line in lines],
        )
        return self._detail(agreement.pk)

    def _consent_reason(self, request) -> str:
        serializer = FinaliseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data.get("consent_reason", "")

    @extend_schema(request=FinaliseSerializer, responses=AgreementDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """The draft goes for approval (the team lead; at the grid tier the grid worker or the
        team's legal adviser). `consent_reason`, while owners refuse or have not decided, is
        kept for the approver, who finalises with it or gives their own."""
        services.agreement_submit(
            agreement_id=self.get_object().pk,
            actor=request.user,
            consent_reason=self._consent_reason(request),
        )
        return self._detail(pk)

    @extend_schema(request=FinaliseSerializer, responses=AgreementDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        services.agreement_approve(
            agreement_id=self.get_object().pk,
            actor=request.user,
            consent_reason=self._consent_reason(request),
        )
        return self._detail(pk)

    @extend_schema(request=ReasonSerializer, responses=AgreementDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.agreement_return(
            agreement_id=self.get_object().pk,
            actor=request.user,
            note=serializer.validated_data["text"],
        )
        return self._detail(pk)

    @extend_schema(request=ReasonSerializer, responses={201: AgreementDetailSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        new = services.agreement_correct(
            agreement_id=self.get_object().pk,
            actor=request.user,
            reason=serializer.validated_data["text"],
        )
        return self._detail(new.pk, status.HTTP_201_CREATED)

    @extend_schema(request=SigningSerializer, responses=AgreementDetailSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def sign(self, request, pk=None):
        serializer = SigningSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.agreement_record_signing(
            agreement_id=self.get_object().pk,
            actor=request.user,
            signed_on=serializer.validated_data["signed_on"],
            effective_on=serializer.validated_data["effective_on"],
            scan=serializer.validated_data.get("scan"),
        )
        return self._detail(pk)

    @extend_schema(request=JudicialConfirmationSerializer, responses=AgreementDetailSerializer)
    @action(detail=True, methods=["post"], url_path="judicial-confirmation")
    def judicial_confirmation(self, request, pk=None):
        serializer = JudicialConfirmationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.agreement_record_judicial_confirmation(
            agreement_id=self.get_object().pk, actor=request.user, **serializer.validated_data
        )
        return self._detail(pk)
