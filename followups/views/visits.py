"""Recording a follow-up visit, or an attempt that reached nobody."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.workflow import Capability
from core.errors import Refused
from followups.access import visit_get_for_user
from followups.forms import UnreachableForm, VisitForm
from followups.models import FollowUpVisit
from followups.services.visits import visit_record, visit_unreachable
from followups.visit_records import visit_record_request


def _page(request, visit, form, unreachable_form, status=200):
    return render(
        request,
        "followups/visit.html",
        {
            "visit": visit,
            "case": visit.case,
            "form": form,
            "unreachable_form": unreachable_form,
            "can_record": visit.status == FollowUpVisit.Status.SCHEDULED
            and Capability.WORK in visit.case.capabilities,
            "can_print": visit.status != FollowUpVisit.Status.SCHEDULED
            and Capability.WORK in visit.case.capabilities,
        },
        status=status,
    )


@login_required
def visit_detail(request, visit_id: int):
    visit = visit_get_for_user(user=request.user, visit_id=visit_id, capability=Capability.VIEW)
    if request.method != "POST":
        return _page(request, visit, VisitForm(visit=visit), UnreachableForm())
    visit = visit_get_for_user(user=request.user, visit_id=visit_id, capability=Capability.WORK)
    form = VisitForm(request.POST, visit=visit)
    if form.is_valid():
        try:
            visit_record(visit_id=visit.pk, actor=request.user, **form.cleaned_data)
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            if form.cleaned_data["rebound"]:
                messages.warning(request, _("Visit recorded; the case is reopened (rebound)."))
            else:
                messages.success(request, _("Visit recorded."))
            return redirect("cases:detail", case_id=visit.case.pk)
    return _page(request, visit, form, UnreachableForm(), status=400)


@login_required
@require_POST
def visit_record_pdf(request, visit_id: int):
    """Queue the visit record (回访记录); the case page's documents panel shows its state."""
    visit = visit_get_for_user(user=request.user, visit_id=visit_id, capability=Capability.WORK)
    try:
        visit_record_request(visit_id=visit.pk, actor=request.user)
    except Refused as refused:
        messages.error(request, refused.message)
        return redirect("followups:visit", visit_id=visit.pk)
    messages.success(request, _("The visit record is being prepared."))
    return redirect(reverse("cases:detail", args=[visit.case.pk]) + "#documents")


@login_required
@require_POST
def visit_unreachable_view(request, visit_id: int):
    visit = visit_get_for_user(user=request.user, visit_id=visit_id, capability=Capability.WORK)
    form = UnreachableForm(request.POST)
    if form.is_valid():
        try:
            visit = visit_unreachable(visit_id=visit.pk, actor=request.user, **form.cleaned_data)
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            if visit.status == FollowUpVisit.Status.UNREACHABLE:
                messages.warning(request, _("Attempt recorded; the visit is given up."))
            else:
                messages.success(
                    request,
                    _("Attempt recorded; retry on %(date)s.") % {"date": visit.due_on.isoformat()},
                )
            return redirect("followups:today")
    return _page(request, visit, VisitForm(visit=visit), form, status=400)
