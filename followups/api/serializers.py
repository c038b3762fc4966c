from django.contrib.auth import get_user_model
from django.db import models
from rest_framework import serializers

from agreements.models import Obligation
from cases.models import Category
from core.api.fields import ScopedRelatedField
from core.validators import validate_mobile
from followups.access import patrol_grids_for_user
from followups.forms import staff_for_grids
from followups.models import (
    EarlySign,
    FollowUpVisit,
    ObligationEvidence,
    ObligationRecord,
    PatrolMember,
    ScreeningPatrol,
)
from grids.models import Compound, Grid
from mediators.models import Expert

V = FollowUpVisit


class VisitSerializer(serializers.ModelSerializer):
    case_reference = serializers.CharField(source="case.reference", read_only=True)
    assigned_to = serializers.CharField(source="assigned_to.name", default=None, read_only=True)
    anchor = serializers.CharField(source="plan.anchor", read_only=True)
    cycle = serializers.IntegerField(source="plan.cycle", read_only=True)

    class Meta:
        model = FollowUpVisit
        fields = [
            "id",
            "case",
            "case_reference",
            "cycle",
            "anchor",
            "offset_days",
            "planned_on",
            "due_on",
            "assigned_to",
            "status",
            "attempts",
            "last_attempt_on",
            "visited_on",
            "mode",
            "participants",
            "performance",
            "satisfaction",
            "remarks",
            "rebound",
            "recorded_at",
        ]
        read_only_fields = fields


class VisitRecordSerializer(serializers.Serializer):
    visited_on = serializers.DateField()
    mode = serializers.ChoiceField(choices=V.Mode.choices)
    participants = serializers.CharField(max_length=300)
    performance = serializers.ChoiceField(choices=V.Performance.choices)
    satisfaction = serializers.ChoiceField(choices=V.Satisfaction.choices)
    remarks = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    rebound = serializers.BooleanField(required=False, default=False)


class VisitUnreachableSerializer(serializers.Serializer):
    attempted_on = serializers.DateField()
    mode = serializers.ChoiceField(choices=V.Mode.choices)
    remarks = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class ObligationEvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = ObligationEvidence
        fields = ["id", "name", "content_type", "size", "sha256"]


class ObligationRecordSerializer(serializers.ModelSerializer):
    recorded_by = serializers.CharField(source="recorded_by.name", default=None)
    evidence = ObligationEvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = ObligationRecord
        fields = [
            "id",
            "status_from",
            "status_to",
            "performed_on",
            "amount_paid",
            "note",
            "recorded_by",
            "recorded_at",
            "evidence",
        ]


class ObligationSerializer(serializers.ModelSerializer):
    case = serializers.IntegerField(source="agreement.case_id", read_only=True)
    case_reference = serializers.CharField(source="agreement.case.reference", read_only=True)
    debtor = serializers.CharField(source="debtor.name", read_only=True)
    creditor = serializers.CharField(source="creditor.name", default=None, read_only=True)

    class Meta:
        model = Obligation
        fields = [
            "id",
            "case",
            "case_reference",
            "agreement",
            "debtor",
            "creditor",
            "kind",
            "description",
            "amount",
            "due_on",
            "instalment",
            "instalments",
            "status",
            "status_changed_at",
        ]
        read_only_fields = fields


class ObligationDetailSerializer(ObligationSerializer):
    records = ObligationRecordSerializer(many=True, read_only=True)

    class Meta(ObligationSerializer.Meta):
        fields = [*ObligationSerializer.Meta.fields, "records"]
        read_only_fields = fields


class RecordedStatus(models.TextChoices):
    """What a mediator may record (the schedule alone marks an obligation due)."""

    PERFORMED = Obligation.Status.PERFORMED.value, Obligation.Status.PERFORMED.label
    PARTLY_PERFORMED = (
        Obligation.Status.PARTLY_PERFORMED.value,
        Obligation.Status.PARTLY_PERFORMED.label,
    )
    BREACHED = Obligation.Status.BREACHED.value, Obligation.Status.BREACHED.label


class ObligationRecordInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=RecordedStatus.choices)
    performed_on = serializers.DateField(required=False, allow_null=True, default=None)
    amount_paid = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None
    )
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    evidence = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, max_length=10
    )


# What a patrol may name, as the page's PatrolForm offers it: the grids whose patrols the user
# sees (the service then answers 403 to a reader of the grid), their compounds, the staff of the
# grids the user patrols and, to someone who patrols, the pool's available experts.
def _patrol_compounds(user):
    return Compound.objects.filter(grid__in=patrol_grids_for_user(user))


def _patrol_staff(user):
    return staff_for_grids(patrol_grids_for_user(user, record=True))


def _patrol_experts(user):
    if not patrol_grids_for_user(user, record=True).exists():
        return Expert.objects.none()
    return Expert.objects.filter(available=True)


class PatrolMemberSerializer(serializers.ModelSerializer):
    user = ScopedRelatedField(
        model=get_user_model(), scope=_patrol_staff, required=False, allow_null=True
    )
    expert = ScopedRelatedField(
        model=Expert, scope=_patrol_experts, required=False, allow_null=True
    )

    class Meta:
        model = PatrolMember
        fields = ["kind", "name", "user", "expert"]


class EarlySignSerializer(serializers.ModelSerializer):
    compound = ScopedRelatedField(
        model=Compound, scope=_patrol_compounds, required=False, allow_null=True
    )

    class Meta:
        model = EarlySign
        fields = ["id", "patrol", "compound", "description", "severity", "parties", "case"]
        read_only_fields = ["id", "patrol", "case"]


class PatrolSerializer(serializers.ModelSerializer):
    grid = ScopedRelatedField(model=Grid, scope=patrol_grids_for_user)
    compounds = ScopedRelatedField(model=Compound, scope=_patrol_compounds, many=True)
    members = PatrolMemberSerializer(many=True)
    signs = EarlySignSerializer(many=True, required=False)
    recorded_by = serializers.CharField(source="recorded_by.name", read_only=True)

    class Meta:
        model = ScreeningPatrol
        fields = [
            "id",
            "grid",
            "patrolled_on",
            "week_start",
            "compounds",
            "members",
            "signs",
            "notes",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = ["id", "week_start", "recorded_by", "recorded_at"]
        # The service checks the grid is the user's (403; a grid they do not see is no choice,
        # 400) before the day's uniqueness (409): a stranger must not learn which grids
        # patrolled when.
        validators = []


class SignToCaseSerializer(serializers.Serializer):
    category = serializers.SlugRelatedField(
        slug_field="code", queryset=Category.objects.filter(active=True)
    )
    title = serializers.CharField(max_length=200)
    applicant_name = serializers.CharField(
        max_length=128, required=False, allow_blank=True, default=""
    )
    applicant_mobile = serializers.CharField(
        max_length=11, required=False, allow_blank=True, default=""
    )

    def validate_applicant_mobile(self, value):
        if value:
            validate_mobile(value)
        return value


class FollowUpStateSerializer(serializers.Serializer):
    plan_status = serializers.CharField(allow_null=True)
    plan_started_on = serializers.DateField(allow_null=True)
    visits_planned = serializers.IntegerField()
    visits_done = serializers.IntegerField()
    visits_unreachable = serializers.IntegerField()
    next_visit_on = serializers.DateField(allow_null=True)
    last_visit_on = serializers.DateField(allow_null=True)
    last_satisfaction = serializers.CharField(allow_null=True)
    rebounds = serializers.IntegerField()
    obligations = serializers.DictField(child=serializers.IntegerField())
