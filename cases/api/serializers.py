"""The API's shapes. Output serializers read models; input serializers only validate what the
services then decide. Personal numbers leave the API masked, as on the page."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases import workflow
from cases.checklist import CHECKLIST_CODES, MAX_SCORE
from cases.models import (
    ActionItem,
    Case,
    CaseEvent,
    CaseLink,
    ContactAttempt,
    Evidence,
    ExpertAssessment,
    InterimMeasure,
    Investigation,
    JointMeeting,
    LegalOpinion,
    MediationSession,
    Party,
    PartyGroup,
    TierStint,
)
from cases.record_kinds import kind_label
from core.api.fields import CaseRelatedField
from core.masking import mask_id_number, mask_mobile
from mediators.models import Expert
from privacy.selectors import record_summary


class CaseListSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.code")
    compound = serializers.CharField(source="compound.name")
    team = serializers.CharField(source="team.name")

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "title",
            "channel",
            "category",
            "compound",
            "tier",
            "status",
            "grade_level",
            "team",
            "registered_at",
            "deadline",
            "version",
        ]


class CaseEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.name", default=None)
    kind_label = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()

    class Meta:
        model = CaseEvent
        fields = [
            "id",
            "kind",
            "kind_label",
            "actor",
            "created_at",
            "visibility",
            "side",
            "summary",
            "corrects",
        ]
        read_only_fields = fields

    def get_kind_label(self, event) -> str:
        return kind_label(event.kind)

    def get_summary(self, event) -> str:
        """Withheld when it predates an anonymisation (privacy.selectors.record_summary)."""

        case = self.context.get("case")
        return record_summary(event, case) if case is not None else event.summary


class PartySerializer(serializers.ModelSerializer):
    mobile = serializers.SerializerMethodField(help_text="Masked (138****5678); see reveal.")
    id_number = serializers.SerializerMethodField(help_text="Masked; see reveal.")

    class Meta:
        model = Party
        fields = [
            "id",
            "side",
            "kind",
            "name",
            "mobile",
            "id_number",
            "address",
            "property_company",
            "owners_committee",
            "group",
            "is_representative",
            "position",
        ]
        # Output only (PartyInputSerializer takes a new party): no menu of companies or groups.
        read_only_fields = ["property_company", "owners_committee", "group"]

    def get_mobile(self, party) -> str:
        return mask_mobile(party.mobile)

    def get_id_number(self, party) -> str:
        return mask_id_number(party.id_number)


class TierStintSerializer(serializers.ModelSerializer):
    team = serializers.CharField(source="team.name")

    class Meta:
        model = TierStint
        fields = ["tier", "team", "entered_at", "due_on", "left_at", "left_by"]


class CaseDetailSerializer(CaseListSerializer):
    allowed_moves = serializers.SerializerMethodField()
    parties = PartySerializer(many=True, read_only=True)
    tier_stints = TierStintSerializer(many=True, read_only=True)

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "description",
            "claims",
            "building",
            "households",
            "difficulty",
            "urgency",
            "outcome",
            "accepted_at",
            "concluded_at",
            "closed_at",
            "reopened_count",
            "decline_reason",
            "referral_target",
            "referral_body",
            "parties",
            "tier_stints",
            "allowed_moves",
        ]

    def get_allowed_moves(self, case) -> list[str]:
        return [m.name for m in workflow.allowed_moves(case.state(), case.capabilities)]


class MoveSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2_147_483_647,
        help_text="The case version the client saw; an older one is refused with 409.",
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Why: decline, escalate, refer, withdraw and reopen need it.",
    )
    summary = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="settle: what was agreed."
    )
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="close: an optional note."
    )
    referral_target = serializers.ChoiceField(choices=Case.ReferralTarget.choices, required=False)
    referral_body = serializers.CharField(required=False, allow_blank=True, max_length=128)


class AssignSerializer(serializers.Serializer):
    user = serializers.IntegerField(min_value=1)
    role = serializers.ChoiceField(choices=["lead", "assistant"], default="lead")


class AssigneeSuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    specialty_match = serializers.BooleanField()
    open_cases = serializers.IntegerField()


class GradeSerializer(serializers.Serializer):
    category = serializers.SlugField()
    households = serializers.IntegerField(min_value=1, max_value=100000)
    difficulty = serializers.ChoiceField(choices=Case.Difficulty.choices)
    urgency = serializers.ChoiceField(choices=Case.Urgency.choices)
    reason = serializers.CharField(max_length=1000)


# --- work on a case ---------------------------------------------------------------------------


class ContactAttemptSerializer(serializers.ModelSerializer):
    party = CaseRelatedField(model=Party, required=False, allow_null=True)
    recorded_by = serializers.CharField(source="recorded_by.name", read_only=True)
    contacted_at = serializers.DateTimeField(required=False)

    class Meta:
        model = ContactAttempt
        fields = ["id", "party", "method", "result", "contacted_at", "note", "recorded_by"]


class MediationSessionSerializer(serializers.ModelSerializer):
    """`private_note` is for the mediators alone: it is left out for anyone who does not work
    the case (invited experts and partners, supervisors, earlier tiers)."""

    recorded_by = serializers.CharField(source="recorded_by.name", read_only=True)
    private_note = serializers.CharField(
        required=False, allow_blank=True, help_text="Only for those who work the case."
    )

    class Meta:
        model = MediationSession
        fields = [
            "id",
            "held_at",
            "place",
            "mode",
            "side",
            "participants",
            "minutes",
            "private_note",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = ["recorded_at"]
        # The model's default is for old rows; a new session says which it was (the service
        # reads it, and its absence was a KeyError).
        extra_kwargs = {"mode": {"required": True}}

    def to_representation(self, session):
        data = super().to_representation(session)
        if not self.context.get("works"):
            data.pop("private_note", None)
        return data


class InterimMeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = InterimMeasure
        fields = ["id", "taken_on", "measure", "responsible", "result", "recorded_at"]
        read_only_fields = ["recorded_at"]


class InvestigationSerializer(serializers.ModelSerializer):
    party = CaseRelatedField(model=Party, required=False, allow_null=True)
    recorded_by = serializers.CharField(source="recorded_by.name", read_only=True)

    class Meta:
        model = Investigation
        fields = [
            "id",
            "investigated_at",
            "place",
            "investigators",
            "party",
            "interviewee",
            "findings",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = ["recorded_at"]


class _CorrectSerializer(serializers.Serializer):
    """A correction: the fields to change (those left out stay as recorded) and why. The
    original record entry is kept; the correction is appended to the record."""

    reason = serializers.CharField(max_length=500)


class SessionCorrectSerializer(_CorrectSerializer):
    """Mode and side are not corrected: they decide who may read the session's entry."""

    held_at = serializers.DateTimeField(required=False)
    place = serializers.CharField(max_length=128, required=False)
    participants = serializers.CharField(required=False)
    minutes = serializers.CharField(required=False)
    private_note = serializers.CharField(required=False, allow_blank=True)


