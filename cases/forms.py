"""Forms of the case page. They check what people typed and say what is wrong next to the
field; the services check again (and decide what is allowed)."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.uploads import check_upload
from core.validators import normalize_mobile, validate_id_number, validate_mobile
from mediators.models import Expert

from .checklist import CHECKLIST, MAX_SCORE
from .models import (
    Case,
    CaseLink,
    Category,
    ContactAttempt,
    MediationSession,
    Party,
)

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _now_local() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class MoveForm(forms.Form):
    """One form for every move: the reason (where the move needs one) and the version the user
    saw, so that a move made on a stale page is refused instead of applied twice."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    summary = forms.CharField(label=_("What was agreed"), required=False, max_length=2000)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000)
    referral_target = forms.ChoiceField(
        label=_("Referred to"), required=False, choices=[("", "---"), *Case.ReferralTarget.choices]
    )
    referral_body = forms.CharField(label=_("Receiving body"), required=False, max_length=128)


class AssignForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Mediator"), coerce=int)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("lead", _("lead mediator")), ("assistant", _("assisting mediator"))],
    )

    def __init__(self, *args, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [(u.pk, _suggestion_label(u)) for u in suggestions]


def _suggestion_label(user) -> str:
    match = "★ " if getattr(user, "specialty_match", False) else ""
    return match + str(
        _("%(name)s · open cases: %(n)d") % {"name": user.name, "n": getattr(user, "open_cases", 0)}
    )


class GradeForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.filter(active=True), to_field_name="code"
    )
    households = forms.IntegerField(label=_("Households involved"), min_value=1, max_value=100000)
    difficulty = forms.ChoiceField(label=_("Difficulty"), choices=Case.Difficulty.choices)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Case.Urgency.choices)
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


def _clean_mobile(value: str) -> str:
    value = normalize_mobile(value)
    if value:
        validate_mobile(value)
    return value


def _clean_id(value: str) -> str:
    value = (value or "").strip().upper()
    if value:
        validate_id_number(value)
    return value


class PartyForm(forms.Form):
    ORG_CHOICES = [
        ("", _("a person")),
        ("property_company", _("the compound's property company")),
        ("owners_committee", _("the compound's owners' committee")),
        ("other", _("another organisation")),
    ]
    side = forms.ChoiceField(label=_("Side"), choices=Party.Side.choices)
    organisation = forms.ChoiceField(label=_("Who"), choices=ORG_CHOICES, required=False)
    name = forms.CharField(
        label=_("Name"),
        max_length=128,
        required=False,
        help_text=_("For the compound's company or committee, left empty it takes their name."),
    )
    mobile = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"}),
    )
    id_number = forms.CharField(label=_("Resident ID number"), max_length=18, required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    group = forms.TypedChoiceField(
        label=_("Group of owners"), coerce=int, required=False, empty_value=None
    )
    is_representative = forms.BooleanField(label=_("Representative of the group"), required=False)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        groups = list(case.party_groups.all()) if case else []
        self.fields["group"].choices = [("", "---")] + [(g.pk, g.name) for g in groups]

    def clean_mobile(self):
        return _clean_mobile(self.cleaned_data["mobile"])

    def clean_id_number(self):
        return _clean_id(self.cleaned_data["id_number"])

    def clean(self):
        data = super().clean()
        org = data.get("organisation")
        compound = self.case.compound if self.case else None
        # the names and types of PartyInputSerializer (cases.casework reads either)
        data["kind"] = Party.Kind.ORGANISATION if org else Party.Kind.PERSON
        data["property_company"] = data["owners_committee"] = None
        if org == "property_company":
            if not compound or not compound.property_company_id:
                self.add_error("organisation", _("This compound has no property company on file."))
            else:
                data["property_company"] = compound.property_company_id
                data["name"] = data.get("name") or compound.property_company.name
        elif org == "owners_committee":
            committee = getattr(compound, "owners_committee", None) if compound else None
            if committee is None:
                self.add_error("organisation", _("This compound has no owners' committee on file."))
            else:
                data["owners_committee"] = committee.pk
                data["name"] = data.get("name") or committee.name
        if org and data.get("id_number"):
            self.add_error("id_number", _("An organisation has no resident ID number."))
        if not data.get("name"):
            self.add_error("name", _("Enter the party's name."))
        return data


class PartyCorrectForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=128)
    side = forms.ChoiceField(label=_("Side"), choices=Party.Side.choices)
    mobile = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"}),
        help_text=_("Leave empty to keep the number on file."),
    )
    id_number = forms.CharField(
        label=_("Resident ID number"),
        max_length=18,
        required=False,
        help_text=_("Leave empty to keep the number on file."),
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    reason = forms.CharField(label=_("Why the correction"), max_length=500)

    def clean_mobile(self):
        return _clean_mobile(self.cleaned_data["mobile"])

    def clean_id_number(self):
        return _clean_id(self.cleaned_data["id_number"])

    def changes(self, party: Party) -> dict:
        data = self.cleaned_data
        changes = {f: data[f] for f in ("name", "side", "address")}
        for f in ("mobile", "id_number"):  # masked on the page: empty means "keep"
            if data[f]:
                changes[f] = data[f]
        return {f: v for f, v in changes.items() if getattr(party, f) != v}


class GroupForm(forms.Form):
    side = forms.ChoiceField(label=_("Side"), choices=Party.Side.choices)
    name = forms.CharField(label=_("Name of the group"), max_length=128)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class GroupImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv)"),
        help_text=_("Columns: 姓名, 手机号, 身份证号, 房号, 是否代表, 意见 (同意/不同意/未表态)."),
    )


