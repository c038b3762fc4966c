"""The agreement's pages: drafting, the preview that shows what will be printed, approval,
signing, corrections and judicial confirmation. Reads go through cases.access; writes through
agreements.services, which check the actor's capability again."""

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from cases.access import case_get_for_user
from cases.workflow import Capability
from core.errors import Refused
from core.pdf import render_pdf
from documents.rendering import STYLESHEETS, agreement_context
from documents.selectors import document_for_agreement

from . import codes, services
from .access import may_approve_agreement, may_review_agreement
from .forms import (
    AgreementTextForm,
    JudicialConfirmationForm,
    ObligationFormSet,
    ReasonForm,
    SigningForm,
)
from .models import Agreement
from .selectors import agreements_for_case, obligation_lines, owners_consent


def _agreement_for_user(user, agreement_id: int, capability: str = Capability.VIEW):
    agreement = get_object_or_404(Agreement, pk=agreement_id)
    case = case_get_for_user(user=user, case_id=agreement.case_id, capability=capability)
    agreement.case = case
    return agreement


@login_required
@require_POST
def agreement_new(request, case_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, capability=Capability.WORK)
    try:
        agreement = services.agreement_draft(
            case_id=case.pk,
            actor=request.user,
            template_id=int(request.POST.get("template") or 0) or None,
        )
    except (Refused, ValueError) as refused:
        messages.error(
            request, getattr(refused, "message", _("Choose one of the offered templates."))
        )
        return redirect("cases:detail", case_id=case.pk)
    return redirect("agreements:edit", agreement_id=agreement.pk)


@login_required
def agreement_detail(request, agreement_id: int):
    agreement = _agreement_for_user(request.user, agreement_id)
    case = agreement.case
    caps = case.capabilities
    context = {
        "agreement": agreement,
        "case": case,
        "versions": agreements_for_case(case),
        "document": document_for_agreement(agreement),
        "signed_copies": agreement.documents.filter(kind="signed_agreement").order_by("-version"),
        "can_work": Capability.WORK in caps,
        "can_review": may_review_agreement(request.user, case, caps),
        # the drafter does not approve their own draft (agreements.access)
        "can_approve": may_approve_agreement(request.user, case, agreement, caps),
        "consent": owners_consent(case),
        "code": codes.display(agreement.verification_code),
        "reason_form": ReasonForm(),
        "signing_form": SigningForm(
            initial={"signed_on": agreement.signed_on, "effective_on": agreement.effective_on}
        ),
        "jc_form": JudicialConfirmationForm(
            initial={
                "intended": agreement.jc_intended,
                "applied_on": agreement.jc_applied_on,
                "court": agreement.jc_court,
                "result": agreement.jc_result,
                "result_on": agreement.jc_result_on,
            }
        ),
    }
    return render(request, "agreements/detail.html", context)


@login_required
def agreement_edit(request, agreement_id: int):
    agreement = _agreement_for_user(request.user, agreement_id, Capability.WORK)
    if not agreement.is_editable:
        messages.error(
            request, _("Only a draft can be edited; correct it with a new version instead.")
        )
        return redirect("agreements:detail", agreement_id=agreement.pk)
    parties = agreement.case.parties.order_by("side", "group_id", "id")
    if request.method == "POST":
        form = AgreementTextForm(request.POST, instance=agreement)
        formset = ObligationFormSet(request.POST, prefix="ob", parties=parties)
        if form.is_valid() and formset.is_valid():
            lines = [
                services.ObligationLine(
                    debtor_id=data["debtor"].pk,
                    creditor_id=data["creditor"].pk if data["creditor"] else None,
                    kind=data["kind"],
                    description=data["description"],
                    amount=data["amount"],
                    due_on=data["due_on"],
                    instalments=data["instalments"],
                    interval_months=data["interval_months"],
                )
                for data in formset.cleaned_data
                if data and not data.get("DELETE")
            ]
            try:
                services.agreement_update(
                    agreement_id=agreement.pk,
                    actor=request.user,
                    texts=form.cleaned_data,
                    lines=lines,
                )
            except Refused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("The draft is saved."))
                return redirect("agreements:detail", agreement_id=agreement.pk)
    else:
        form = AgreementTextForm(instance=agreement)
        formset = ObligationFormSet(
            prefix="ob", parties=parties, initial=obligation_lines(agreement)
        )
    return render(
        request,
        "agreements/edit.html",
        {"agreement": agreement, "case": agreement.case, "form": form, "formset": formset},
    )


