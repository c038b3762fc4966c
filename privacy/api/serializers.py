from rest_framework import serializers

from cases.models import Party
from privacy.models import DataRequest


class DataRequestSerializer(serializers.ModelSerializer):
    party = serializers.PrimaryKeyRelatedField(queryset=Party.objects.none())
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

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["party"].queryset = case.parties.filter(kind="person")


class FulfilSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
