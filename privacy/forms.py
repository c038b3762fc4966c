from django import forms
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from cases.models import Party

from .models import DataRequest


class DataRequestForm(forms.Form):
    party = forms.ModelChoiceField(
        label=pgettext_lazy("privacy", "Who asked"), queryset=Party.objects.none()
    )
    kind = forms.ChoiceField(
        label=pgettext_lazy("privacy", "They ask to"), choices=DataRequest.Kind.choices
    )
    asked_at = forms.DateTimeField(
        label=pgettext_lazy("privacy", "When they asked"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    verification = forms.ChoiceField(
        label=pgettext_lazy("privacy", "How they were verified"),
        choices=DataRequest.Verification.choices,
    )
    verification_note = forms.CharField(
        label=pgettext_lazy("privacy", "Verification note"),
        help_text=pgettext_lazy("privacy", "Never write the ID number itself."),
        max_length=200,
        required=False,
    )

    def __init__(self, *args, case, **kwargs):
        kwargs.setdefault("initial", {}).setdefault(
            "asked_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M")
        )
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Party.objects.filter(case=case, kind=Party.Kind.PERSON)


class FulfilForm(forms.Form):
    note = forms.CharField(
        label=pgettext_lazy("privacy", "How it was carried out"), max_length=200, required=False
    )