class PositionForm(forms.Form):
    position = forms.ChoiceField(
        label=pgettext_lazy("party stance", "Position"), choices=Party.Position.choices
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


def _clean_party(form):
    """The Party row of the form's choices, as the API's serializer gives it (cases.casework
    hands either to the same service call)."""
    pk = form.cleaned_data["party"]
    return form.parties[pk] if pk is not None else None


class ContactForm(forms.Form):
    party = forms.TypedChoiceField(label=_("Party"), coerce=int, required=False, empty_value=None)
    method = forms.ChoiceField(label=_("How"), choices=ContactAttempt.Method.choices)
    result = forms.ChoiceField(label=_("Result"), choices=ContactAttempt.Result.choices)
    contacted_at = forms.DateTimeField(label=_("When"), widget=DATETIME, initial=_now_local)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        parties = (
            [p for p in case.parties.all() if p.group_id is None or p.is_representative]
            if case
            else []
        )
        self.parties = {p.pk: p for p in parties}
        self.fields["party"].choices = [("", _("the parties"))] + [(p.pk, p.name) for p in parties]

    clean_party = _clean_party


class SessionForm(forms.Form):
    held_at = forms.DateTimeField(label=_("Date and time"), widget=DATETIME, initial=_now_local)
    place = forms.CharField(label=_("Place"), max_length=128)
    mode = forms.ChoiceField(label=_("Mode"), choices=MediationSession.Mode.choices)
    side = forms.ChoiceField(
        label=_("Side met (back-to-back only)"),
        required=False,
        choices=[("", "---"), *Party.Side.choices],
    )
    participants = forms.CharField(
        label=_("Participants"), widget=forms.Textarea(attrs={"rows": 2})
    )
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 5}))
    private_note = forms.CharField(
        label=_("Note for the mediators only"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Seen only by those who work the case: never by the parties, invited experts or "
            "partners, and never in documents."
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("mode") == MediationSession.Mode.BACK_TO_BACK and not data.get("side"):
            self.add_error("side", _("A back-to-back session is with one side: choose it."))
        if data.get("mode") == MediationSession.Mode.JOINT:
            data["side"] = ""
        return data


class InterimMeasureForm(forms.Form):
    taken_on = forms.DateField(label=_("Date taken"), widget=DATE, initial=date.today)
    measure = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.CharField(label=_("Who carried it out"), max_length=128, required=False)
    result = forms.CharField(
        label=_("Result"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class InvestigationForm(forms.Form):
    """调查记录: the party questioned is one of the case's (or another person, named)."""

    investigated_at = forms.DateTimeField(
        label=_("Date and time"), widget=DATETIME, initial=_now_local
    )
    place = forms.CharField(label=_("Place"), max_length=128)
    investigators = forms.CharField(
        label=_("Investigated by"), max_length=255, help_text=_("Names, separated by 、.")
    )
    party = forms.TypedChoiceField(
        label=_("Party questioned"), coerce=int, required=False, empty_value=None
    )
    interviewee = forms.CharField(
        label=_("Or another person questioned"),
        max_length=128,
        required=False,
        help_text=_("A witness, the property company's staff; empty for a visit to the site."),
    )
    findings = forms.CharField(label=_("What was found"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = {p.pk: p for p in case.parties.filter(group__isnull=True)} if case else {}
        self.fields["party"].choices = [("", "---")] + [
            (pk, p.name) for pk, p in self.parties.items()
        ]

    clean_party = _clean_party


class _CorrectionMixin:
    """The fields of the work as recorded, with the reason; `changes` gives what differs from
    the row (a time shown to the minute is not "changed" by its seconds)."""

    row_fields: tuple[str, ...] = ()

    def _add_reason(self):
        self.fields["reason"] = forms.CharField(label=_("Why the correction"), max_length=500)

    def changes(self, row) -> dict:
        changes = {}
        for name in self.row_fields:
            value = self.cleaned_data[name]
            current = getattr(row, name)
            if hasattr(current, "second") and value is not None:
                current = current.replace(second=0, microsecond=0)
            if value != current:
                changes[name] = value
        return changes


class SessionCorrectForm(_CorrectionMixin, SessionForm):
    row_fields = ("held_at", "place", "participants", "minutes", "private_note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # who may read the entry follows the mode and side: those are not corrected
        del self.fields["mode"], self.fields["side"]
        self._add_reason()

    def clean(self):
        return forms.Form.clean(self)


class ContactCorrectForm(_CorrectionMixin, ContactForm):
    row_fields = ("party_id", "method", "result", "contacted_at", "note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_reason()

    def clean(self):
        data = super().clean()
        if "party" in data:
            data["party_id"] = data["party"]
        return data


class InterimMeasureCorrectForm(_CorrectionMixin, InterimMeasureForm):
    row_fields = ("taken_on", "measure", "responsible", "result")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_reason()


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("Photos, PDFs or Office documents, at most 10 MB.")
    )
    description = forms.CharField(label=_("What it shows"), max_length=255)
    submitted_by_side = forms.ChoiceField(
        label=_("Submitted by"),
        required=False,
        choices=[("", _("the mediator")), *Party.Side.choices],
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        check_upload(uploaded)  # raises a ValidationError shown next to the field
        return uploaded


class OpinionForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=255, required=False)
    opinion = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 4}))
    legal_basis = forms.CharField(
        label=_("Legal basis"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssessmentRequestForm(forms.Form):
    expert = forms.ModelChoiceField(
        label=_("Expert"), queryset=Expert.objects.filter(available=True)
    )
    scope = forms.CharField(label=_("What to assess"), widget=forms.Textarea(attrs={"rows": 2}))


class AssessmentSubmitForm(forms.Form):
    """One score (0–5) and remark per checklist item, then the conclusion."""

    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in CHECKLIST:
            self.fields[f"score_{code}"] = forms.IntegerField(
                label=label,
                min_value=0,
                max_value=MAX_SCORE,
                widget=forms.NumberInput(attrs={"min": 0, "max": MAX_SCORE}),
            )
            self.fields[f"remark_{code}"] = forms.CharField(
                label=_("Remark"), max_length=500, required=False
            )

    def checklist_rows(self):
        return [(self[f"score_{code}"], self[f"remark_{code}"]) for code, _label in CHECKLIST]

    def scores(self) -> dict:
        data = self.cleaned_data
        return {
            code: {"score": data[f"score_{code}"], "remark": data[f"remark_{code}"]}
            for code, _label in CHECKLIST
        }


class MeetingForm(forms.Form):
    held_at = forms.DateTimeField(label=_("Date and time"), widget=DATETIME, initial=_now_local)
    place = forms.CharField(label=_("Place"), max_length=128)
    attendees = forms.CharField(
        label=_("Attendees"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: name, organisation (e.g. 王警官, 派出所)."),
    )
    decisions = forms.CharField(label=_("Decisions"), widget=forms.Textarea(attrs={"rows": 3}))
    actions = forms.CharField(
        label=_("Action items"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: what | owner | due date (YYYY-MM-DD, optional)."),
    )

    def clean_attendees(self):
        people = []
        for line in self.cleaned_data["attendees"].splitlines():
            parts = [p.strip() for p in line.replace("，", ",").split(",", 1)]
            if parts[0]:
                people.append(
                    {"name": parts[0], "organisation": parts[1] if len(parts) > 1 else ""}
                )
        if not people:
            raise ValidationError(_("List who attended, one per line."))
        return people

    def clean_actions(self):
        items = []
        for number, line in enumerate(self.cleaned_data["actions"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("｜", "|").split("|")]
            if len(parts) < 2 or not parts[0] or not parts[1]:
                raise ValidationError(
                    _("Line %(n)d: write the action and its owner, separated by |.") % {"n": number}
                )
            due = None
            if len(parts) > 2 and parts[2]:
                try:
                    due = date.fromisoformat(parts[2])
                except ValueError:
                    raise ValidationError(
                        _("Line %(n)d: the due date must look like 2026-05-31.") % {"n": number}
                    ) from None
            items.append({"description": parts[0], "owner": parts[1], "due_on": due})
        return items


class LinkForm(forms.Form):
    other_reference = forms.CharField(label=_("Reference number of the other case"), max_length=40)
    kind = forms.ChoiceField(label=_("How they are related"), choices=CaseLink.Kind.choices)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class InviteForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Expert or partner organisation"), coerce=int)
    reason = forms.CharField(label=_("Why"), max_length=500)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [(u.pk, label) for u, label in candidates]
