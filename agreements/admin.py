from django.contrib import admin

from .models import Agreement, AgreementTemplate


@admin.register(AgreementTemplate)
class AgreementTemplateAdmin(admin.ModelAdmin):
    """The usual wording per category: edited here, offered when a draft starts."""

    list_display = ["name", "category", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["category", "active"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    """Read-only: agreements change only through their services, which write the record."""

    list_display = ["case", "version", "status", "finalised_at", "effective_on"]
    list_filter = ["status"]
    list_select_related = ["case"]
    search_fields = ["case__reference", "verification_code"]
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
