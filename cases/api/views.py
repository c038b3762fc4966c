"""The cases API. Every endpoint fetches its case through the access function and writes
through the same services as the pages; refusals map to 409/403/400 (core.api.exceptions)."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from cases import workflow
from cases.access import case_get_for_user, may_read_side_only
from cases.casework import WORK
from cases.filters import CaseFilter
from cases.models import (
    CaseEvent,
    CaseLink,
    Category,
    ContactAttempt,
    Evidence,
    ExpertAssessment,
    InterimMeasure,
    JointMeeting,
    LegalOpinion,
    MediationSession,
    Party,
    PartyGroup,
)
from cases.selectors import (
    assignee_suggestions,
    case_list_for_display,
    case_list_for_user,
    group_tallies,
)
from cases.services import (
    assignment,
    corrections,
    grading,
    invitations,
    moves,
    parties,
    work,
)
from cases.workflow import Capability
from core.api.parsers import JSONParser
from core.errors import Refused
from core.spreadsheets import SpreadsheetRefused

from . import serializers as s


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Cases the user may see, with the desk's filters and search (`q`: reference, party name
    or phone). Each workflow move is its own action, going through the same service as the
    case page: 409 when the move is not possible now or the version is stale."""

    filterset_class = CaseFilter
    serializer_class = s.CaseListSerializer
    lookup_value_regex = r"\d+"  # anything else is not a case: 404, never a crash

    def get_queryset(self):
        return case_list_for_display(case_list_for_user(self.request.user))

    def get_serializer_class(self):
        if self.action == "list":
            return s.CaseListSerializer
        if self.action in workflow.MOVES:
            return s.MoveSerializer
        return s.CaseDetailSerializer

    def get_object(self):
        case = case_get_for_user(user=self.request.user, case_id=self.kwargs["pk"])
        self.check_object_permissions(self.request, case)
        return case

    def _detail(self, pk):
        case = case_get_for_user(user=self.request.user, case_id=pk)
        return Response(s.CaseDetailSerializer(case).data)

    def _move(self, request, pk, name):
        serializer = s.MoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = case_get_for_user(user=request.user, case_id=pk)
        data = serializer.validated_data
        fields = {k: v for k, v in data.items() if k != "version"}
        moves.case_move(
            case_id=case.pk,
            actor=request.user,
            move=name,
            expected_version=data.get("version"),
            **fields,
        )
        return self._detail(pk)

    @extend_schema(request=s.AssignSerializer, responses=s.CaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        serializer = s.AssignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = case_get_for_user(user=request.user, case_id=pk, capability=Capability.WORK)
        user = get_user_model().objects.filter(pk=serializer.validated_data["user"]).first()
        if user is None:
            raise Refused("invalid", "No such user.")
        assignment.case_assign(
            case_id=case.pk, actor=request.user, user=user, role=serializer.validated_data["role"]
        )
        return self._detail(pk)

    @extend_schema(responses=s.AssigneeSuggestionSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="assignee-suggestions")
    def assignee_suggestions(self, request, pk=None):
        case = case_get_for_user(user=request.user, case_id=pk, capability=Capability.WORK)
        return Response(s.AssigneeSuggestionSerializer(assignee_suggestions(case), many=True).data)

    @extend_schema(request=s.GradeSerializer, responses=s.CaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def grade(self, request, pk=None):
        serializer = s.GradeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        category = Category.objects.filter(code=data["category"], active=True).first()
        if category is None:
            raise Refused("invalid", "No such category.")
        case = case_get_for_user(user=request.user, case_id=pk, capability=Capability.WORK)
        grading.case_grade(
            case_id=case.pk,
            actor=request.user,
            category=category,
            households=data["households"],
            difficulty=data["difficulty"],
            urgency=data["urgency"],
            reason=data["reason"],
        )
        return self._detail(pk)


def _make_move_action(name):
    def handler(self, request, pk=None):
        return self._move(request, pk, name)

    # DRF maps the HTTP method to the function's name, so it must be right before decorating.
    handler.__name__ = handler.__qualname__ = name
    handler = action(detail=True, methods=["post"], url_path=name, url_name=name)(handler)
    return extend_schema(
        request=s.MoveSerializer, responses=s.CaseDetailSerializer, summary=f"Move: {name}"
    )(handler)


for _name in workflow.MOVES:
    setattr(CaseViewSet, _name, _make_move_action(_name))


CASE_PK = OpenApiParameter("case_pk", OpenApiTypes.INT, OpenApiParameter.PATH)


@extend_schema(parameters=[CASE_PK])
class CaseChildViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Base of the endpoints under /api/cases/{case_pk}/...: reads need VIEW on the case,
    writes WORK (both through the access function)."""

    model = None
    ordering = "-id"
    lookup_value_regex = r"\d+"

    def case(self, capability: str = Capability.VIEW):
        cache = self.__dict__.setdefault("_cases", {})
        if capability not in cache:
            cache[capability] = case_get_for_user(
                user=self.request.user, case_id=self.kwargs["case_pk"], capability=capability
            )
        return cache[capability]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.model.objects.filter(case=self.case())


class CreateThroughService:
    """POST records the viewset's kind of case work (cases.casework.WORK[work]): its serializer
    validates, its perform writes through the service (never serializer.save()), as the case
    page's form does; the answer is the row as the viewset shows it."""

    work = ""

    def create(self, request, *args, **kwargs):
        kind = WORK[self.work]
        serializer = kind.serializer_class()(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        case = self.case(kind.needs)
        row = kind.perform(case, request.user, serializer.validated_data)
        return Response(self.get_serializer(row).data, status=status.HTTP_201_CREATED)


class CorrectThroughService:
    """POST .../{id}/correct/: the correction service keeps the original entry and appends the
    correction; who may correct is who may record the work (WORK on the case)."""

    def _correct(self, request, pk, serializer_class, service, id_name):
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        reason = changes.pop("reason")
        case = self.case(Capability.WORK)
        row = self.model.objects.filter(case=case, pk=pk).first()
        if row is None:
            raise Http404
        row = service(
            case_id=case.pk, actor=request.user, changes=changes, reason=reason, **{id_name: row.pk}
        )
        return Response(self.get_serializer(row).data)


def work_viewset(kind):
    """The list-and-create endpoint of a kind of case work with nothing of its own to add
    (cases.casework.WorkKind.api_path): its serializer lists and answers, its perform writes."""
    serializer, model = kind.serializer_class(), kind.model()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return model.objects.none()
        return kind.rows(self.case())  # with who recorded it and the party: one query

    return type(
        f"{kind.name.title()}ViewSet",
        (CreateThroughService, CaseChildViewSet),
        {
            "__doc__": f"The case's {model._meta.model_name} rows: read with VIEW on the "
            f"case, recorded with {kind.needs.upper()} (cases.casework.WORK).",
            "__module__": __name__,
            "work": kind.name,
            "model": model,
            "serializer_class": serializer,
            "get_queryset": get_queryset,
        },
    )


class ContactAttemptViewSet(CorrectThroughService, CreateThroughService, CaseChildViewSet):
    work = "contact"
    model = ContactAttempt
    serializer_class = s.ContactAttemptSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("recorded_by")

    @extend_schema(request=s.ContactCorrectSerializer, responses=s.ContactAttemptSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request, case_pk=None, pk=None):
        return self._correct(
            request, pk, s.ContactCorrectSerializer, corrections.contact_correct, "contact_id"
        )


class MediationSessionViewSet(CorrectThroughService, CreateThroughService, CaseChildViewSet):
    """Sessions; a back-to-back session's minutes are not shown to invited guests."""

    work = "session"
    model = MediationSession
    serializer_class = s.MediationSessionSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["works"] = Capability.WORK in self.case().capabilities
        return context

    def get_queryset(self):
        sessions = super().get_queryset().select_related("recorded_by")
        if getattr(self, "swagger_fake_view", False):
            return sessions
        case = self.case()
        if not may_read_side_only(self.request.user, case):
            sessions = sessions.exclude(mode=MediationSession.Mode.BACK_TO_BACK)
        return sessions

    @extend_schema(request=s.SessionCorrectSerializer, responses=s.MediationSessionSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request, case_pk=None, pk=None):
        return self._correct(
            request, pk, s.SessionCorrectSerializer, corrections.session_correct, "session_id"
        )


class InterimMeasureViewSet(CorrectThroughService, CreateThroughService, CaseChildViewSet):
    work = "measure"
    model = InterimMeasure
    serializer_class = s.InterimMeasureSerializer

    @extend_schema(request=s.InterimMeasureCorrectSerializer, responses=s.InterimMeasureSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request, case_pk=None, pk=None):
        return self._correct(
            request,
            pk,
            s.InterimMeasureCorrectSerializer,
            corrections.interim_measure_correct,
            "measure_id",
        )


class EvidenceViewSet(CreateThroughService, CaseChildViewSet):
    """Upload as multipart/form-data; the type is decided by the content. Files are fetched
    from `download` (the page's view, which checks access the same way)."""

    work = "evidence"
    model = Evidence
    serializer_class = s.EvidenceSerializer
    parser_classes = [MultiPartParser, FormParser]


class LegalOpinionViewSet(CreateThroughService, CaseChildViewSet):
    work = "opinion"
    model = LegalOpinion
    serializer_class = s.LegalOpinionSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("author")


class ExpertAssessmentViewSet(CreateThroughService, CaseChildViewSet):
    """The team requests (POST); the invited expert records the scores (POST .../submit/)."""

    work = "assessment"
    model = ExpertAssessment
    serializer_class = s.ExpertAssessmentSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("expert")

    @extend_schema(request=s.AssessmentSubmitSerializer, responses=s.ExpertAssessmentSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, case_pk=None, pk=None):
        serializer = s.AssessmentSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assessment = self.get_queryset().filter(pk=pk).first()
        if assessment is None:
            raise Http404
        assessment = work.assessment_submit(
            assessment_id=assessment.pk,
            actor=request.user,
            scores=serializer.validated_data["scores"],
            conclusion=serializer.validated_data["conclusion"],
        )
        return Response(s.ExpertAssessmentSerializer(assessment).data)


class JointMeetingViewSet(CreateThroughService, CaseChildViewSet):
    work = "meeting"
    model = JointMeeting
    serializer_class = s.JointMeetingSerializer

    def get_queryset(self):
        return super().get_queryset().prefetch_related("actions")


class CaseLinkViewSet(CreateThroughService, CaseChildViewSet):
    work = "link"
    model = CaseLink
    serializer_class = s.CaseLinkSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CaseLink.objects.none()
        case = self.case()
        return CaseLink.objects.filter(Q(case=case) | Q(other=case))


class CaseEventViewSet(CaseChildViewSet):
    """The record, read-only: entries are never changed or deleted through the API."""

    model = CaseEvent
    serializer_class = s.CaseEventSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["case"] = self.case()
        return context

    def get_queryset(self):
        events = super().get_queryset().select_related("actor")
        if getattr(self, "swagger_fake_view", False):
            return events
        case = self.case()
        if not may_read_side_only(self.request.user, case):
            events = events.exclude(visibility=CaseEvent.Visibility.SIDE)
        return events


class PartyViewSet(CreateThroughService, CaseChildViewSet):
    """Parties with masked numbers; adding, correcting (a record entry points at the original),
    positions, and the explicit reveal of a full number (recorded)."""

    work = "party"
    model = Party
    serializer_class = s.PartySerializer

    @extend_schema(request=s.PartyInputSerializer, responses={201: s.PartySerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def _party(self, pk, capability=Capability.WORK) -> Party:
        party = Party.objects.filter(case=self.case(capability), pk=pk).first()
        if party is None:
            raise Http404
        return party

    @extend_schema(request=s.PartyCorrectSerializer, responses=s.PartySerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request, case_pk=None, pk=None):
        serializer = s.PartyCorrectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        reason = changes.pop("reason")
        party = self._party(pk)
        party = parties.party_correct(
            case_id=party.case_id,
            party_id=party.pk,
            actor=request.user,
            changes=changes,
            reason=reason,
        )
        return Response(s.PartySerializer(party).data)

    @extend_schema(request=s.PositionSerializer, responses=s.PartySerializer)
    @action(detail=True, methods=["post"])
    def position(self, request, case_pk=None, pk=None):
        serializer = s.PositionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        party = self._party(pk)
        party = parties.party_position_set(
            case_id=party.case_id,
            party_id=party.pk,
            actor=request.user,
            **serializer.validated_data,
        )
        return Response(s.PartySerializer(party).data)

    @extend_schema(request=s.RevealSerializer, responses=s.RevealedSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request, case_pk=None, pk=None):
        serializer = s.RevealSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        party = self._party(pk, Capability.REVEAL)
        field = serializer.validated_data["field"]
        value = parties.party_reveal(
            case_id=party.case_id, party_id=party.pk, actor=request.user, field_name=field
        )
        return Response({"field": field, "value": value})


class PartyGroupViewSet(CreateThroughService, CaseChildViewSet):
    work = "group"
    model = PartyGroup
    serializer_class = s.PartyGroupSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and "case_pk" in self.kwargs:
            context["tallies"] = group_tallies(self.case())
        return context

    @extend_schema(
        request={"multipart/form-data": s.GroupImportSerializer},
        responses={201: s.PartySerializer(many=True)},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def members_import(self, request, case_pk=None, pk=None):
        """All rows or none: a bad row answers 400 with every row's errors; a file that cannot
        be read or crosses a limit (member_import.LIMITS) answers 400 with the file's error."""
        serializer = s.GroupImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = self.case(Capability.WORK)
        try:
            members = parties.party_group_import(
                case_id=case.pk,
                group_id=int(pk),
                actor=request.user,
                uploaded=serializer.validated_data["file"],
            )
        except SpreadsheetRefused as refused:  # the file as a whole: the field's error
            raise ValidationError({"file": [refused.message]}) from None
        except parties.GroupImportError as refused:
            errors = [
                {"row": e.row, "column": e.column, "message": e.message} for e in refused.errors
            ]
            return Response(
                {"detail": refused.message, "code": "invalid", "rows": errors},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(s.PartySerializer(members, many=True).data, status=status.HTTP_201_CREATED)


class InvitationViewSet(CaseChildViewSet):
    """Experts and partner organisations invited to this case (django-guardian)."""

    serializer_class = s.InvitedUserSerializer
    pagination_class = None

    def get_queryset(self):
        return get_user_model().objects.none()  # users are listed through guardian below

    def list(self, request, *args, **kwargs):
        case = self.case(Capability.WORK)
        users = invitations.invited_users(case)
        return Response(s.InvitedUserSerializer(users, many=True).data)

    @extend_schema(request=s.InvitationSerializer, responses={201: s.InvitedUserSerializer})
    def create(self, request, *args, **kwargs):
        serializer = s.InvitationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = self.case(Capability.WORK)
        user = get_user_model().objects.filter(pk=serializer.validated_data["user"]).first()
        if user is None:
            raise Refused("invalid", "No such user.")
        invitations.case_invite(
            case_id=case.pk,
            actor=request.user,
            user=user,
            reason=serializer.validated_data["reason"],
        )
        return Response(s.InvitedUserSerializer(user).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def destroy(self, request, case_pk=None, pk=None):
        case = self.case(Capability.WORK)
        user = get_user_model().objects.filter(pk=pk).first()
        if user is None:
            raise Http404
        invitations.case_uninvite(case_id=case.pk, actor=request.user, user=user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# JSON for everything but uploads.
for _viewset in (
    ContactAttemptViewSet,
    MediationSessionViewSet,
    InterimMeasureViewSet,
    LegalOpinionViewSet,
    ExpertAssessmentViewSet,
    JointMeetingViewSet,
    CaseLinkViewSet,
    PartyViewSet,
    InvitationViewSet,
):
    _viewset.parser_classes = [JSONParser, FormParser, MultiPartParser]
