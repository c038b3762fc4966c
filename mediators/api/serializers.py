from rest_framework import serializers

from mediators.models import DutyShift, Expert, Membership, Team


class MemberSerializer(serializers.ModelSerializer):
    user = serializers.IntegerField(source="user_id")
    name = serializers.CharField(source="user.name")
    phone = serializers.CharField(source="user.phone")
    open_cases = serializers.IntegerField(read_only=True)

    class Meta:
        model = Membership
        fields = ["user", "name", "phone", "role", "partner_org", "organisation", "open_cases"]


class TeamSerializer(serializers.ModelSerializer):
    district = serializers.CharField(source="district.code")
    street = serializers.CharField(source="street.code", allow_null=True, default=None)
    grids = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    tier = serializers.CharField(read_only=True)

    class Meta:
        model = Team
        fields = [
            "id",
            "kind",
            "tier",
            "name",
            "district",
            "street",
            "grids",
            "phone",
            "address",
            "active",
        ]


class TeamDetailSerializer(TeamSerializer):
    members = serializers.SerializerMethodField()

    class Meta(TeamSerializer.Meta):
        fields = [*TeamSerializer.Meta.fields, "members"]

    def get_members(self, team) -> list[dict]:
        return MemberSerializer(self.context["members"], many=True).data


class ExpertSerializer(serializers.ModelSerializer):
    district = serializers.CharField(source="district.code", allow_null=True, default=None)
    specialties = serializers.ListField(child=serializers.ChoiceField(Expert.Specialty.choices))

    class Meta:
        model = Expert
        fields = [
            "id",
            "name",
            "organisation",
            "title",
            "specialties",
            "phone",
            "available",
            "district",
            "note",
        ]


class DutyShiftSerializer(serializers.ModelSerializer):
    team = serializers.IntegerField(source="team_id")
    team_name = serializers.CharField(source="team.name")
    user = serializers.IntegerField(source="user_id")
    name = serializers.CharField(source="user.name")
    phone = serializers.CharField(source="user.phone")

    class Meta:
        model = DutyShift
        fields = [
            "id",
            "team",
            "team_name",
            "user",
            "name",
            "phone",
            "starts_at",
            "ends_at",
            "note",
        ]
