"""Screening patrols: the list of a user's grids, recording a patrol with its early signs, and
turning an early sign into a case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import Refused
from followups import selectors
from followups.access import patrol_get_for_user, patrol_grids_for_user
from followups.forms import PatrolForm, SignFormSet, SignToCaseForm, staff_for_grids
from followups.models import EarlySign
from followups.services.patrols import PatrolInput, SignInput, early_sign_to_case, patrol_record
from grids.models import Compound


@login_required
def patrol_list(request):
    grids = patrol_grids_for_user(request.user)
    patrols = selectors.patrols_for_grids(grids)
    page = Paginator(patrols, 25).get_page(request.GET.get("page"))
    can_record = patrol_grids_for_user(request.user, record=True).exists()
    return render(request, "followups/patrols.html", {"page": page, "can_record": can_record})


@login_required
@require_http_methods(["GET", "POST"])
def patrol_new(request):
    grids = patrol_grids_for_user(request.user, record=True).order_by("code")
    if not grids.exists():
        raise PermissionDenied

    compounds = Compound.objects.filter(grid__in=grids).order_by("code")
    data = request.POST if request.method == "POST" else None
    form = PatrolForm(data, grids=grids, staff=staff_for_grids(grids))
    signs = SignFormSet(data, prefix="signs", form_kwargs={"compounds": compounds})
    if request.method == "POST" and form.is_valid() and signs.is_valid():
        cleaned = form.cleaned_data
        try:
            patrol = patrol_record(
                actor=request.user,
                data=PatrolInput(
                    grid_id=cleaned["grid"].pk,
                    patrolled_on=cleaned["patrolled_on"],
                    compound_ids=[c.pk for c in cleaned["compounds"]],
                    members=form.members(),
                    notes=cleaned["notes"],
                    signs=[
                        SignInput(
                            description=s["description"],
                            severity=s["severity"],
                            compound_id=s["compound"].pk if s.get("compound") else None,
                            parties=s.get("parties", ""),
                        )
                        for s in signs.cleaned_data
                        if s and s.get("description", "").strip()
                    ],
                ),
            )
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Patrol recorded."))
            return redirect("followups:patrol", patrol_id=patrol.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "followups/patrol_new.html", {"form": form, "signs": signs}, status=status
    )


@login_required
def patrol_detail(request, patrol_id: int):
    patrol = patrol_get_for_user(user=request.user, patrol_id=patrol_id)
    can_record = patrol_grids_for_user(request.user, record=True).filter(pk=patrol.grid_id).exists()
    return render(
        request,
        "followups/patrol.html",
        {
            "patrol": patrol,
            "members": patrol.members.all(),
            "compounds": patrol.compounds.order_by("code"),
            "signs": selectors.signs_for_patrol(patrol),
            "can_record": can_record,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def sign_to_case(request, sign_id: int):
    sign = EarlySign.objects.filter(pk=sign_id).select_related("patrol", "compound").first()
    if sign is None:
        from django.http import Http404

        raise Http404
    patrol = patrol_get_for_user(user=request.user, patrol_id=sign.patrol_id, record=True)
    if sign.case_id:
        messages.info(request, _("This early sign is already a case."))
        return redirect("cases:detail", case_id=sign.case_id)
    if request.method == "POST":
        form = SignToCaseForm(request.POST)
        if form.is_valid():
            try:
                case = early_sign_to_case(sign_id=sign.pk, actor=request.user, **form.cleaned_data)
            except Refused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(
                    request, _("Registered as case %(ref)s.") % {"ref": case.reference}
                )
                return redirect("cases:detail", case_id=case.pk)
    else:
        form = SignToCaseForm(initial={"title": sign.description[:60]})
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "followups/sign_to_case.html",
        {"form": form, "sign": sign, "patrol": patrol},
        status=status,
    )
