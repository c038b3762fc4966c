"""The resident's tracking pages: look a case up with the tracking code and the last four
digits of the mobile number, then follow it, add information and withdraw."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import workflow
from cases.workflow import Capability
from core.downloads import private_file_response
from core.errors import Refused
from intake import rules
from intake.access import tracked_case, tracking_grant
from intake.forms import AdditionForm, TrackForm, WithdrawForm
from intake.models import Upload
from intake.panels import panels_for
from intake.ratelimit import RateLimited, limit, track_rates
from intake.selectors import tracking_steps
from intake.services.tracking import addition_add, complaint_withdraw, filer_side, tracking_lookup
from intake.services.uploads import draft_is_valid, draft_new, uploads_of_draft

from .complaints import files_receive


def track(request):
    form = TrackForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "intake/track.html", {"form": form})
    code = form.cleaned_data["code"]
    try:
        counted = limit(request, *track_rates(code))
    except RateLimited as refused:
        return render(
            request, "intake/track.html", {"form": form, "refusal": refused.message}, status=429
        )
    case = tracking_lookup(code=code, mobile_last4=form.cleaned_data["mobile_last4"])
    if case is None:
        # The same answer whether the code exists or not; both counters keep the failure.
        form.add_error(
            None,
            _(
                "No complaint matches this tracking code and mobile number. Check both and try again."
            ),
        )
        return render(request, "intake/track.html", {"form": form})
    counted.give_back()  # only failures use up the limits
    tracking_grant(request, case)
    return redirect("intake:track-case", code=case.tracking_code)


def _case_or_redirect(request, code):
    case = tracked_case(request, code)
    if case is None:
        messages.info(
            request, _("Enter your tracking code and mobile number to see the complaint.")
        )
    return case


def track_case(request, code: str):
    case = _case_or_redirect(request, code)
    if case is None:
        return redirect("intake:track")
    return _render_case(request, case, addition_form=AdditionForm(), draft=draft_new())


def _render_case(request, case, *, addition_form, draft, file_errors=(), status=200):
    side = filer_side(case)
    context = {
        "case": case,
        "steps": tracking_steps(case, side=side),
        "panels": panels_for(request, case),
        "addition_form": addition_form,
        "draft": draft,
        "uploads": uploads_of_draft(draft),
        "file_errors": file_errors,
        "may_withdraw": _may_withdraw(case),
        "max_files": rules.MAX_FILES,
    }
    return render(request, "intake/track_case.html", context, status=status)


def _may_withdraw(case) -> bool:
    try:
        workflow.check_move("withdraw", case.state(), {Capability.APPLICANT})
    except Refused:
        return False
    return True


@require_POST
def track_add(request, code: str):
    case = _case_or_redirect(request, code)
    if case is None:
        return redirect("intake:track")
    draft = request.POST.get("draft", "")
    if not draft_is_valid(draft):
        draft = draft_new()
    _stored, file_errors = files_receive(request, draft=draft)
    form = AdditionForm(request.POST, request.FILES)
    if form.is_valid() and not file_errors:
        try:
            addition_add(case=case, text=form.cleaned_data["text"], draft=draft)
        except Refused as refused:
            form.add_error("text", refused.message)
        else:
            messages.success(request, _("Thank you: the mediators can see what you added."))
            return redirect("intake:track-case", code=case.tracking_code)
    return _render_case(request, case, addition_form=form, draft=draft, file_errors=file_errors)


def track_withdraw(request, code: str):
    case = _case_or_redirect(request, code)
    if case is None:
        return redirect("intake:track")
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint_withdraw(case=case, reason=form.cleaned_data["reason"])
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Your complaint is withdrawn."))
        return redirect("intake:track-case", code=case.tracking_code)
    return render(
        request,
        "intake/track_withdraw.html",
        {"case": case, "form": form, "may_withdraw": _may_withdraw(case)},
    )


def track_file(request, code: str, upload_id: int):
    """A file the resident sent, back to the resident's own session only."""
    case = tracked_case(request, code)
    if case is None:
        raise Http404
    upload = Upload.objects.filter(
        Q(complaint__case=case) | Q(addition__case=case), pk=upload_id
    ).first()
    if upload is None:
        raise Http404
    return private_file_response(
        upload.file.open("rb"), filename=upload.name, content_type=upload.content_type
    )