class ContactCorrectSerializer(_CorrectSerializer):
    party_id = serializers.IntegerField(required=False, allow_null=True, source="party")
    method = serializers.ChoiceField(ContactAttempt.Method.choices, required=False)
    result = serializers.ChoiceField(ContactAttempt.Result.choices, required=False)
    contacted_at = serializers.DateTimeField(required=False)
    note = serializers.CharField(required=False, allow_blank=True)

    def validate(self, attrs):
        if "party" in attrs:
            attrs["party_id"] = attrs.pop("party")
        return attrs


class InterimMeasureCorrectSerializer(_CorrectSerializer):
    taken_on = serializers.DateField(required=False)
    measure = serializers.CharField(required=False)
    responsible = serializers.CharField(max_length=128, required=False, allow_blank=True)
    result = serializers.CharField(required=False, allow_blank=True)


class EvidenceSerializer(serializers.ModelSerializer):
    file = serializers.FileField(write_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id",
            "file",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "description",
            "submitted_by_side",
            "uploaded_at",
            "download",
        ]
        read_only_fields = ["original_name", "content_type", "size", "sha256", "uploaded_at"]

    def get_download(self, evidence) -> str:
        return reverse("cases:evidence-download", args=[evidence.case_id, evidence.pk])


class LegalOpinionSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.name", read_only=True)

    class Meta:
        model = LegalOpinion
        fields = ["id", "author", "question", "opinion", "legal_basis", "given_at"]
        read_only_fields = ["given_at"]


