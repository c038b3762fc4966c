"""Pages of the case's documents: downloads (through cases.access), the retry button, the
requests of the case page's panel, the resident's agreement download and the public
verification page."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements import codes
from agreements.selectors import agreement_for_resident
from cases.access import case_get_for_user
from cases.models import Case
from cases.panels import known_empty
from cases.selectors import case_sessions
from cases.workflow import Capability
from core.downloads import private_file_response
from core.errors import Refused
from core.logging import log_access_refused
from core.uploads import PDF_TYPES, sniff
from intake.access import tracked_case_ids

from . import services
from .forms import VerifyUploadForm
from .models import Document
from .selectors import documents_for_case, verification_lookup


def _document_for_user(user, document_id: int, capability: str = Capability.VIEW) -> Document:
    document = get_object_or_404(Document, pk=document_id)
    case = case_get_for_user(user=user, case_id=document.case_id, capability=capability)
    if not documents_for_case(case).filter(pk=document.pk).exists():
        raise Http404
    return document


@login_required
def document_download(request, document_id: int):
    document = _document_for_user(request.user, document_id)
    if document.state != Document.State.READY:
        raise Http404
    return private_file_response(
        document.file.open("rb"),
        filename=document.download_name,
        content_type=document.content_type,
    )


@login_required
@require_POST
def document_retry(request, document_id: int):
    # A reader is refused here (403), not sent back to the case page with a message.
    document = _document_for_user(request.user, document_id, Capability.WORK)
    try:
        services.document_retry(document_id=document.pk, actor=request.user)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The document is queued again."))
    return redirect("cases:detail", case_id=document.case_id)


@login_required
@require_POST
def document_request(request, case_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, capability=Capability.WORK)
    try:
        services.document_request_for_user(
            case_id=case.pk,
            actor=request.user,
            kind=request.POST.get("kind", ""),
            audience=request.POST.get("audience", Document.Audience.ALL),
            session_id=int(request.POST.get("session") or 0) or None,
        )
    except (Refused, ValueError) as refused:
        messages.error(
            request, getattr(refused, "message", _("This document cannot be made here."))
        )
    else:
        messages.success(request, _("The document is being made; it appears below when ready."))
    return redirect("cases:detail", case_id=case.pk)


@login_required
def documents_panel(request, case_id: int):
    """The panel alone, for htmx to refresh while documents are being made."""
    case = case_get_for_user(user=request.user, case_id=case_id)
    return render(request, "documents/panel.html", {"panel": panel_context(request, case)})


def panel_context(request, case: Case) -> dict:
    documents = [] if known_empty(case, "documents") else list(documents_for_case(case))
    can_work = Capability.WORK in case.capabilities
    return {
        # oldest first, for the minutes' menu (the page lists them newest first)
        "sessions": case_sessions(case)[::-1] if can_work else [],
        "case": case,
        "documents": documents,
        "pending": any(d.state in ("queued", "rendering") for d in documents),
        "can_work": can_work,
        "audiences": [
            (value, label)
            for value, label in Document.Audience.choices
            if value != Document.Audience.ALL
        ],
    }


def resident_agreement_download(request, case_id: int):
    """The tracking page's link: only for a case this browser looked up with its tracking code
    (intake.access keeps those grants in the session)."""
    if case_id not in tracked_case_ids(request):
        log_access_refused(user=request.user, object_type="case", object_id=case_id, action="track")
        raise Http404
    case = get_object_or_404(Case, pk=case_id)
    found = agreement_for_resident(case)
    if found is None:
        raise Http404
    document = found.document
    return private_file_response(
        document.file.open("rb"), filename=document.download_name, content_type="application/pdf"
    )


def verify(request, code: str = ""):
    """Public: is this agreement registered, and is this file the one we registered?"""
    if request.method == "GET" and "code" in request.GET:
        typed = codes.normalize(request.GET["code"])
        if typed:
            return redirect("documents:verify", code=typed)
    code = codes.normalize(code)
    result = verification_lookup(code) if code else None
    form = VerifyUploadForm()
    comparison = None
    if request.method == "POST" and result is not None:
        form = VerifyUploadForm(request.POST, request.FILES)
        if form.is_valid():
            uploaded = form.cleaned_data["file"]
            if sniff(uploaded) not in PDF_TYPES:
                form.add_error("file", _("This is not a PDF file."))
            else:
                digest = hashlib.sha256()
                for chunk in uploaded.chunks():
                    digest.update(chunk)
                comparison = {
                    "sha256": digest.hexdigest(),
                    "identical": bool(result["sha256"]) and digest.hexdigest() == result["sha256"],
                }
    status = 404 if code and result is None else 200
    return render(
        request,
        "documents/verify.html",
        {
            "code": code,
            "code_display": codes.display(code) if code else "",
            "result": result,
            "form": form,
            "comparison": comparison,
            "hide_login": True,
        },
        status=status,
    )
