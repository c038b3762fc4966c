from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Party

from .models import Agreement, Obligation


class AgreementTextForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["facts", "disputed_matters", "responsibilities", "terms", "performance", "place"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ["facts", "disputed_matters", "responsibilities", "terms", "performance"]
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("facts", "disputed_matters", "terms"):
            # Checked when the draft is submitted, so a half-written draft can be saved.
            self.fields[name].required = False


class ObligationLineForm(forms.Form):
    debtor = forms.ModelChoiceField(queryset=Party.objects.none(), label=_("Who owes"))
    creditor = forms.ModelChoiceField(
        queryset=Party.objects.none(), label=_("To whom"), required=False
    )
    kind = forms.ChoiceField(
        choices=Obligation.Kind.choices, label=_("Kind"), initial=Obligation.Kind.PAYMENT
    )
    description = forms.CharField(label=_("What is owed"), max_length=500)
    amount = forms.DecimalField(
        label=_("Amount (yuan), in total"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
    due_on = forms.DateField(
        label=_("Due on (first instalment)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    instalments = forms.IntegerField(label=_("Instalments"), min_value=1, max_value=60, initial=1)
    interval_months = forms.IntegerField(
        label=_("Months apart"), min_value=1, max_value=12, initial=1
    )

    def __init__(self, *args, parties=None, **kwargs):
        super().__init__(*args, **kwargs)
        if parties is not None:
            self.fields["debtor"].queryset = parties
            self.fields["creditor"].queryset = parties


class BaseObligationFormSet(forms.BaseFormSet):
    def __init__(self, *args, parties=None, **kwargs):
        self.parties = parties
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "parties": self.parties}

    @property
    def empty_form(self):  # pragma: no cover - not used by the page
        return self.form(
            auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"), parties=self.parties
        )


ObligationFormSet = forms.formset_factory(
    ObligationLineForm, formset=BaseObligationFormSet, extra=2, can_delete=True
)


class ReasonForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class SigningForm(forms.Form):
    signed_on = forms.DateField(
        label=_("Signed by every party on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    effective_on = forms.DateField(
        label=_("Sealed and in effect from"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    scan = forms.FileField(
        label=_("Scan of the signed and sealed paper copy"),
        required=False,
        help_text=_("A PDF or photo of every page."),
    )


class JudicialConfirmationForm(forms.Form):
    intended = forms.BooleanField(
        label=_("The parties intend to apply for judicial confirmation"), required=False
    )
    applied_on = forms.DateField(
        label=_("Applied on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    court = forms.CharField(label=_("Court"), max_length=128, required=False)
    result = forms.CharField(label=_("Result"), max_length=200, required=False)
    result_on = forms.DateField(
        label=_("Result on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
