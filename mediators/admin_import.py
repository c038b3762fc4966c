"""The admin page that imports a spreadsheet of reference data (all rows or none), linked from
the change lists of the geography, the companies, the users and the memberships."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .imports import IMPORTERS, KIND_CHOICES, reference_import

KIND_PERMISSIONS = {
    "geography": [
        "grids.add_district",
        "grids.add_street",
        "grids.add_community",
        "grids.add_grid",
        "grids.add_compound",
        "grids.change_compound",
    ],
    "companies": [
        "grids.add_propertycompany",
        "grids.change_propertycompany",
        "grids.change_compound",
    ],
    "staff": [
        "mediators.add_user",
        "mediators.change_user",
        "mediators.add_team",
        "mediators.add_membership",
        "mediators.change_membership",
    ],
}


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=KIND_CHOICES)
    file = forms.FileField(
        label=_("File"),
        help_text=_("An Excel .xlsx file or a CSV file; the first row names the columns."),
    )
    check_only = forms.BooleanField(label=_("Only check the file, save nothing"), required=False)

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in KIND_CHOICES if c[0] in kinds]

    def clean(self):
        data = super().clean()
        upload, kind = data.get("file"), data.get("kind")
        if upload and kind and upload.size > IMPORTERS[kind].LIMITS.file_bytes:
            # refused before the upload is read; the importer would refuse it too
            self.add_error(
                "file",
                forms.ValidationError(
                    _("The file is larger than %(mb)d MB; split it into several files."),
                    params={"mb": IMPORTERS[kind].LIMITS.file_mb},
                ),
            )
        return data


def reference_import_view(request):
    kinds = [k for k, perms in KIND_PERMISSIONS.items() if request.user.has_perms(perms)]
    if not kinds:
        raise PermissionDenied
    result = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, kinds=kinds)
        if form.is_valid():
            result = reference_import(
                kind=form.cleaned_data["kind"],
                data=form.cleaned_data["file"].read(),
                dry_run=form.cleaned_data["check_only"],
            )
            if result.file_error:
                form.add_error("file", result.file_error)  # the file as a whole, next to it
            else:
                level = messages.SUCCESS if result.ok else messages.ERROR
                messages.add_message(request, level, result.summary())
    else:
        initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") in kinds else {}
        form = ImportForm(kinds=kinds, initial=initial)
    context = {
        **admin.site.each_context(request),
        "title": _("Import reference data"),
        "form": form,
        "result": result,
    }
    return TemplateResponse(request, "admin/grids/reference_import.html", context)
