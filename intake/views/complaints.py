"""The public complaint form (no account), the code that confirms it, and the privacy notice."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases import tracking
from core.errors import Refused
from core.masking import mask_mobile
from intake import rules
from intake.access import tracked_case, tracking_grant
from intake.forms import ComplaintForm, ConfirmForm
from intake.models import Complaint, Upload
from intake.ratelimit import Rate, RateLimited, limit, upload_rates
from intake.selectors import complaint_by_token, compound_by_code, compound_search
from intake.services.complaints import (
    ComplaintInput,
    complaint_code_resend,
    complaint_confirm,
    complaint_submit,
)
from intake.services.uploads import (
    draft_is_valid,
    draft_new,
    uploads_check,
    uploads_delete,
    uploads_discard,
    uploads_of_draft,
    uploads_store,
)
from privacy.conf import retention_years

FORM_TEMPLATE = "intake/complaint_form.html"


def complaint_new(request):
    """Where a compound's QR poster leads (?compound=CODE), and the form's every round trip."""
    if request.method == "POST":
        return _complaint_post(request)
    compound = compound_by_code(request.GET.get("compound", ""))
    initial = {}
    if compound:
        initial["compound"] = compound.code
        initial["other_side"] = compound.property_company.name if compound.property_company else ""
    return _render(request, ComplaintForm(initial=initial), draft=draft_new())


def _complaint_post(request):
    draft = request.POST.get("draft", "")
    if not draft_is_valid(draft):
        draft = draft_new()
    uploads_discard(
        draft=draft, ids=[int(i) for i in request.POST.getlist("remove_upload") if i.isdigit()]
    )
    stored, file_errors = files_receive(request, draft=draft)
    action = request.POST.get("action", "submit")
    if action in ("find", "change"):
        return _render_again(
            request, draft=draft, file_errors=file_errors, change=action == "change"
        )

    form = ComplaintForm(request.POST, request.FILES)
    if not form.is_valid() or file_errors:
        if form.has_error(NON_FIELD_ERRORS, "honeypot"):
            uploads_delete(stored)  # a bot's: nobody comes back for them
        return _render(request, form, draft=draft, file_errors=file_errors)
    data = form.cleaned_data
    try:
        limit(
            request,
            Rate("intake.submit.ip", "SUBMIT_RATE_IP"),
            Rate("intake.submit.mobile", "SUBMIT_RATE_MOBILE", value=data["mobile"]),
        )
    except RateLimited as refused:
        return _render(request, form, draft=draft, refusal=refused.message, status=429)
    complaint = complaint_submit(
        data=ComplaintInput(
            compound=data["compound"],
            category=data["category"],
            description=data["description"],
            claims=data["claims"],
            building=data["building"],
            other_side=data["other_side"],
            name=data["name"],
            mobile=data["mobile"],
            email=data["email"],
            language=get_language() or "zh-hans",
        ),
        draft=draft,
    )
    return redirect("intake:complaint-confirm", token=complaint.token)


def files_receive(request, *, draft: str) -> tuple[list[Upload], list[str]]:
    """Check the files of this POST, count them (and their bytes) against the address, and
    store them under the draft at once: the page sends the draft back, so a mistake elsewhere
    in the form costs the resident nothing. Returns what was stored and a message per file
    refused."""
    files = request.FILES.getlist("photos")
    if not files:
        return [], []
    received, errors = uploads_check(files=files, draft=draft)
    if not received:
        return [], errors
    try:
        limit(request, *upload_rates([item.checked.size for item in received]))
    except RateLimited as refused:
        return [], [refused.message, *errors]
    return uploads_store(received=received, draft=draft), errors


def _render_again(request, *, draft, file_errors, change):
    """The form as typed, without judging it yet: after looking for a compound or choosing
    another one (the way the picker works without JavaScript)."""
    names = ComplaintForm.base_fields
    initial = {k: request.POST.get(k, "") for k in names if k not in ("photos", "website")}
    initial["consent"] = bool(request.POST.get("consent"))
    if change:
        initial["compound"] = ""
    form = ComplaintForm(initial=initial)
    candidates = [] if change else compound_search(request.POST.get("compound_query", ""))
    return _render(request, form, draft=draft, file_errors=file_errors, candidates=candidates)


def _render(request, form, *, draft, file_errors=(), candidates=(), refusal="", status=200):
    compound = getattr(form, "cleaned_data", {}).get("compound")
    if compound is None:
        compound = compound_by_code(form["compound"].value() or "")
    context = {
        "form": form,
        "compound": compound,
        "candidates": candidates,
        "draft": draft,
        "uploads": uploads_of_draft(draft),
        "file_errors": file_errors,
        "refusal": refusal,
        "max_files": rules.MAX_FILES,
    }
    return render(request, FORM_TEMPLATE, context, status=status)


@require_GET
def compound_results(request):
    """The picker's list as the resident types (htmx); the form works without it."""
    candidates = compound_search(request.GET.get("compound_query", ""))
    return render(request, "intake/_compound_results.html", {"candidates": candidates})


def complaint_get_or_404(token: str, *related) -> Complaint:
    complaint = complaint_by_token(token, *related)
    if complaint is None:
        raise Http404
    return complaint


def complaint_confirm_page(request, token: str):
    complaint = complaint_get_or_404(token, "case")
    if complaint.status == Complaint.Status.CONFIRMED:
        return redirect("intake:complaint-done", token=token)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint_confirm(
                token=token,
                code=form.cleaned_data["code"],
                track_url=request.build_absolute_uri(reverse("intake:track")),
            )
        except Refused as refused:
            form.add_error("code", refused.message)
        else:
            complaint.refresh_from_db()
            tracking_grant(request, complaint.case)
            return redirect("intake:complaint-done", token=token)
    context = {"complaint": complaint, "form": form, "mobile": mask_mobile(complaint.mobile)}
    return render(request, "intake/complaint_confirm.html", context)


@require_POST
def complaint_resend(request, token: str):
    complaint = complaint_get_or_404(token)
    try:
        limit(
            request,
            group="intake.submit.mobile",
            rate_name="SUBMIT_RATE_MOBILE",
            value=complaint.mobile,
        )
        complaint_code_resend(token=token)
    except (Refused, RateLimited) as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _sent_message(complaint))
    return redirect("intake:complaint-confirm", token=token)


def _sent_message(complaint) -> str:
    return _("A new code was sent to %(mobile)s.") % {"mobile": mask_mobile(complaint.mobile)}


def complaint_done(request, token: str):
    """The tracking code, shown to the browser that confirmed the complaint."""
    complaint = complaint_get_or_404(token, "case")
    case = complaint.case and tracked_case(request, complaint.case.tracking_code)
    if case is None:
        return redirect("intake:track")
    context = {"case": case, "tracking_display": tracking.display(case.tracking_code)}
    return render(request, "intake/complaint_done.html", context)


def privacy_notice(request):
    context = {
        "retention_years": retention_years(),
        "pending_hours": int(rules.get("PENDING_TTL").total_seconds() // 3600),
        "version": rules.PRIVACY_VERSION,
    }
    return render(request, "intake/privacy.html", context)
