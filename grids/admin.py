"""The reference data in the admin (administrators only: the 系统管理员 group), with search,
filters, and the import of spreadsheets (mediators.admin_import)."""

from django import forms
from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _

from mediators.admin_import import reference_import_view

from .imports.companies import normalize_credit_code
from .models import (
    Community,
    Compound,
    District,
    Grid,
    OwnersCommittee,
    PropertyCompany,
    PropertyCompanyContact,
    Street,
)


class EditorsOnly:
    """In the admin, reading needs the right to change: the view permissions every role
    group holds serve the product's own /org/ pages, and the admin stays the administrators'
    (the 系统管理员 group) even for a user who also has is_staff."""

    def has_view_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


class ImportButtonMixin(EditorsOnly):
    """Adds "Import from a spreadsheet" to the change list, preset to the right kind."""

    change_list_template = "admin/grids/change_list_with_import.html"
    import_kind = "geography"

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "import_kind": self.import_kind}
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(District)
class DistrictAdmin(ImportButtonMixin, admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]

    def get_urls(self):
        view = self.admin_site.admin_view(reference_import_view)
        return [path("import/", view, name="reference-import"), *super().get_urls()]


@admin.register(Street)
class StreetAdmin(ImportButtonMixin, admin.ModelAdmin):
    list_display = ["code", "name", "district", "case_prefix", "hotline", "office_hours"]
    list_filter = ["district"]
    search_fields = ["code", "name"]
    list_select_related = ["district"]


@admin.register(Community)
class CommunityAdmin(ImportButtonMixin, admin.ModelAdmin):
    list_display = ["code", "name", "street"]
    list_filter = ["street__district", "street"]
    search_fields = ["code", "name"]
    list_select_related = ["street"]
    autocomplete_fields = ["street"]


@admin.register(Grid)
class GridAdmin(ImportButtonMixin, admin.ModelAdmin):
    list_display = ["code", "name", "community", "street"]
    list_filter = ["street__district", "street"]
    search_fields = ["code", "name", "community__name"]
    list_select_related = ["community", "street"]
    autocomplete_fields = ["community"]
    # The street follows from the community (it is kept on the grid only for fast filters).
    exclude = ["street"]

    def save_model(self, request, obj, form, change):
        obj.street_id = obj.community.street_id
        super().save_model(request, obj, form, change)


class OwnersCommitteeInline(admin.StackedInline):
    model = OwnersCommittee
    extra = 0


class SiteContactInline(admin.TabularInline):
    model = PropertyCompanyContact
    fk_name = "compound"
    extra = 0
    fields = ["company", "name", "position", "phone", "publish", "order"]
    verbose_name = _("on-site contact")
    verbose_name_plural = _("on-site contacts of the property company")


@admin.register(Compound)
class CompoundAdmin(ImportButtonMixin, admin.ModelAdmin):
    list_display = ["code", "name", "address", "grid", "street", "property_company", "households"]
    list_filter = ["street__district", "street", ("grid", admin.EmptyFieldListFilter)]
    search_fields = ["code", "name", "address"]
    list_select_related = ["grid", "street", "property_company"]
    autocomplete_fields = ["grid", "property_company", "street"]
    inlines = [OwnersCommitteeInline, SiteContactInline]


class CompanyForm(forms.ModelForm):
    class Meta:
        model = PropertyCompany
        fields = [
            "name",
            "credit_code",
            "contact_name",
            "contact_phone",
            "service_phone",
            "address",
        ]

    def clean_credit_code(self):
        # People paste codes with spaces or in lower case; the check character is then
        # validated by the model field's validator with a message that names it.
        return normalize_credit_code(self.cleaned_data.get("credit_code", ""))


class ContactInline(admin.TabularInline):
    model = PropertyCompanyContact
    fk_name = "company"
    extra = 0
    fields = ["name", "position", "phone", "compound", "publish", "order"]
    autocomplete_fields = ["compound"]


class ServedCompoundInline(admin.TabularInline):
    """The compounds it serves: changed on the compound (or by importing), shown here."""

    model = Compound
    fk_name = "property_company"
    fields = ["code", "name", "street", "grid"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    verbose_name = _("compound served")
    verbose_name_plural = _("compounds served")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("street", "grid")


@admin.register(PropertyCompany)
class PropertyCompanyAdmin(ImportButtonMixin, admin.ModelAdmin):
    form = CompanyForm
    import_kind = "companies"
    list_display = ["name", "credit_code", "contact_name", "contact_phone", "service_phone"]
    search_fields = ["name", "credit_code", "contact_name"]
    inlines = [ContactInline, ServedCompoundInline]


@admin.register(PropertyCompanyContact)
class PropertyCompanyContactAdmin(EditorsOnly, admin.ModelAdmin):
    list_display = ["name", "position", "phone", "company", "compound", "publish"]
    list_filter = ["publish"]
    search_fields = ["name", "phone", "company__name", "compound__name"]
    list_select_related = ["company", "compound"]
    autocomplete_fields = ["company", "compound"]
