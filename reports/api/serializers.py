"""The shapes of the figures API (what a city-level platform pulls) and of the ledgers."""

from rest_framework import serializers

from cases.models import Case
from followups.models import FollowUpVisit
from reports import figures as fig


class FigureValueSerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True, help_text='null is shown as "—"')
    numerator = serializers.IntegerField(required=False)
    denominator = serializers.IntegerField(required=False)
    available = serializers.BooleanField(required=False)


class DefinitionSerializer(serializers.Serializer):
    label = serializers.CharField()
    definition = serializers.CharField()
    kind = serializers.ChoiceField(choices=["count", "rate", "days"])


class JurisdictionSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=["district", "street", "grid"])
    id = serializers.IntegerField()
    name = serializers.CharField()


class ChannelRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    received = serializers.IntegerField()


class _Counts(serializers.Serializer):
    received = serializers.IntegerField()
    settled = serializers.IntegerField()
    mediated = serializers.IntegerField()
    settlement_rate = serializers.FloatField(allow_null=True)


class ChildRowSerializer(_Counts):
    level = serializers.ChoiceField(choices=["street", "grid", "compound", "ungridded"])
    pk = serializers.IntegerField(allow_null=True)
    name = serializers.CharField(allow_blank=True)
    not_settled = serializers.IntegerField()
    open_at_end = serializers.IntegerField()
    overdue_at_end = serializers.IntegerField()


class CategoryRowSerializer(_Counts):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    open_at_end = serializers.IntegerField()


class CompoundRowSerializer(serializers.Serializer):
    pk = serializers.IntegerField()
    name = serializers.CharField()
    street = serializers.CharField()
    grid = serializers.CharField(allow_blank=True)
    received = serializers.IntegerField()
    previous_mean = serializers.FloatField()
    settled = serializers.IntegerField()
    open_at_end = serializers.IntegerField()
    hotspot = serializers.BooleanField()


class MediatorRowSerializer(serializers.Serializer):
    pk = serializers.IntegerField()
    name = serializers.CharField()
    workload = serializers.IntegerField()
    settled = serializers.IntegerField()
    average_days = serializers.FloatField(allow_null=True)


class TrendRowSerializer(_Counts):
    month = serializers.CharField()
    counted = serializers.BooleanField(help_text="false: the month was never counted yet")


class FiguresSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    jurisdiction = JurisdictionSerializer()
    refreshed_at = serializers.DateTimeField(allow_null=True)
    uncounted_months = serializers.ListField(child=serializers.CharField())
    figures = serializers.DictField(child=FigureValueSerializer())
    counts = serializers.DictField(child=serializers.IntegerField())
    by_channel = ChannelRowSerializer(many=True)
    escalations = serializers.DictField(child=serializers.IntegerField())
    children = ChildRowSerializer(many=True)
    by_category = CategoryRowSerializer(many=True)
    by_compound = CompoundRowSerializer(many=True)
    by_mediator = MediatorRowSerializer(many=True)
    trend = TrendRowSerializer(many=True)
    definitions = serializers.DictField(child=DefinitionSerializer())


def definitions() -> dict:
    return {
        key: {"label": str(f.label), "definition": str(f.definition), "kind": f.kind}
        for key, f in fig.FIGURES.items()
    }


class LedgerCaseSerializer(serializers.ModelSerializer):
    district = serializers.CharField(source="district.name")
    street = serializers.CharField(source="street.name")
    grid = serializers.CharField(source="grid.name", default=None)
    compound = serializers.CharField(source="compound.name")
    category = serializers.CharField(source="category.code")
    team = serializers.CharField(source="team.name")

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "registered_at",
            "district",
            "street",
            "grid",
            "compound",
            "category",
            "channel",
            "grade_level",
            "difficulty",
            "urgency",
            "households",
            "tier",
            "team",
            "status",
            "outcome",
            "accepted_at",
            "deadline",
            "concluded_at",
            "reopened_count",
            "title",
        ]


class CompoundLedgerRowSerializer(serializers.Serializer):
    compound_id = serializers.IntegerField()
    compound = serializers.CharField(source="compound__name")
    compound_code = serializers.CharField(source="compound__code")
    street = serializers.CharField(source="street__name")
    grid = serializers.CharField(source="grid__name", allow_null=True)
    property_company = serializers.CharField(
        source="compound__property_company__name", allow_null=True
    )
    registered = serializers.IntegerField()
    key_cases = serializers.IntegerField()
    open = serializers.IntegerField()
    settled = serializers.IntegerField()
    not_settled = serializers.IntegerField()
    latest = serializers.DateTimeField()


class FollowUpLedgerRowSerializer(serializers.ModelSerializer):
    """A row of the follow-up ledger: the visit with its case's reference and place. No names:
    the party's satisfaction and the visit's facts, as on the ledger page."""

    case_id = serializers.IntegerField()
    case_reference = serializers.CharField(source="case.reference")
    street = serializers.CharField(source="case.street.name")
    compound = serializers.CharField(source="case.compound.name")
    category = serializers.CharField(source="case.category.code")
    case_concluded_at = serializers.DateTimeField(source="case.concluded_at", allow_null=True)

    class Meta:
        model = FollowUpVisit
        fields = [
            "id",
            "case_id",
            "case_reference",
            "street",
            "compound",
            "category",
            "case_concluded_at",
            "offset_days",
            "due_on",
            "status",
            "visited_on",
            "mode",
            "performance",
            "satisfaction",
            "rebound",
            "attempts",
        ]
