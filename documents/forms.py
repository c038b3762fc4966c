from django import forms
from django.utils.translation import gettext_lazy as _

MAX_VERIFY_BYTES = 20 * 1024 * 1024


class VerifyUploadForm(forms.Form):
    file = forms.FileField(
        label=_("The PDF file you received"),
        help_text=_("It is compared with the registered file; it is not kept."),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_VERIFY_BYTES:
            raise forms.ValidationError(_("The file is larger than any registered agreement."))
        return uploaded
