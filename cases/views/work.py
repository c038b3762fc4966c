"""Work recorded from the case page: each form posts here, the service writes the row and its
record entry; bad input shows the case page again with the form as typed and its errors."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.access import case_get_for_user
from cases.casework import WORK
from cases.forms import (
    AssessmentSubmitForm,
    InviteForm,
)
from cases.models import ActionItem, Case, Evidence, ExpertAssessment
from cases.services import invitations, work
from cases.workflow import Capability
from core.downloads import private_file_response
from core.errors import Refused

from .case import _invite_candidates, render_case_page


@login_required
@require_POST
def work_post(request, case_id: int, form_name: str):
    """Record one kind of case work (cases.casework.WORK) from its case-page form."""
    kind = WORK.get(form_name)
    if kind is None:
        raise Http404
    case = case_get_for_user(user=request.user, case_id=case_id, capability=kind.needs)
    form = kind.bound_form(case, request.POST, request.FILES)
    if form.is_valid():
        try:
            kind.perform(case, request.user, form.cleaned_data)
        except Refused as refused:
            form.add_error(None, refused.message)
            return render_case_page(request, case, forms={form_name: form}, status=refused.status)
        messages.success(request, kind.done)
        return redirect(f"{case_url(case)}#{form_name}")
    return render_case_page(request, case, forms={form_name: form}, status=400)


def case_url(case: Case) -> str:
    return reverse("cases:detail", args=[case.pk])


@login_required
def evidence_download(request, case_id: int, evidence_id: int):
    """The only way to a stored file: the access function, then a private download."""
    case = case_get_for_user(user=request.user, case_id=case_id)
    evidence = Evidence.objects.filter(case=case, pk=evidence_id).first()
    if evidence is None:
        raise Http404
    return private_file_response(
        evidence.file.open("rb"),
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


@login_required
def assessment_submit(request, case_id: int, assessment_id: int):
    """The invited expert scores the checklist (they may only view the case otherwise)."""
    case = case_get_for_user(user=request.user, case_id=case_id)
    assessment = (
        ExpertAssessment.objects.filter(case=case, pk=assessment_id)
        .select_related("expert")
        .first()
    )
    if assessment is None:
        raise Http404
    mine = assessment.expert.user_id == request.user.pk
    form = AssessmentSubmitForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                work.assessment_submit(
                    assessment_id=assessment.pk,
                    actor=request.user,
                    scores=form.scores(),
                    conclusion=form.cleaned_data["conclusion"],
                )
            except Refused as refused:
                form.add_error(None, refused.message)
                status = refused.status
            else:
                messages.success(request, _("Assessment recorded. Thank you."))
                return redirect("cases:detail", case_id=case.pk)
        else:
            status = 400
    context = {"case": case, "assessment": assessment, "form": form, "mine": mine}
    return render(request, "cases/assessment.html", context, status=status)


@login_required
@require_POST
def action_done(request, case_id: int, action_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, capability=Capability.WORK)

    if not ActionItem.objects.filter(pk=action_id, meeting__case=case).exists():
        raise Http404
    try:
        work.action_item_done(action_id=action_id, actor=request.user)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Action marked done."))
    return redirect(f"{case_url(case)}#meetings")


@login_required
@require_POST
def invite(request, case_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, capability=Capability.WORK)
    form = InviteForm(request.POST, candidates=_invite_candidates(case))
    if form.is_valid():
        user = get_user_model().objects.get(pk=form.cleaned_data["user"])
        try:
            invitations.case_invite(
                case_id=case.pk, actor=request.user, user=user, reason=form.cleaned_data["reason"]
            )
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("%(user)s invited.") % {"user": user})
            return redirect(f"{case_url(case)}#invited")
    return render_case_page(request, case, forms={"invite": form}, status=400)


@login_required
@require_POST
def uninvite(request, case_id: int, user_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, capability=Capability.WORK)
    user = get_user_model().objects.filter(pk=user_id).first()
    try:
        if user is None:
            raise Refused("invalid", _("No such user."))
        invitations.case_uninvite(case_id=case.pk, actor=request.user, user=user)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Invitation revoked."))
    return redirect(f"{case_url(case)}#invited")
