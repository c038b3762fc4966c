from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from cases import tracking
from cases.models import Case, Category
from core.validators import normalize_mobile, validate_mobile
from grids.models import Compound
from intake import rules
from intake.models import Referral


class ComplaintCreateSerializer(serializers.Serializer):
    """The web form's fields (the view validates with the very same form, so the rules are
    the form's). Files go as multipart `photos`, up to 6 photos or PDFs."""

    compound = serializers.CharField(max_length=32, help_text="The compound's code.")
    building = serializers.CharField(max_length=rules.BUILDING_MAX, required=False)
    category = serializers.IntegerField(help_text="A category id (see the form's choices).")
    description = serializers.CharField(
        min_length=rules.DESCRIPTION_MIN, max_length=rules.DESCRIPTION_MAX
    )
    claims = serializers.CharField(max_length=rules.CLAIMS_MAX)
    other_side = serializers.CharField(max_length=rules.OTHER_SIDE_MAX, required=False)
    name = serializers.CharField(max_length=rules.NAME_MAX)
    mobile = serializers.CharField(max_length=20)
    email = serializers.EmailField(required=False)
    consent = serializers.BooleanField(help_text="Agreement to the privacy notice; must be true.")
    photos = serializers.ListField(child=serializers.FileField(), required=False, max_length=6)


class ComplaintCreatedSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Identifies the complaint in the next calls.")
    status = serializers.CharField()
    mobile = serializers.CharField(help_text="Masked: where the code was sent.")
    code_expires_at = serializers.DateTimeField()


class ConfirmSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=12)


class ConfirmedSerializer(serializers.Serializer):
    reference = serializers.CharField()
    tracking_code = serializers.CharField(help_text="Grouped for reading: ABCD-EFGH-JKM.")


class TrackLookupSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    mobile_last4 = serializers.RegexField(r"^\d{4}$")

    def validate_code(self, value: str) -> str:
        code = tracking.normalize(value)
        if not tracking.is_well_formed(code):
            raise serializers.ValidationError(
                _("This is not a valid tracking code; please check each character.")
            )
        return code


class StepSerializer(serializers.Serializer):
    """A step as the tracking page shows it (intake.selectors.tracking_steps)."""

    created_at = serializers.DateTimeField()
    kind = serializers.CharField()
    summary = serializers.CharField()


class TrackedCaseSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    tier_label = serializers.CharField(source="get_tier_display")
    category = serializers.CharField(source="category.label")
    compound = serializers.CharField(source="compound.name")
    steps = StepSerializer(many=True)

    class Meta:
        model = Case
        fields = [
            "reference",
            "status",
            "status_label",
            "tier",
            "tier_label",
            "category",
            "compound",
            "registered_at",
            "deadline",
            "steps",
        ]


class ReferralSerializer(serializers.Serializer):
    """One referral from a partner system; the CSV/.xlsx import checks each row with it too."""

    partner_reference = serializers.CharField(max_length=64)
    compound = serializers.CharField(max_length=128, help_text="The compound's code or full name.")
    category = serializers.CharField(
        max_length=64, required=False, help_text="Category code or name; other if left out."
    )
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(max_length=rules.DESCRIPTION_MAX)
    claims = serializers.CharField(max_length=rules.CLAIMS_MAX, required=False, allow_blank=True)
    building = serializers.CharField(
        max_length=rules.BUILDING_MAX, required=False, allow_blank=True
    )
    applicant_name = serializers.CharField(max_length=rules.NAME_MAX)
    applicant_mobile = serializers.CharField(max_length=20, required=False, allow_blank=True)
    other_side = serializers.CharField(
        max_length=rules.OTHER_SIDE_MAX, required=False, allow_blank=True
    )
    received_at = serializers.DateTimeField(required=False, allow_null=True)

    def validate_partner_reference(self, value: str) -> str:
        value = value.strip()
        if not value:
            raise serializers.ValidationError(_("The partner's reference is missing."))
        return value

    def validate_compound(self, value: str) -> Compound:
        value = value.strip()
        by_code = Compound.objects.filter(code=value).first()
        if by_code:
            return by_code
        by_name = list(Compound.objects.filter(name=value)[:2])
        if len(by_name) == 1:
            return by_name[0]
        if by_name:
            raise serializers.ValidationError(
                _("Several compounds are called “%(name)s”; give the compound's code.")
                % {"name": value}
            )
        raise serializers.ValidationError(_("No compound “%(name)s”.") % {"name": value})

    def validate_category(self, value: str) -> Category:
        value = (value or "").strip()
        if not value:
            return Category.objects.get(code="other")
        for field in ("code", "name", "name_en__iexact"):
            category = Category.objects.filter(**{field: value}, active=True).first()
            if category:
                return category
        raise serializers.ValidationError(_("No category “%(name)s”.") % {"name": value})

    def validate_applicant_mobile(self, value: str) -> str:
        value = normalize_mobile(value or "")
        if value:
            try:
                validate_mobile(value)
            except DjangoValidationError as error:
                raise serializers.ValidationError(list(error.messages)) from error
        return value

    def validate(self, attrs):
        attrs.setdefault("category", Category.objects.get(code="other"))
        return attrs


class ReferralStatusSerializer(serializers.ModelSerializer):
    """What a partner reads back about its referral."""

    reference = serializers.CharField(source="case.reference")
    status = serializers.CharField(source="case.status")
    status_label = serializers.CharField(source="case.get_status_display")
    tier = serializers.CharField(source="case.tier")
    outcome = serializers.CharField(source="case.outcome")
    registered_at = serializers.DateTimeField(source="case.registered_at")
    concluded_at = serializers.DateTimeField(source="case.concluded_at")
    created = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "partner_reference",
            "reference",
            "status",
            "status_label",
            "tier",
            "outcome",
            "received_at",
            "created_at",
            "registered_at",
            "concluded_at",
            "created",
        ]

    def get_created(self, referral) -> bool:
        """True when this call registered it; False when it was there already."""
        return bool(self.context.get("created", False))
