from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Team
from .selectors import team_working_members


class DutyShiftForm(forms.Form):
    """One shift: a member, a day, from and until (an end before the start is the next
    morning: night on-call)."""

    user = forms.ModelChoiceField(label=_("who"), queryset=None)
    day = forms.DateField(
        label=_("day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    starts = forms.TimeField(
        label=_("from"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    ends = forms.TimeField(
        label=_("until"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("A time before the start means the next morning."),
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, team: Team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = team_working_members(team.pk).order_by("name")
        self.fields["user"].label_from_instance = lambda u: u.name or u.username

    def period(self) -> tuple[datetime, datetime]:
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        starts = datetime.combine(data["day"], data["starts"], tzinfo=tz)
        ends = datetime.combine(data["day"], data["ends"], tzinfo=tz)
        if ends <= starts:
            ends += timedelta(days=1)
        return starts, ends
