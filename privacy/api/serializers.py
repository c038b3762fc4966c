from rest_framework import serializers

from cases.models import Party
from cases.workflow import Capability
from core.api.fields import CaseRelatedField
from privacy.models import DataRequest


class DataRequestSerializer(serializers.ModelSerializer):
    # A person of the URL's case; reading and recording both need WORK on it.
    party = CaseRelatedField(
        model=Party,
        scope=lambda case: case.parties.filter(kind=Party.Kind.PERSON),
        capability=Capability.WORK,
    )
    party_name = serializers.CharField(source="party.name", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.name", read_only=True)
    fulfilled_by = serializers.CharField(source="fulfilled_by.name", default=None, read_only=True)

    class Meta:
        model = DataRequest
        fields = [
            "id",
            "party",
            "party_name",
            "kind",
            "asked_at",
            "verification",
            "verification_note",
            "status",
            "recorded_by",
            "recorded_at",
            "fulfilled_by",
            "fulfilled_at",
            "fulfilment_note",
        ]
        read_only_fields = [
            "status",
            "recorded_at",
            "fulfilled_at",
            "fulfilment_note",
        ]


class FulfilSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
