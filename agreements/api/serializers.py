from rest_framework import serializers

from agreements import codes
from agreements.models import Agreement, Obligation
from agreements.selectors import owners_consent


class ObligationSerializer(serializers.ModelSerializer):
    debtor = serializers.CharField(source="debtor.name")
    creditor = serializers.CharField(source="creditor.name", default=None)

    class Meta:
        model = Obligation
        fields = [
            "id",
            "term_number",
            "debtor",
            "debtor_id",
            "creditor",
            "creditor_id",
            "kind",
            "description",
            "amount",
            "due_on",
            "instalment",
            "instalments",
            "status",
        ]


class AgreementListSerializer(serializers.ModelSerializer):
    case_reference = serializers.CharField(source="case.reference")

    class Meta:
        model = Agreement
        fields = [
            "id",
            "case",
            "case_reference",
            "version",
            "status",
            "supersedes",
            "drafted_at",
            "finalised_at",
            "signed_on",
            "effective_on",
        ]
        # Output only (DraftSerializer names the case): no menu of cases or agreements.
        read_only_fields = ["case", "supersedes"]


class AgreementVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agreement
        fields = ["id", "version", "status", "finalised_at", "correction_reason"]


class AgreementDetailSerializer(AgreementListSerializer):
    obligations = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()
    verification_code = serializers.SerializerMethodField()
    consent = serializers.SerializerMethodField()

    class Meta(AgreementListSerializer.Meta):
        fields = [
            *AgreementListSerializer.Meta.fields,
            "facts",
            "disputed_matters",
            "responsibilities",
            "terms",
            "performance",
            "place",
            "verification_code",
            "return_note",
            "correction_reason",
            "approved_at",
            "consent",
            "consent_reason",
            "jc_intended",
            "jc_applied_on",
            "jc_court",
            "jc_result",
            "jc_result_on",
            "obligations",
            "versions",
        ]

    def get_obligations(self, agreement) -> list[dict]:
        rows = agreement.obligations.select_related("debtor", "creditor").order_by(
            "term_number", "instalment", "id"
        )
        return ObligationSerializer(rows, many=True).data

    def get_versions(self, agreement) -> list[dict]:
        rows = Agreement.objects.filter(case_id=agreement.case_id).order_by("version")
        return AgreementVersionSerializer(rows, many=True).data

    def get_verification_code(self, agreement) -> str:
        return codes.display(agreement.verification_code)

    def get_consent(self, agreement) -> dict | None:
        """The owners' positions of a collective case (None for a case without groups)."""
        consent = owners_consent(agreement.case)
        return (
            consent.as_detail()
            | {"agreeing": [{"id": pk, "name": name} for pk, name in consent.agrees]}
            if consent.collective
            else None
        )


class FinaliseSerializer(serializers.Serializer):
    consent_reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class DraftSerializer(serializers.Serializer):
    case = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    template = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class ObligationLineSerializer(serializers.Serializer):
    debtor_id = serializers.IntegerField(min_value=1)
    creditor_id = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    kind = serializers.ChoiceField(choices=Obligation.Kind.choices)
    description = serializers.CharField(max_length=500)
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True
    )
    due_on = serializers.DateField()
    instalments = serializers.IntegerField(min_value=1, max_value=60, default=1)
    interval_months = serializers.IntegerField(min_value=1, max_value=12, default=1)


class UpdateSerializer(serializers.Serializer):
    facts = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    disputed_matters = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    responsibilities = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    terms = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    performance = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    place = serializers.CharField(required=False, allow_blank=True, max_length=128)
    obligations = ObligationLineSerializer(many=True, required=False)


class ReasonSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000)


class SigningSerializer(serializers.Serializer):
    signed_on = serializers.DateField()
    effective_on = serializers.DateField()
    scan = serializers.FileField(required=False)


class JudicialConfirmationSerializer(serializers.Serializer):
    intended = serializers.BooleanField(default=False)
    applied_on = serializers.DateField(required=False, allow_null=True)
    court = serializers.CharField(required=False, allow_blank=True, max_length=128)
    result = serializers.CharField(required=False, allow_blank=True, max_length=200)
    result_on = serializers.DateField(required=False, allow_null=True)
