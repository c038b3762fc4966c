from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from grids.admin import EditorsOnly, ImportButtonMixin

from .models import (
    DutyShift,
    Expert,
    MediatorProfile,
    Membership,
    SupervisorJurisdiction,
    Team,
    TrainingRecord,
    User,
)
from .services.groups import groups_sync_for_user
from .services.lockouts import login_lockout_lift


class GroupsFollowMemberships:
    """After the admin saves memberships, jurisdictions or an expert, the user's role groups
    follow (mediators.services.groups), as they do after the services and the import."""

    def _sync_users(self, users) -> None:
        for user in {u.pk: u for u in users if u is not None}.values():
            groups_sync_for_user(user=user)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class JurisdictionInline(admin.TabularInline):
    model = SupervisorJurisdiction
    extra = 0


class TrainingInline(admin.TabularInline):
    model = TrainingRecord
    extra = 0


class MembershipOfUserInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["team"]
    fields = ["team", "role", "partner_org", "organisation", "active", "joined_on"]


@admin.register(User)
class UserAdmin(GroupsFollowMemberships, ImportButtonMixin, BaseUserAdmin):
    import_kind = "staff"
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("name", "phone", "publish_phone", "title", "email")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"fields": ("username", "name", "password1", "password2")}),)
    list_display = ["username", "name", "phone", "is_staff", "is_active"]
    search_fields = ["username", "name", "phone"]
    ordering = ["username"]
    list_filter = ["is_active", "is_staff", "groups", "publish_phone"]
    inlines = [MembershipOfUserInline, JurisdictionInline, TrainingInline]
    actions = ["lift_login_pause"]

    @admin.action(
        description=_("Lift the login pause after wrong passwords"), permissions=["change"]
    )
    def lift_login_pause(self, request, queryset):
        lifted = login_lockout_lift(users=queryset)
        self.message_user(
            request,
            ngettext(
                "Failed logins cleared for %(n)d account: it can log in again from anywhere.",
                "Failed logins cleared for %(n)d accounts: they can log in again from anywhere.",
                lifted,
            )
            % {"n": lifted},
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._sync_users([form.instance])


@admin.register(Team)
class TeamAdmin(GroupsFollowMemberships, ImportButtonMixin, admin.ModelAdmin):
    import_kind = "staff"
    list_display = ["name", "kind", "district", "street", "phone", "active"]
    list_filter = ["kind", "district", "street", "active"]
    search_fields = ["name", "street__name", "grids__code"]
    list_select_related = ["district", "street"]
    autocomplete_fields = ["grids", "street", "district"]
    inlines = [MembershipInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Every member: a team made inactive takes its members' role groups with it.
        self._sync_users(u for u in User.objects.filter(memberships__team=form.instance))


@admin.register(Membership)
class MembershipAdmin(GroupsFollowMemberships, ImportButtonMixin, admin.ModelAdmin):
    import_kind = "staff"
    list_display = ["user", "team", "role", "partner_org", "organisation", "active"]
    list_filter = ["role", "team__kind", "team__street", "active"]
    search_fields = ["user__name", "user__username", "team__name", "organisation"]
    list_select_related = ["user", "team"]
    autocomplete_fields = ["user", "team"]

    def save_model(self, request, obj, form, change):
        previous = Membership.objects.filter(pk=obj.pk).values_list("user", flat=True).first()
        super().save_model(request, obj, form, change)
        self._sync_users([obj.user, User.objects.filter(pk=previous).first()])

    def delete_model(self, request, obj):
        user = obj.user
        super().delete_model(request, obj)
        self._sync_users([user])

    def delete_queryset(self, request, queryset):
        users = list(User.objects.filter(memberships__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        self._sync_users(users)


@admin.register(MediatorProfile)
class MediatorProfileAdmin(EditorsOnly, admin.ModelAdmin):
    list_display = ["user", "certificate_number", "years_of_experience"]
    search_fields = ["user__name"]
    filter_horizontal = ["specialties"]
    autocomplete_fields = ["user"]


class ExpertForm(forms.ModelForm):
    specialties = forms.MultipleChoiceField(
        label=_("specialties"),
        choices=Expert.Specialty.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Expert
        fields = [
            "name",
            "user",
            "organisation",
            "title",
            "specialties",
            "phone",
            "available",
            "district",
            "note",
        ]


@admin.register(Expert)
class ExpertAdmin(GroupsFollowMemberships, EditorsOnly, admin.ModelAdmin):
    form = ExpertForm
    list_display = ["name", "organisation", "title", "specialty_list", "available", "district"]
    list_filter = ["available", "district"]
    search_fields = ["name", "organisation", "title"]
    list_editable = ["available"]
    autocomplete_fields = ["user"]

    @admin.display(description=_("specialties"))
    def specialty_list(self, obj) -> str:
        return "、".join(obj.specialty_labels)

    def save_model(self, request, obj, form, change):
        previous = Expert.objects.filter(pk=obj.pk).values_list("user", flat=True).first()
        super().save_model(request, obj, form, change)
        self._sync_users([obj.user, User.objects.filter(pk=previous).first()])


@admin.register(DutyShift)
class DutyShiftAdmin(EditorsOnly, admin.ModelAdmin):
    list_display = ["team", "user", "starts_at", "ends_at", "note"]
    list_filter = ["team__kind", "team"]
    list_select_related = ["team", "user"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["user", "team"]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(EditorsOnly, admin.ModelAdmin):
    list_display = ["user", "title", "provider", "attended_on", "hours"]
    search_fields = ["user__name", "title", "provider"]
    list_filter = ["provider"]
    date_hierarchy = "attended_on"
    list_select_related = ["user"]
    autocomplete_fields = ["user"]


@admin.register(SupervisorJurisdiction)
class SupervisorJurisdictionAdmin(GroupsFollowMemberships, EditorsOnly, admin.ModelAdmin):
    list_display = ["user", "street", "district", "organisation"]
    list_filter = ["district", "street"]
    search_fields = ["user__name", "organisation"]
    list_select_related = ["user", "street", "district"]
    autocomplete_fields = ["user"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._sync_users([obj.user])

    def delete_model(self, request, obj):
        user = obj.user
        super().delete_model(request, obj)
        self._sync_users([user])
