"""Intake's API: the complaint (create, confirm, resend the code), tracking by code, and
partner referrals. The public endpoints take no session (no CSRF, no login) and share the
pages' rate limits; referrals need a partner system's token."""

from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import tracking
from core.api.parsers import JSONParser
from core.masking import mask_mobile
from intake.forms import ComplaintForm
from intake.models import Complaint, Referral
from intake.ratelimit import Counted, Rate, RateLimited, limit, track_rates, upload_rates
from intake.selectors import (
    complaint_by_token,
    partner_for_user,
    referrals_for_partner,
    tracking_steps,
)
from intake.services.complaints import (
    ComplaintInput,
    complaint_code_resend,
    complaint_confirm,
    complaint_submit,
)
from intake.services.referrals import ReferralInput, referral_receive
from intake.services.tracking import filer_side, tracking_lookup
from intake.services.uploads import draft_new, uploads_check, uploads_store

from .serializers import (
    ComplaintCreatedSerializer,
    ComplaintCreateSerializer,
    ConfirmedSerializer,
    ConfirmSerializer,
    ReferralSerializer,
    ReferralStatusSerializer,
    TrackedCaseSerializer,
    TrackLookupSerializer,
)


def complaint_get_or_404(token: str) -> Complaint:
    complaint = complaint_by_token(token)
    if complaint is None:
        raise Http404
    return complaint


class TooManyRequests(Throttled):
    def __init__(self, message: str):
        super().__init__(detail=message)


def _rate(request, *rates: Rate, **one) -> Counted:
    try:
        return limit(request, *rates, **one)
    except RateLimited as refused:
        raise TooManyRequests(refused.message) from refused


class PublicAPIView(APIView):
    """No session and no login: residents have no account, and a form post from another site
    can do nothing a resident could not do by hand."""

    authentication_classes: list = []
    permission_classes = [AllowAny]


def _created_payload(complaint: Complaint) -> dict:
    return {
        "token": complaint.token,
        "status": complaint.status,
        "mobile": mask_mobile(complaint.mobile),
        "code_expires_at": complaint.code_expires_at,
    }


class ComplaintCreateView(PublicAPIView):
    """A resident's complaint, checked by the web form's own rules. It is stored at once and
    an SMS code is sent; it reaches the mediators only when confirmed."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request=ComplaintCreateSerializer,
        responses={
            201: ComplaintCreatedSerializer,
            400: OpenApiResponse(description="What to fix, per field."),
            429: OpenApiResponse(description="Too many complaints from here or for this mobile."),
        },
        summary="File a complaint (a code is sent by SMS to confirm it)",
    )
    def post(self, request):
        data = request.data
        if not isinstance(data, QueryDict | dict):
            raise ValidationError({"non_field_errors": [_("Send the complaint as an object.")]})
        if not isinstance(data, QueryDict):  # JSON: the form wants a QueryDict
            query = QueryDict(mutable=True)
            for key, value in data.items():
                query[key] = (
                    "on" if value is True else ("" if value in (False, None) else str(value))
                )
            data = query
        # The very form of the web page, so the rules cannot drift apart.
        # Everything is checked before anything is counted or stored: an API client gets no
        # draft back to correct, so an invalid request must leave nothing behind.
        form = ComplaintForm(data, request.FILES)
        received, file_errors = uploads_check(files=request.FILES.getlist("photos"))
        if not form.is_valid() or file_errors:
            errors = {k: [str(m) for m in v] for k, v in form.errors.items()}
            if file_errors:
                errors["photos"] = [str(m) for m in file_errors]
            raise ValidationError(errors)
        cleaned = form.cleaned_data
        _rate(
            request,
            Rate("intake.submit.ip", "SUBMIT_RATE_IP"),
            Rate("intake.submit.mobile", "SUBMIT_RATE_MOBILE", value=cleaned["mobile"]),
            *(upload_rates([item.checked.size for item in received]) if received else ()),
        )
        draft = draft_new()
        uploads_store(received=received, draft=draft)
        complaint = complaint_submit(
            data=ComplaintInput(
                compound=cleaned["compound"],
                category=cleaned["category"],
                description=cleaned["description"],
                claims=cleaned["claims"],
                building=cleaned["building"],
                other_side=cleaned["other_side"],
                name=cleaned["name"],
                mobile=cleaned["mobile"],
                email=cleaned["email"],
                language=get_language() or "zh-hans",
            ),
            draft=draft,
        )
        return Response(_created_payload(complaint), status=status.HTTP_201_CREATED)


class ComplaintConfirmView(PublicAPIView):
    """The SMS code: when right, the case is registered (channel web), routed, and the tracking
    code is returned and sent by SMS and email. Wrong codes count against a few attempts."""

    @extend_schema(
        request=ConfirmSerializer,
        responses={
            200: ConfirmedSerializer,
            400: OpenApiResponse(description="Wrong or expired code (attempts are counted)."),
            404: OpenApiResponse(description="No such complaint."),
            409: OpenApiResponse(description="Already confirmed."),
        },
        summary="Confirm a complaint with the SMS code: registers the case",
    )
    def post(self, request, token: str):
        complaint_get_or_404(token)
        serializer = ConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        complaint = complaint_confirm(
            token=token,
            code=serializer.validated_data["code"],
            track_url=request.build_absolute_uri(reverse("intake:track")),
        )
        case = complaint.case
        return Response({"reference": case.reference, "tracking_code": _display(case)})


def _display(case) -> str:
    return tracking.display(case.tracking_code)


class ComplaintResendView(PublicAPIView):
    """A new code, after a minute's wait and a few times per complaint at most."""

    @extend_schema(
        request=None,
        responses={
            200: ComplaintCreatedSerializer,
            400: OpenApiResponse(description="Too soon, or no more codes for this complaint."),
            429: OpenApiResponse(description="Too many codes for this mobile."),
        },
        summary="Send a new code",
    )
    def post(self, request, token: str):
        complaint = complaint_get_or_404(token)
        _rate(
            request,
            group="intake.submit.mobile",
            rate_name="SUBMIT_RATE_MOBILE",
            value=complaint.mobile,
        )
        complaint = complaint_code_resend(token=token)
        return Response(_created_payload(complaint))


