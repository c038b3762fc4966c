from django.urls import reverse
from rest_framework import serializers

from documents.models import Document


class DocumentSerializer(serializers.ModelSerializer):
    case_reference = serializers.CharField(source="case.reference")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "case",
            "case_reference",
            "kind",
            "agreement",
            "audience",
            "version",
            "state",
            "content_type",
            "sha256",
            "size",
            "pages",
            "requested_at",
            "finished_at",
            "attempts",
            "error",
            "download_url",
        ]
        # Output only (DocumentRequestSerializer asks for one): no menu of cases or agreements.
        read_only_fields = ["case", "agreement"]

    def get_download_url(self, document) -> str | None:
        if document.state != Document.State.READY:
            return None

        return reverse("api:document-download", args=[document.pk])


class DocumentRequestSerializer(serializers.Serializer):
    case = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    kind = serializers.ChoiceField(
        choices=[
            Document.Kind.ACCEPTANCE_FORM,
            Document.Kind.CASE_FILE,
            Document.Kind.SESSION_MINUTES,
        ]
    )
    audience = serializers.ChoiceField(choices=Document.Audience.choices, default="all")
    session = serializers.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, help_text="for session minutes"
    )
