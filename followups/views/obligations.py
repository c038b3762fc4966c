"""Recording the performance of an obligation, with evidence; downloading the evidence."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cases.workflow import Capability
from core.downloads import private_file_response
from core.errors import Refused
from followups import rules
from followups.access import obligation_get_for_user
from followups.forms import ObligationRecordForm
from followups.models import ObligationEvidence, Reminder
from followups.services.obligations import obligation_record


def _page(request, obligation, form, status=200):
    case = obligation.agreement.case
    return render(
        request,
        "followups/obligation.html",
        {
            "obligation": obligation,
            "case": case,
            "form": form,
            "records": obligation.records.select_related("recorded_by").prefetch_related(
                "evidence"
            ),
            "reminders": Reminder.objects.filter(obligation=obligation),
            "can_record": bool(rules.recordable(obligation.status))
            and Capability.WORK in case.capabilities,
        },
        status=status,
    )


@login_required
def obligation_detail(request, obligation_id: int):
    obligation = obligation_get_for_user(
        user=request.user, obligation_id=obligation_id, capability=Capability.VIEW
    )
    if request.method != "POST":
        return _page(request, obligation, ObligationRecordForm(obligation=obligation))
    obligation = obligation_get_for_user(
        user=request.user, obligation_id=obligation_id, capability=Capability.WORK
    )
    form = ObligationRecordForm(request.POST, request.FILES, obligation=obligation)
    if form.is_valid():
        data = form.cleaned_data
        try:
            obligation_record(
                obligation_id=obligation.pk,
                actor=request.user,
                status=data["status"],
                performed_on=data.get("performed_on"),
                amount_paid=data.get("amount_paid"),
                note=data.get("note", ""),
                files=data.get("evidence") or [],
            )
        except Refused as refused:
            form.add_error(None, refused.message)
        except ValidationError as error:
            form.add_error("evidence", error)
        else:
            messages.success(request, _("Performance recorded."))
            return redirect("cases:detail", case_id=obligation.agreement.case.pk)
    return _page(request, obligation, form, status=400)


@login_required
def evidence_download(request, evidence_id: int):
    evidence = ObligationEvidence.objects.select_related("record").filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404
    obligation_get_for_user(
        user=request.user, obligation_id=evidence.record.obligation_id, capability=Capability.VIEW
    )
    return private_file_response(
        evidence.file.open("rb"), filename=evidence.name, content_type=evidence.content_type
    )
