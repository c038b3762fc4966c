from rest_framework import serializers

from cases.access import committee_phone_for
from grids.models import (
    Community,
    Compound,
    District,
    Grid,
    OwnersCommittee,
    PropertyCompany,
    PropertyCompanyContact,
    Street,
)


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["code", "name"]


class StreetSerializer(serializers.ModelSerializer):
    district = serializers.CharField(source="district.code")

    class Meta:
        model = Street
        fields = ["code", "name", "district", "case_prefix", "hotline", "office_hours", "address"]


class CommunitySerializer(serializers.ModelSerializer):
    street = serializers.CharField(source="street.code")

    class Meta:
        model = Community
        fields = ["code", "name", "street"]


class GridSerializer(serializers.ModelSerializer):
    community = serializers.CharField(source="community.code")
    street = serializers.CharField(source="street.code")

    class Meta:
        model = Grid
        fields = ["code", "name", "community", "street"]


class OwnersCommitteeSerializer(serializers.ModelSerializer):
    contact_phone = serializers.SerializerMethodField(
        help_text="Masked unless published or the user works the compound's cases."
    )

    class Meta:
        model = OwnersCommittee
        fields = ["name", "chair_name", "contact_phone", "publish_phone", "term_ends"]

    def get_contact_phone(self, committee) -> str:
        # the compound of the list row (select_related fills the reverse side too)
        works_here = bool(getattr(committee.compound, "works_here", False))
        return committee_phone_for(committee, works_here=works_here)


class CompoundSerializer(serializers.ModelSerializer):
    street = serializers.CharField(source="street.code")
    grid = serializers.CharField(source="grid.code", allow_null=True, default=None)
    property_company = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    owners_committee = OwnersCommitteeSerializer(read_only=True, allow_null=True, default=None)

    class Meta:
        model = Compound
        fields = [
            "code",
            "name",
            "address",
            "street",
            "grid",
            "latitude",
            "longitude",
            "households",
            "property_company",
            "owners_committee",
        ]


class ContactSerializer(serializers.ModelSerializer):
    compound = serializers.CharField(source="compound.code", allow_null=True, default=None)

    class Meta:
        model = PropertyCompanyContact
        fields = ["name", "position", "phone", "publish", "compound"]


class PropertyCompanySerializer(serializers.ModelSerializer):
    contacts = ContactSerializer(many=True, read_only=True)

    class Meta:
        model = PropertyCompany
        fields = [
            "id",
            "name",
            "credit_code",
            "contact_name",
            "contact_phone",
            "service_phone",
            "address",
            "contacts",
        ]


class CompoundSearchResultSerializer(serializers.ModelSerializer):
    """What the complaint form's picker shows and fills in; nothing about people."""

    street = serializers.CharField(source="street.name")
    street_code = serializers.CharField(source="street.code")
    property_company = serializers.CharField(
        source="property_company.name", allow_null=True, default=None
    )

    class Meta:
        model = Compound
        fields = ["code", "name", "address", "street", "street_code", "property_company"]
