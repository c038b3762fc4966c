"""Forms of the follow-up pages. They only read and check input; the services decide."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import Obligation
from cases.models import Category
from core.uploads import check_upload
from core.validators import validate_mobile
from grids.models import Compound
from mediators.models import Expert, Team

from . import rules
from .models import EarlySign, FollowUpVisit, PatrolMember
from .services.patrols import MemberInput

V = FollowUpVisit
# The browser's date picker reads and writes ISO dates, whatever the page's language.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Date of the visit"), widget=DATE)
    mode = forms.ChoiceField(label=_("Mode"), choices=V.Mode.choices, widget=forms.RadioSelect)
    participants = forms.CharField(
        label=_("Who took part"),
        max_length=300,
        help_text=_("The parties, representatives and staff present or on the phone."),
    )
    performance = forms.ChoiceField(
        label=_("Is the agreement performed?"),
        choices=V.Performance.choices,
        widget=forms.RadioSelect,
    )
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"), choices=V.Satisfaction.choices, widget=forms.RadioSelect
    )
    remarks = forms.CharField(
        label=_("Remarks"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    rebound = forms.BooleanField(
        label=_("The dispute has flared up again (rebound): reopen the case"),
        required=False,
        help_text=_("The case reopens in the same file and the team is told. Describe it above."),
    )

    def __init__(self, *args, visit: FollowUpVisit | None = None, **kwargs):
        kwargs.setdefault("initial", {"visited_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        if visit is not None and visit.plan.anchor == visit.plan.Anchor.CLOSURE:
            self.fields["performance"].initial = V.Performance.NOT_APPLICABLE

    def clean_visited_on(self):
        day = self.cleaned_data["visited_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def clean(self):
        data = super().clean()
        if data.get("rebound") and not (data.get("remarks") or "").strip():
            self.add_error("remarks", _("Describe how the dispute flared up again."))
        return data


class UnreachableForm(forms.Form):
    attempted_on = forms.DateField(label=_("Date of the attempt"), widget=DATE)
    mode = forms.ChoiceField(label=_("Mode"), choices=V.Mode.choices, initial=V.Mode.PHONE)
    remarks = forms.CharField(label=_("Remarks"), required=False, max_length=1000)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"attempted_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files at once, each checked by its content (core.uploads)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(EvidenceField, self).clean(f, initial) for f in files]
        for f in cleaned:
            check_upload(f)
        return cleaned


class ObligationRecordForm(forms.Form):
    status = forms.ChoiceField(label=_("What became of it"), widget=forms.RadioSelect)
    performed_on = forms.DateField(
        label=_("Performed on"),
        required=False,
        widget=DATE,
    )
    amount_paid = forms.DecimalField(
        label=_("Amount paid (yuan)"),
        required=False,
        min_value=0.01,
        max_digits=12,
        decimal_places=2,
    )
    note = forms.CharField(
        label=_("How it was verified"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = EvidenceField(
        label=_("Evidence"),
        required=False,
        help_text=_("Receipts, transfer records, photos of the work: JPEG, PNG, PDF or Office."),
    )

    def __init__(self, *args, obligation: Obligation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (s, Obligation.Status(s).label) for s in rules.recordable(obligation.status)
        ]
        if obligation.kind != Obligation.Kind.PAYMENT:
            del self.fields["amount_paid"]

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if status in rules.NEEDS_EVIDENCE:
            if not data.get("performed_on") and "performed_on" not in self.errors:
                self.add_error("performed_on", _("Give the date it was performed."))
            if not data.get("evidence") and "evidence" not in self.errors:
                self.add_error(
                    "evidence",
                    _("Attach the evidence: a receipt, a transfer record or a photo of the work."),
                )
        if status == Obligation.Status.BREACHED and not (data.get("note") or "").strip():
            self.add_error("note", _("Say how the obligation was breached."))
        return data


def _names(text: str) -> list[str]:
    return [
        n.strip()
        for n in text.replace("，", ",").replace("、", ",").replace("\n", ",").split(",")
        if n.strip()
    ]


class PatrolForm(forms.Form):
    grid = forms.ModelChoiceField(label=_("Grid"), queryset=None)
    patrolled_on = forms.DateField(label=_("Date of the patrol"), widget=DATE)
    compounds = forms.ModelMultipleChoiceField(
        label=_("Compounds visited"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    staff = forms.ModelMultipleChoiceField(
        label=_("Staff"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    experts = forms.ModelMultipleChoiceField(
        label=_("Association experts"),
        queryset=Expert.objects.filter(available=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    resident_judges = forms.CharField(
        label=_("Resident judges"),
        required=False,
        max_length=300,
        help_text=_("Names, separated by commas."),
    )
    volunteers = forms.CharField(
        label=_("Volunteers"),
        required=False,
        max_length=300,
        help_text=_("Names, separated by commas."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, grids, staff, **kwargs):
        kwargs.setdefault("initial", {"patrolled_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

        self.fields["grid"].queryset = grids
        self.fields["compounds"].queryset = Compound.objects.filter(grid__in=grids).order_by("code")
        self.fields["compounds"].label_from_instance = lambda c: f"{c.name}（{c.grid.name}）"
        self.fields["staff"].queryset = staff
        self.fields["staff"].label_from_instance = lambda u: u.name or u.username
        if grids.count() == 1:
            self.fields["grid"].initial = grids.first()

    def clean_patrolled_on(self):
        day = self.cleaned_data["patrolled_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date of the patrol cannot be in the future."))
        return day

    def clean(self):
        data = super().clean()
        grid = data.get("grid")
        compounds = data.get("compounds") or []
        if grid and any(c.grid_id != grid.pk for c in compounds):
            self.add_error("compounds", _("Choose compounds of the grid patrolled."))
        if not (
            data.get("staff")
            or data.get("experts")
            or _names(data.get("resident_judges", ""))
            or _names(data.get("volunteers", ""))
        ):
            self.add_error("staff", _("Name who took part in the patrol."))
        return data

    def members(self):
        data, K = self.cleaned_data, PatrolMember.Kind
        members = [MemberInput(K.STAFF, u.name or u.username, user_id=u.pk) for u in data["staff"]]
        members += [
            MemberInput(K.ASSOCIATION_EXPERT, e.name, expert_id=e.pk) for e in data["experts"]
        ]
        members += [MemberInput(K.RESIDENT_JUDGE, n) for n in _names(data["resident_judges"])]
        members += [MemberInput(K.VOLUNTEER, n) for n in _names(data["volunteers"])]
        return members


class SignForm(forms.Form):
    description = forms.CharField(
        label=_("Early sign"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    compound = forms.ModelChoiceField(label=_("Compound"), queryset=None, required=False)
    severity = forms.ChoiceField(
        label=_("Severity"), choices=EarlySign.Severity.choices, initial=EarlySign.Severity.LOW
    )
    parties = forms.CharField(label=_("Parties, if known"), required=False, max_length=300)

    def __init__(self, *args, compounds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compound"].queryset = compounds


SignFormSet = forms.formset_factory(SignForm, extra=3, max_num=20)


class SignToCaseForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.filter(active=True)
    )
    title = forms.CharField(label=_("Summary"), max_length=200)
    applicant_name = forms.CharField(label=_("Applicant's name"), required=False, max_length=128)
    applicant_mobile = forms.CharField(
        label=_("Applicant's mobile number"), required=False, max_length=11
    )

    def clean_applicant_mobile(self):
        value = self.cleaned_data["applicant_mobile"].strip()
        if value:
            validate_mobile(value)
        return value


def staff_for_grids(grids):
    """Who is offered as patrol staff: the grid's "1+3" team and the street's specialist team
    (its staff lead the patrols with the association's experts)."""

    teams = Team.objects.filter(grids__in=grids) | Team.objects.filter(
        kind=Team.Kind.SPECIALIST_TEAM, street__grids__in=grids
    )
    return (
        get_user_model()
        .objects.filter(
            memberships__team__in=teams.filter(active=True),
            memberships__active=True,
            is_active=True,
        )
        .exclude(memberships__role="partner")
        .distinct()
        .order_by("name")
    )
