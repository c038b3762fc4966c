from django.contrib import admin

from .models import Case, CaseEvent, Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "order", "active"]
    list_editable = ["order", "active"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Read-only: cases change only through the workflow's services, which write the record."""

    list_display = ["reference", "title", "status", "tier", "team", "registered_at"]
    list_filter = ["status", "tier", "channel", "grade_level"]
    search_fields = ["reference"]
    show_full_result_count = False
    list_select_related = ["team"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CaseEvent)
class CaseEventAdmin(admin.ModelAdmin):
    list_display = ["case", "kind", "actor", "created_at", "visibility"]
    list_filter = ["kind", "visibility"]
    show_full_result_count = False
    raw_id_fields = ["case", "actor", "corrects"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