class TrackView(PublicAPIView):
    """The status and the shared steps of a case, for its tracking code and the last four
    digits of the filer's mobile. A wrong pair and an unknown code answer alike (404); both
    count against limits per address and per code."""

    @extend_schema(
        request=TrackLookupSerializer,
        responses={
            200: TrackedCaseSerializer,
            404: OpenApiResponse(description="No complaint matches the code and mobile digits."),
            429: OpenApiResponse(description="Too many attempts from here or for this code."),
        },
        summary="Track a complaint by its tracking code and the mobile's last four digits",
    )
    def post(self, request):
        serializer = TrackLookupSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        code = serializer.validated_data["code"]
        counted = _rate(request, *track_rates(code))
        case = tracking_lookup(code=code, mobile_last4=serializer.validated_data["mobile_last4"])
        if case is None:
            raise Http404  # both counters keep the failure
        counted.give_back()
        case.steps = list(tracking_steps(case, side=filer_side(case)))
        return Response(TrackedCaseSerializer(case).data)


class IsPartnerSystem(IsAuthenticated):
    message = _("Only a partner system's account may send referrals.")

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        request.partner = partner_for_user(request.user)
        return request.partner is not None


class ReferralListCreateView(generics.ListAPIView):
    """A partner's own referrals (GET) and a new referral (POST). Sending the same
    partner_reference again returns the first one's case with 200 instead of 201."""

    # Token first: a missing token answers 401 with the scheme to use.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsPartnerSystem]
    serializer_class = ReferralStatusSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no partner
            return Referral.objects.none()
        return referrals_for_partner(self.request.partner)

    @extend_schema(
        request=ReferralSerializer,
        responses={
            201: ReferralStatusSerializer,
            200: OpenApiResponse(
                ReferralStatusSerializer, description="Already referred: the same case."
            ),
        },
        summary="Refer a complaint (idempotent on partner_reference)",
    )
    def post(self, request):
        serializer = ReferralSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        referral, created = referral_receive(
            partner=request.partner, data=ReferralInput(**serializer.validated_data)
        )
        referral = Referral.objects.select_related("case").get(pk=referral.pk)
        return Response(
            ReferralStatusSerializer(referral, context={"created": created}).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class ReferralDetailView(generics.RetrieveAPIView):
    """The status of one referral, by the partner's own reference."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsPartnerSystem]
    serializer_class = ReferralStatusSerializer
    lookup_field = "partner_reference"
    lookup_url_kwarg = "partner_reference"

    def get_object(self):
        if "\x00" in self.kwargs["partner_reference"]:  # PostgreSQL refuses NUL in a query
            raise Http404
        return super().get_object()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no partner
            return Referral.objects.none()
        return referrals_for_partner(self.request.partner)
