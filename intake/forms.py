"""The forms residents and staff fill in. Messages say in plain words what to fix; the limits
come from intake.rules, which the API shares."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases import tracking
from cases.models import Case, Category
from core.validators import normalize_mobile, validate_mobile

from . import rules
from .models import PartnerSystem
from .selectors import compound_by_code, compound_search, compounds_for_registrar
from .services.referral_import import LIMITS as REFERRAL_LIMITS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.Field):
    """Up to six files in one input. The view checks and stores them before the form is
    validated (they are kept even when another field is wrong), so the field itself only
    carries the widget and the label."""

    widget = MultipleFileInput(attrs={"accept": "image/*,application/pdf"})

    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            label=_("Photos or PDFs (optional)"),
            help_text=_("Up to 6 files, each at most 10 MB."),
            **kwargs,
        )

    def clean(self, value):
        return None


def _required(message):
    return {"required": message}


class CompoundField(forms.CharField):
    """The compound, by its code (from the picker or a QR poster's link)."""

    def __init__(self, **kwargs):
        super().__init__(max_length=32, widget=forms.HiddenInput, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        compound = compound_by_code(value)
        if compound is None:
            raise ValidationError(_("Choose your compound from the list."), code="unknown")
        return compound


class ComplaintFields(forms.Form):
    """What the web form and staff registration both ask."""

    compound = CompoundField(required=False, label=_("Compound"))
    compound_query = forms.CharField(
        label=_("Compound"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Type part of the name or the address, e.g. 江月 or 浦星公路."),
    )
    building = forms.CharField(
        label=_("Building / unit"),
        required=False,
        max_length=rules.BUILDING_MAX,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. building 12, unit 2, room 301")}),
    )
    category = forms.ModelChoiceField(
        label=_("What is it about?"),
        queryset=Category.objects.filter(active=True),
        empty_label=_("Choose…"),
        error_messages=_required(_("Choose what the dispute is about.")),
    )
    description = forms.CharField(
        label=_("What happened?"),
        min_length=rules.DESCRIPTION_MIN,
        max_length=rules.DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("When it started, what the other side did or did not do."),
        error_messages={
            "required": _("Please tell us what happened."),
            "min_length": _("Please write a little more (at least %(limit_value)d characters)."),
            "max_length": _(
                "Please keep it under %(limit_value)d characters (you wrote %(show_value)d)."
            ),
        },
    )
    claims = forms.CharField(
        label=_("What you want"),
        max_length=rules.CLAIMS_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. repair the leak, refund the fee, an apology."),
        error_messages={
            "required": _("Please say what you would like to happen."),
            "max_length": _(
                "Please keep it under %(limit_value)d characters (you wrote %(show_value)d)."
            ),
        },
    )
    other_side = forms.CharField(
        label=_("The other side"),
        required=False,
        max_length=rules.OTHER_SIDE_MAX,
        help_text=_("Usually the property company; change it if the dispute is with someone else."),
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=rules.NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages=_required(_("Please give your name.")),
    )
    mobile = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "tel-national"}
        ),
        error_messages=_required(_("Please give your mobile number.")),
    )

    def clean_mobile(self) -> str:
        value = normalize_mobile(self.cleaned_data["mobile"])
        validate_mobile(value)
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("compound") is None and "compound" not in self.errors:
            self._compound_from_query(cleaned)
        return cleaned

    def _compound_from_query(self, cleaned) -> None:
        """Without JavaScript the resident may type the name and submit: one clear match is
        taken; otherwise they choose from the list shown."""
        query = cleaned.get("compound_query", "")
        matches = compound_search(query, within=self.compound_choices()) if query else []
        exact = [c for c in matches if c.name == query.strip()]
        if len(exact) == 1 or len(matches) == 1:
            cleaned["compound"] = exact[0] if len(exact) == 1 else matches[0]
            return
        if not query:
            self.add_error("compound", _("Choose the compound the complaint is about."))
        elif not matches:
            self.add_error("compound", _("No compound matches “%(q)s”.") % {"q": query})
        else:
            self.add_error("compound", _("Several compounds match; choose yours from the list."))

    def compound_choices(self):
        return None  # every compound


