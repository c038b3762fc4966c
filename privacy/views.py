"""The data-request pages: the section on the case page, recording a request, carrying it out
and the export of the person's data. Every one fetches the case through the access function."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from cases.access import case_get_for_user
from cases.panels import known_empty
from cases.workflow import Capability
from core.errors import Refused

from . import services
from .forms import DataRequestForm, FulfilForm
from .models import DataRequest
from .selectors import data_requests_for_case


def panel_context(request, case) -> dict | None:
    """Only those who work the case see the requests (they carry them out)."""
    if Capability.WORK not in case.capabilities:
        return None
    return {
        "case": case,
        "requests": []
        if known_empty(case, "data_requests")
        else list(data_requests_for_case(case)),
        "can_delete": Capability.LEAD in case.capabilities,
        "fulfil_form": FulfilForm(),
    }


def _case_page(case) -> str:
    return reverse("cases:detail", args=[case.pk]) + "#privacy"


@login_required
def request_new(request, case_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, capability=Capability.WORK)
    form = DataRequestForm(request.POST or None, case=case)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.data_request_record(
                    case_id=case.pk,
                    actor=request.user,
                    party_id=d["party"].pk,
                    kind=d["kind"],
                    asked_at=d["asked_at"],
                    verification=d["verification"],
                    verification_note=d["verification_note"],
                )
            except Refused as refused:
                form.add_error(None, refused.message)
                status = refused.status
            else:
                messages.success(request, pgettext("privacy", "The request is recorded."))
                return redirect(_case_page(case))
        else:
            status = 400
    return render(request, "privacy/request_new.html", {"case": case, "form": form}, status=status)


@login_required
@require_POST
def request_fulfil(request, case_id: int, request_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, capability=Capability.WORK)
    form = FulfilForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        done = services.data_request_fulfil(
            case_id=case.pk, request_id=request_id, actor=request.user, note=note
        )
    except Refused as refused:
        if refused.code == "invalid":
            raise Http404 from None
        if refused.code == "forbidden":  # a deletion, and not the lead
            raise PermissionDenied(refused.message) from None
        messages.error(request, refused.message)  # already done, or the case still worked
        return redirect(_case_page(case))
    if done.kind == DataRequest.Kind.DELETION:
        messages.success(request, pgettext("privacy", "The party's personal data is deleted."))
    else:
        messages.success(request, pgettext("privacy", "Recorded that the copy was given."))
    return redirect(_case_page(case))


@login_required
def request_export(request, case_id: int, request_id: int):
    """The person's data as a JSON file, to hand to them (recorded on the case)."""
    case = case_get_for_user(user=request.user, case_id=case_id, capability=Capability.REVEAL)
    try:
        data = services.data_request_export(
            case_id=case.pk, request_id=request_id, actor=request.user
        )
    except Refused as refused:
        if refused.code == "invalid":
            raise Http404 from None
        raise PermissionDenied from None
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = f"personal-data-case{case.pk}-request{request_id}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
