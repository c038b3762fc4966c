from django.contrib import admin

from .models import MonthlyReport, MonthlyReportDelivery, RollupMonth, TypicalCase


@admin.register(TypicalCase)
class TypicalCaseAdmin(admin.ModelAdmin):
    """Publishing goes through the case's team lead (reports.services.typical); the admin
    only reads, so nothing reaches the public page without the personal-data check."""

    list_display = ["title", "category", "street_name", "status", "published_at"]
    list_filter = ["status", "category"]
    search_fields = ["title"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(MonthlyReport)
class MonthlyReportAdmin(admin.ModelAdmin):
    list_display = ["month", "district", "street", "created_at", "rendered_at"]
    list_filter = ["month"]
    readonly_fields = ["month", "district", "street", "figures", "created_at", "pdf", "rendered_at"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(MonthlyReportDelivery)
class MonthlyReportDeliveryAdmin(admin.ModelAdmin):
    list_display = ["report", "email", "sent_at", "last_error"]
    readonly_fields = ["report", "user", "email", "claimed_at", "sent_at", "last_error"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(RollupMonth)
class RollupMonthAdmin(admin.ModelAdmin):
    list_display = ["month", "refreshed_at"]