class ComplaintForm(ComplaintFields):
    """The residents' public form."""

    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("This does not look like an email address.")},
    )
    photos = PhotosField()
    consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that my complaint is handled as it says."
        ),
        error_messages=_required(
            _("Please agree to the privacy notice; without it we cannot take the complaint.")
        ),
    )
    # The honeypot: hidden from people, filled in by bots that fill in everything.
    website = forms.CharField(label=_("Leave this empty"), required=False, max_length=200)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            # Said where a person would see it; the field is cleared when the form comes back.
            raise ValidationError(
                _("The form could not be accepted; please submit it again."), code="honeypot"
            )
        return cleaned


class StaffRegistrationForm(ComplaintFields):
    """A call or a visit, registered by the duty officer or a grid worker."""

    channel = forms.ChoiceField(
        label=_("Came in by"),
        choices=[
            (Case.Channel.HOTLINE, Case.Channel.HOTLINE.label),
            (Case.Channel.WALK_IN, Case.Channel.WALK_IN.label),
        ],
        initial=Case.Channel.HOTLINE,
        widget=forms.RadioSelect,
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Case.Urgency.choices, initial=Case.Urgency.NORMAL
    )
    send_sms = forms.BooleanField(
        label=_("Send the tracking code to this mobile by SMS"), required=False, initial=True
    )
    # The duplicates the officer has seen and registers anyway.
    duplicates_seen = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200)

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["claims"].required = False
        self.fields["name"].label = _("Resident's name")

    def compound_choices(self):
        return compounds_for_registrar(self.user)

    def clean(self):
        cleaned = super().clean()
        compound = cleaned.get("compound")
        if compound and not self.compound_choices().filter(pk=compound.pk).exists():
            self.add_error("compound", _("This compound is outside your area."))
        return cleaned

    def duplicates_seen_ids(self) -> set[int]:
        raw = self.cleaned_data.get("duplicates_seen", "")
        return {int(x) for x in raw.split(",") if x.isdigit()}


class ConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*"}
        ),
        error_messages=_required(_("Enter the code from the SMS.")),
    )


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
        help_text=_("11 characters, e.g. 7K3M-Q9XD-2PA"),
        error_messages=_required(_("Enter your tracking code.")),
    )
    mobile_last4 = forms.CharField(
        label=_("Last four digits of your mobile number"),
        max_length=4,
        min_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": _("Enter the last four digits of your mobile number."),
            "min_length": _("Enter exactly four digits."),
        },
    )

    def clean_code(self) -> str:
        code = tracking.normalize(self.cleaned_data["code"])
        if not tracking.is_well_formed(code):
            raise ValidationError(
                _("This is not a valid tracking code; please check each character."),
                code="malformed",
            )
        return code

    def clean_mobile_last4(self) -> str:
        value = self.cleaned_data["mobile_last4"]
        if not value.isdigit():
            raise ValidationError(_("Enter exactly four digits."), code="digits")
        return value


class AdditionForm(forms.Form):
    text = forms.CharField(
        label=_("What you want to add"),
        required=False,
        max_length=rules.ADDITION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    photos = PhotosField()


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw the complaint?"),
        max_length=rules.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(_("Please say why, in a few words.")),
    )


class ReferralImportForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=PartnerSystem.objects.filter(active=True),
        error_messages=_required(_("Choose the partner the referrals came from.")),
    )
    file = forms.FileField(
        label=_("File (.csv or .xlsx)"),
        error_messages=_required(_("Choose the file to import.")),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise ValidationError(_("Choose a .csv or .xlsx file."), code="kind")
        if upload.size > REFERRAL_LIMITS.file_bytes:  # refused unread; the import would too
            raise ValidationError(
                _("The file is larger than %(mb)d MB; split it into several files."),
                code="size",
                params={"mb": REFERRAL_LIMITS.file_mb},
            )
        return upload
