from django.contrib import admin

from .models import FollowUpPolicy, FollowUpVisit, MissedPatrol, Reminder, ScreeningPatrol


@admin.register(FollowUpPolicy)
class FollowUpPolicyAdmin(admin.ModelAdmin):
    """The one thing edited here: when visits fall and when reminders go out."""

    list_display = [
        "__str__",
        "visit_days",
        "remind_days_before",
        "overdue_grace_days",
        "jc_remind_days_before",
        "retry_after_days",
        "max_attempts",
        "active",
    ]
    list_filter = ["active", "tier"]
    list_select_related = ["category"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Visits, patrols and reminders change only through the services, which write the record."""

    show_full_result_count = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FollowUpVisit)
class FollowUpVisitAdmin(ReadOnlyAdmin):
    list_display = ["case", "offset_days", "due_on", "status", "assigned_to", "satisfaction"]
    list_filter = ["status", "satisfaction", "mode"]
    list_select_related = ["case", "assigned_to"]
    raw_id_fields = ["case", "plan", "assigned_to", "recorded_by"]


@admin.register(ScreeningPatrol)
class ScreeningPatrolAdmin(ReadOnlyAdmin):
    list_display = ["grid", "patrolled_on", "recorded_by"]
    list_select_related = ["grid", "recorded_by"]


@admin.register(MissedPatrol)
class MissedPatrolAdmin(ReadOnlyAdmin):
    list_display = ["grid", "week_start", "team", "flagged_at"]
    list_select_related = ["grid", "team"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["key", "kind", "recipients", "sent_at"]
    list_filter = ["kind"]
