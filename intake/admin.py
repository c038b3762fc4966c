from django.contrib import admin

from .models import Complaint, PartnerSystem, Referral


@admin.register(PartnerSystem)
class PartnerSystemAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "user", "active"]
    list_filter = ["kind", "active"]
    raw_id_fields = ["user"]


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    """Read-only: referrals arrive through the API or the import."""

    list_display = ["partner_reference", "partner", "case", "created_at"]
    list_filter = ["partner"]
    search_fields = ["partner_reference"]
    list_select_related = ["partner", "case"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """Read-only: what residents filed; personal data is not listed."""

    list_display = ["pk", "status", "compound", "category", "created_at", "case"]
    list_filter = ["status"]
    list_select_related = ["compound", "category", "case"]
    exclude = ["code_hash"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
