"""Staff pages: registering a call or a visit, importing a day's referrals, and the case page's
downloads of what residents sent."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from cases import tracking
from cases.access import case_capabilities, case_get_for_user, leads_a_team
from cases.models import Case
from cases.selectors import case_list_for_user, duplicate_candidates
from cases.workflow import Capability
from core.downloads import private_file_response
from core.errors import Refused
from intake import rules
from intake.forms import ReferralImportForm, StaffRegistrationForm
from intake.models import Upload
from intake.selectors import (
    can_register,
    compound_by_code,
    compound_search,
    compounds_for_registrar,
    upload_case_id,
)
from intake.services.referral_import import referrals_import
from intake.services.staff import StaffRegistration, case_register_by_staff
from notifications.models import OutboundMessage


def _require_registrar(user) -> None:
    if not can_register(user):
        raise PermissionDenied


@login_required
def staff_register(request):
    _require_registrar(request.user)
    if request.method != "POST":
        compound = compound_by_code(request.GET.get("compound", ""))
        initial = {"compound": compound.code} if compound else {}
        form = StaffRegistrationForm(initial=initial, user=request.user)
        return _render(request, form)
    action = request.POST.get("action", "submit")
    if action in ("find", "change"):
        initial = {k: request.POST.get(k, "") for k in StaffRegistrationForm.base_fields}
        initial["send_sms"] = bool(request.POST.get("send_sms"))
        if action == "change":
            initial["compound"] = ""
        form = StaffRegistrationForm(initial=initial, user=request.user)
        candidates = (
            []
            if action == "change"
            else compound_search(
                request.POST.get("compound_query", ""), within=compounds_for_registrar(request.user)
            )
        )
        return _render(request, form, candidates=candidates)
    form = StaffRegistrationForm(request.POST, user=request.user)
    if not form.is_valid():
        return _render(request, form)
    data = form.cleaned_data
    duplicates = list(
        duplicate_candidates(
            data["compound"], [data["mobile"]], [data["name"]], rules.get("DUPLICATE_DAYS")
        )[:5]
    )
    if duplicates and not {c.pk for c in duplicates} <= form.duplicates_seen_ids():
        return _render(request, form, duplicates=duplicates)
    try:
        case = case_register_by_staff(
            actor=request.user,
            data=StaffRegistration(
                channel=data["channel"],
                compound=data["compound"],
                category=data["category"],
                description=data["description"],
                claims=data["claims"],
                building=data["building"],
                other_side=data["other_side"],
                name=data["name"],
                mobile=data["mobile"],
                urgency=data["urgency"],
                send_sms=data["send_sms"],
            ),
            track_url=request.build_absolute_uri(reverse("intake:track")),
        )
    except Refused as refused:
        form.add_error(None, refused.message)
        return _render(request, form)
    return redirect("intake:staff-registered", case_id=case.pk)


def _render(request, form, *, candidates=(), duplicates=()):
    compound = getattr(form, "cleaned_data", {}).get("compound")
    if compound is None:
        compound = compound_by_code(form["compound"].value() or "")
    visible = set(
        case_list_for_user(request.user)
        .filter(pk__in=[c.pk for c in duplicates])
        .values_list("pk", flat=True)
    )
    context = {
        "form": form,
        "compound": compound,
        "candidates": candidates,
        "duplicates": [{"case": c, "visible": c.pk in visible} for c in duplicates],
        "duplicate_ids": ",".join(str(c.pk) for c in duplicates),
    }
    return render(request, "intake/staff_register.html", context)


@login_required
def staff_registered(request, case_id: int):
    """The tracking code to read out: shown to whoever registered the case, even when it was
    routed to a team they are not in."""
    case = get_object_or_404(
        Case.objects.select_related("team", "compound", "category"),
        pk=case_id,
        registered_by=request.user,
    )
    context = {
        "case": case,
        "tracking_display": tracking.display(case.tracking_code),
        "can_open": Capability.VIEW in case_capabilities(request.user, case),
        "messages_sent": _sms_queued(case),
    }
    return render(request, "intake/staff_registered.html", context)


def _sms_queued(case) -> bool:
    return OutboundMessage.objects.filter(source=f"intake:tracking:{case.pk}").exists()


def may_import_referrals(user) -> bool:
    """Team leads and coordinators import a partner's referrals."""
    return leads_a_team(user)


@login_required
def referral_import(request):
    if not may_import_referrals(request.user):
        raise PermissionDenied
    form = ReferralImportForm(request.POST or None, request.FILES or None)
    report, status = None, 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = referrals_import(
            partner=form.cleaned_data["partner"], file=upload, filename=upload.name
        )
        if report.file_error:  # the file as a whole: said next to it, nothing received
            form.add_error("file", report.file_error)
            report = None
    if form.errors:
        status = 400
    context = {"form": form, "report": report}
    return render(request, "intake/referral_import.html", context, status=status)


@login_required
def file_download(request, upload_id: int):
    """A resident's file, for whoever may see its case (through the one access function)."""
    upload = get_object_or_404(Upload.objects.select_related("complaint"), pk=upload_id)
    case_id = upload_case_id(upload)
    if case_id is None:
        raise Http404
    case_get_for_user(user=request.user, case_id=case_id, capability=Capability.VIEW)
    return private_file_response(
        upload.file.open("rb"), filename=upload.name, content_type=upload.content_type
    )
