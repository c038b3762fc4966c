"""Forms of the supervision pages: the month picker, the ledger filters, the typical case."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TYPICAL_PART_LABELS, TypicalCase
from .periods import current_month, parse_month


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "pattern": r"\d{4}-\d{2}"})

    def to_python(self, value) -> date | None:
        value = super().to_python(value)
        if not value:
            return None
        month = parse_month(value)
        if month is None:
            raise forms.ValidationError(
                _("Give the month as year and month, for example 2026-03."), code="invalid"
            )
        if month > current_month():
            raise forms.ValidationError(
                _("There are no figures for a month that has not begun."), code="future"
            )
        return month


class MonthForm(forms.Form):
    month = MonthField(label=_("Month"), required=False)

    def month_or_current(self) -> date:
        if self.is_valid() and self.cleaned_data["month"]:
            return self.cleaned_data["month"]
        return current_month()


class TypicalCaseMarkForm(forms.Form):
    lesson = forms.CharField(
        label=_("The lesson (以案释法)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("What residents and property companies can learn from this case."),
    )
    keep_company_names = forms.BooleanField(
        label=_("Keep the names of property companies and owners' committees"), required=False
    )


class TypicalCaseForm(forms.ModelForm):
    class Meta:
        model = TypicalCase
        fields = ["title", "facts", "mediation", "lesson"]
        labels = TYPICAL_PART_LABELS
        widgets = {
            "facts": forms.Textarea(attrs={"rows": 6}),
            "mediation": forms.Textarea(attrs={"rows": 5}),
            "lesson": forms.Textarea(attrs={"rows": 5}),
        }