class ExpertAssessmentSerializer(serializers.ModelSerializer):
    # The pool's available experts (the service's rule), offered to those who work the case.
    expert = CaseRelatedField(
        model=Expert, scope=lambda case: Expert.objects.filter(available=True)
    )
    expert_name = serializers.CharField(source="expert.name", read_only=True)

    class Meta:
        model = ExpertAssessment
        fields = [
            "id",
            "expert",
            "expert_name",
            "status",
            "scope",
            "requested_at",
            "submitted_at",
            "conclusion",
            "scores",
            "total",
        ]
        read_only_fields = [
            "status",
            "requested_at",
            "submitted_at",
            "conclusion",
            "scores",
            "total",
        ]


class ScoreSerializer(serializers.Serializer):
    score = serializers.IntegerField(min_value=0, max_value=MAX_SCORE)
    remark = serializers.CharField(required=False, allow_blank=True, max_length=500)


class AssessmentSubmitSerializer(serializers.Serializer):
    conclusion = serializers.CharField()
    scores = serializers.DictField(
        child=ScoreSerializer(), help_text=f"One entry per item: {', '.join(CHECKLIST_CODES)}."
    )


class ActionItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionItem
        fields = ["id", "description", "owner", "due_on", "done_at"]
        read_only_fields = ["done_at"]


class AttendeeSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=64)
    organisation = serializers.CharField(max_length=128, required=False, allow_blank=True)


class JointMeetingSerializer(serializers.ModelSerializer):
    attendees = AttendeeSerializer(many=True)
    actions = ActionItemSerializer(many=True, required=False)

    class Meta:
        model = JointMeeting
        fields = ["id", "held_at", "place", "attendees", "decisions", "actions", "recorded_at"]
        read_only_fields = ["recorded_at"]


class CaseLinkSerializer(serializers.ModelSerializer):
    other_reference = serializers.CharField(write_only=True, max_length=40)
    cases = serializers.SerializerMethodField()

    class Meta:
        model = CaseLink
        fields = ["id", "kind", "note", "other_reference", "cases", "created_at"]
        read_only_fields = ["created_at"]

    def get_cases(self, link) -> list[int]:
        return [link.case_id, link.other_id]


class PartyInputSerializer(serializers.Serializer):
    side = serializers.ChoiceField(choices=Party.Side.choices)
    kind = serializers.ChoiceField(choices=Party.Kind.choices, default=Party.Kind.PERSON)
    name = serializers.CharField(max_length=128)
    mobile = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    id_number = serializers.CharField(max_length=18, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    property_company = serializers.IntegerField(required=False, allow_null=True, default=None)
    owners_committee = serializers.IntegerField(required=False, allow_null=True, default=None)
    group = serializers.IntegerField(required=False, allow_null=True, default=None)
    is_representative = serializers.BooleanField(default=False)


class PartyCorrectSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=128, required=False)
    side = serializers.ChoiceField(choices=Party.Side.choices, required=False)
    mobile = serializers.CharField(max_length=20, required=False, allow_blank=True)
    id_number = serializers.CharField(max_length=18, required=False, allow_blank=True)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    reason = serializers.CharField(max_length=500)


class PositionSerializer(serializers.Serializer):
    position = serializers.ChoiceField(choices=Party.Position.choices)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class RevealSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=["mobile", "id_number"])


class RevealedSerializer(serializers.Serializer):
    field = serializers.CharField()
    value = serializers.CharField()


class PartyGroupSerializer(serializers.ModelSerializer):
    tally = serializers.SerializerMethodField()

    class Meta:
        model = PartyGroup
        fields = ["id", "side", "name", "description", "tally"]

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_tally(self, group) -> dict:
        return (self.context.get("tallies") or {}).get(group.pk, {})


class GroupImportSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=".xlsx or .csv; columns 姓名, 手机号, 身份证号, 房号, 是否代表, 意见"
    )


class InvitationSerializer(serializers.Serializer):
    user = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class InvitedUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