def _preview_html(agreement: Agreement) -> str:
    with translation.override("zh-hans"):
        context = agreement_context(agreement)
        context["for_screen"] = True
        return render_to_string("documents/pdf/agreement.html", context)


@login_required
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": ["'self'"]})  # shown in the agreement page's frame
def agreement_preview(request, agreement_id: int):
    """The printed text on screen: the same template and stylesheet as the PDF."""
    agreement = _agreement_for_user(request.user, agreement_id)
    return HttpResponse(_preview_html(agreement))


@login_required
def agreement_preview_pdf(request, agreement_id: int):
    """Exactly what will be printed, rendered now (the registered PDF is made when final)."""
    agreement = _agreement_for_user(request.user, agreement_id)
    with translation.override("zh-hans"):
        content = render_pdf(
            "documents/pdf/agreement.html", agreement_context(agreement), stylesheets=STYLESHEETS
        )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="preview-{agreement.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _act(request, agreement_id: int, action, success: str, review: bool = False):
    agreement = _agreement_for_user(request.user, agreement_id, Capability.WORK)
    if review and not may_review_agreement(request.user, agreement.case):
        raise PermissionDenied  # as the service: a mediator who does not review gets a 403
    try:
        result = action(agreement)
    except Refused as refused:
        messages.error(request, refused.message)
        return redirect("agreements:detail", agreement_id=agreement.pk)
    messages.success(request, success)
    return redirect("agreements:detail", agreement_id=getattr(result, "pk", agreement.pk))


@login_required
@require_POST
def agreement_submit(request, agreement_id: int):
    return _act(
        request,
        agreement_id,
        lambda a: services.agreement_submit(
            agreement_id=a.pk,
            actor=request.user,
            consent_reason=request.POST.get("consent_reason", ""),
        ),
        _("Done: the agreement moved on."),
    )


@login_required
@require_POST
def agreement_approve(request, agreement_id: int):
    return _act(
        request,
        agreement_id,
        lambda a: services.agreement_approve(
            agreement_id=a.pk,
            actor=request.user,
            consent_reason=request.POST.get("consent_reason", ""),
        ),
        _("Approved: the agreement is final and its PDF is being made."),
        review=True,
    )


@login_required
@require_POST
def agreement_return(request, agreement_id: int):
    return _act(
        request,
        agreement_id,
        lambda a: services.agreement_return(
            agreement_id=a.pk, actor=request.user, note=request.POST.get("text", "")
        ),
        _("Returned to the mediator."),
        review=True,
    )


@login_required
@require_POST
def agreement_correct(request, agreement_id: int):
    return _act(
        request,
        agreement_id,
        lambda a: services.agreement_correct(
            agreement_id=a.pk, actor=request.user, reason=request.POST.get("text", "")
        ),
        _("A new version was started from the one in force."),
    )


@login_required
@require_POST
def agreement_sign(request, agreement_id: int):
    agreement = _agreement_for_user(request.user, agreement_id, Capability.WORK)
    form = SigningForm(request.POST, request.FILES)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect("agreements:detail", agreement_id=agreement.pk)
    data = form.cleaned_data
    return _act(
        request,
        agreement_id,
        lambda a: services.agreement_record_signing(
            agreement_id=a.pk,
            actor=request.user,
            signed_on=data["signed_on"],
            effective_on=data["effective_on"],
            scan=data["scan"],
        ),
        _("The signing is recorded: the agreement is in effect."),
    )


@login_required
@require_POST
def agreement_judicial_confirmation(request, agreement_id: int):
    agreement = _agreement_for_user(request.user, agreement_id, Capability.WORK)
    form = JudicialConfirmationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the dates of the judicial confirmation."))
        return redirect("agreements:detail", agreement_id=agreement.pk)
    return _act(
        request,
        agreement_id,
        lambda a: services.agreement_record_judicial_confirmation(
            agreement_id=a.pk, actor=request.user, **form.cleaned_data
        ),
        _("Judicial confirmation recorded."),
    )
