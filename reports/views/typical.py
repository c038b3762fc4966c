"""The typical-case library: the team lead's side (mark, edit, publish, withdraw) and the
public pages, which read only TypicalCase rows and never the case behind them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.access import case_get_for_user
from cases.models import Category
from cases.selectors import case_list_for_user
from cases.workflow import Capability
from core.errors import Refused
from reports.forms import TypicalCaseForm, TypicalCaseMarkForm
from reports.models import TypicalCase
from reports.services import typical as services


@login_required
@require_POST
def mark(request, case_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, capability=Capability.LEAD)
    form = TypicalCaseMarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the lesson the case teaches."))
        return redirect("cases:detail", case_id=case.pk)
    try:
        typical = services.typical_case_mark(
            case_id=case.pk,
            actor=request.user,
            lesson=form.cleaned_data["lesson"],
            keep_company_names=form.cleaned_data["keep_company_names"],
        )
    except Refused as refused:
        messages.error(request, refused.message)
        return redirect("cases:detail", case_id=case.pk)
    messages.success(request, _("An anonymised draft was written: check it before publishing."))
    return redirect("reports:typical-edit", typical_id=typical.pk)


def _typical_for_lead(request, typical_id: int) -> TypicalCase:
    typical = get_object_or_404(TypicalCase.objects.select_related("case"), pk=typical_id)
    case_get_for_user(user=request.user, case_id=typical.case_id, capability=Capability.LEAD)
    return typical


@login_required
def edit(request, typical_id: int):
    typical = _typical_for_lead(request, typical_id)
    form = TypicalCaseForm(request.POST or None, instance=typical)
    if request.method == "POST" and form.is_valid():
        try:
            services.typical_case_update(
                typical_id=typical.pk, actor=request.user, **form.cleaned_data
            )
            if request.POST.get("publish"):
                services.typical_case_publish(typical_id=typical.pk, actor=request.user)
                messages.success(request, _("Published on the typical-case page."))
            else:
                messages.success(request, _("Saved."))
            return redirect("reports:typical-edit", typical_id=typical.pk)
        except Refused as refused:
            # Keep what the lead typed: the form is shown again with the reason.
            form.add_error(None, refused.message)
    typical.refresh_from_db()
    context = {
        "typical": typical,
        "form": form,
        "personal": services.typical_case_personal_data(typical),
    }
    return render(request, "reports/typical_edit.html", context)


@login_required
@require_POST
def withdraw(request, typical_id: int):
    typical = _typical_for_lead(request, typical_id)
    try:
        services.typical_case_withdraw(typical_id=typical.pk, actor=request.user)
        messages.success(request, _("Withdrawn from the public page."))
    except Refused as refused:
        messages.error(request, refused.message)
    return redirect("reports:typical-edit", typical_id=typical.pk)


@login_required
def staff_list(request):
    """Typical cases of the cases the user may see, drafts included."""
    visible = case_list_for_user(request.user).values("pk")
    typicals = (
        TypicalCase.objects.filter(case__in=visible)
        .select_related("category", "case")
        .order_by("status", "-marked_at")
    )
    return render(request, "reports/typical_staff_list.html", {"typicals": typicals})


def public_list(request):
    """/typical-cases/: published cases, searchable by category and words; no login."""
    typicals = TypicalCase.objects.filter(status=TypicalCase.Status.PUBLISHED).select_related(
        "category"
    )
    category = request.GET.get("category", "")
    words = request.GET.get("q", "").strip()[:50]
    if category:
        typicals = typicals.filter(category__code=category)
    if words:
        typicals = typicals.filter(
            Q(title__icontains=words) | Q(facts__icontains=words) | Q(lesson__icontains=words)
        )
    page = Paginator(typicals.order_by("-published_at", "-pk"), 10).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "categories": Category.objects.filter(active=True),
        "category": category,
        "q": words,
        "query": query.urlencode(),
    }
    return render(request, "reports/typical_public_list.html", context)


def public_detail(request, typical_id: int):
    typical = (
        TypicalCase.objects.filter(pk=typical_id, status=TypicalCase.Status.PUBLISHED)
        .select_related("category")
        .first()
    )
    if typical is None:
        raise Http404
    return render(request, "reports/typical_public_detail.html", {"typical": typical})
