import django_filters
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from agreements.models import Agreement
from agreements.selectors import agreement_list_for_user
from cases.access import case_get_for_user
from cases.models import Case
from cases.selectors import case_list_for_user
from cases.workflow import Capability
from core.api.filters import for_user
from core.downloads import private_file_response
from documents import services
from documents.models import Document
from documents.selectors import documents_for_case, documents_list_for_user

from .serializers import DocumentRequestSerializer, DocumentSerializer


class DocumentFilter(django_filters.FilterSet):
    case = django_filters.ModelChoiceFilter(queryset=for_user(Case, case_list_for_user))
    agreement = django_filters.ModelChoiceFilter(
        queryset=for_user(Agreement, agreement_list_for_user)
    )

    class Meta:
        model = Document
        fields = ["case", "kind", "state", "agreement"]


class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Documents of the cases the user may see: rendering requests and their state (queued,
    rendering, ready, failed), retries and downloads. Readers who do not work a case see only
    its agreement and signed copies."""

    serializer_class = DocumentSerializer
    lookup_value_regex = r"\d+"  # anything else is not a document: 404, never a crash
    filterset_class = DocumentFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Document.objects.none()
        return documents_list_for_user(self.request.user)

    def get_object(self):
        document = get_object_or_404(Document, pk=self.kwargs["pk"])
        case = case_get_for_user(user=self.request.user, case_id=document.case_id)
        if not documents_for_case(case).filter(pk=document.pk).exists():
            raise Http404
        return document

    @extend_schema(request=DocumentRequestSerializer, responses={201: DocumentSerializer})
    def create(self, request):
        serializer = DocumentRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case = case_get_for_user(
            user=request.user, case_id=data["case"], capability=Capability.WORK
        )
        document = services.document_request_for_user(
            case_id=case.pk,
            actor=request.user,
            kind=data["kind"],
            audience=data["audience"],
            session_id=data.get("session"),
        )
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=DocumentSerializer)
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        document = services.document_retry(document_id=self.get_object().pk, actor=request.user)
        return Response(DocumentSerializer(document).data)

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        document = self.get_object()
        if document.state != Document.State.READY:
            raise Http404
        return private_file_response(
            document.file.open("rb"),
            filename=document.download_name,
            content_type=document.content_type,
        )
