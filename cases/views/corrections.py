"""Correcting a session, a contact attempt or an interim measure from the case page: the form
opens in place (htmx fetches it, prefilled with what was recorded) or as a page of its own
without JavaScript; the service keeps the original entry and appends the correction."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.access import case_get_for_user
from cases.forms import ContactCorrectForm, InterimMeasureCorrectForm, SessionCorrectForm
from cases.models import ContactAttempt, InterimMeasure, MediationSession
from cases.services import corrections
from cases.workflow import Capability
from core.errors import Refused

# URL's kind -> (form, model, service, its id argument, the case page's section, title)
KINDS = {
    "sessions": (
        SessionCorrectForm,
        MediationSession,
        corrections.session_correct,
        "session_id",
        "sessions",
        gettext_lazy("Correct a session"),
    ),
    "contacts": (
        ContactCorrectForm,
        ContactAttempt,
        corrections.contact_correct,
        "contact_id",
        "contact",
        gettext_lazy("Correct a contact attempt"),
    ),
    "measures": (
        InterimMeasureCorrectForm,
        InterimMeasure,
        corrections.interim_measure_correct,
        "measure_id",
        "measure",
        gettext_lazy("Correct an interim measure"),
    ),
}


@login_required
def work_correct(request, case_id: int, kind: str, row_id: int):
    if kind not in KINDS:
        raise Http404
    form_class, model, service, id_name, section, title = KINDS[kind]
    case = case_get_for_user(user=request.user, case_id=case_id, capability=Capability.WORK)
    row = model.objects.filter(case=case, pk=row_id).first()
    if row is None:
        raise Http404
    initial = {name: getattr(row, name) for name in form_class.row_fields}
    if model is ContactAttempt:
        initial["party"] = row.party_id
    extra = {"case": case} if model is ContactAttempt else {}
    form = form_class(request.POST or None, initial=initial, **extra)
    action = reverse("cases:work-correct", args=[case.pk, kind, row.pk])
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                service(
                    case_id=case.pk,
                    actor=request.user,
                    changes=form.changes(row),
                    reason=form.cleaned_data["reason"],
                    **{id_name: row.pk},
                )
            except Refused as refused:
                form.add_error(None, refused.message)
                status = refused.status
            else:
                messages.success(request, _("Correction recorded."))
                return redirect(f"{reverse('cases:detail', args=[case.pk])}#{section}")
        else:
            status = 400
    elif request.htmx:
        context = {"form": form, "action": action, "submit": _("Record the correction")}
        return render(request, "cases/includes/form.html", context)
    context = {"case": case, "form": form, "action": action, "title": title, "section": section}
    return render(request, "cases/work_correct.html", context, status=status)
