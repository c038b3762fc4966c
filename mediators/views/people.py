"""Teams and their members, mediators with their workload, the expert pool."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from cases.models import Category
from mediators import selectors
from mediators.access import can_keep_roster, org_object_get_for_user, org_scope_for, require_perm
from mediators.models import Expert


@login_required
def team_detail(request, pk: int):
    scope = org_scope_for(request.user)
    team = org_object_get_for_user(
        user=request.user,
        perm="mediators.view_team",
        queryset=scope.teams().select_related("street", "district"),
        pk=pk,
    )
    context = {
        "team": team,
        "members": selectors.team_members(team),
        "grids": team.grids.select_related("community").order_by("code"),
        "on_duty": selectors.duty_now(team_ids=[team.pk]),
        "can_keep_roster": can_keep_roster(request.user, team),
    }
    return render(request, "mediators/team_detail.html", context)


@login_required
def mediator_list(request):
    """Mediators of the user's jurisdiction, with what they are good at and how many open
    cases each carries: the basis for choosing who takes the next one."""
    require_perm(request.user, "mediators.view_mediatorprofile")
    scope = org_scope_for(request.user)
    categories = list(Category.objects.filter(active=True))
    category = request.GET.get("specialty", "")
    if category not in {c.code for c in categories}:
        category = ""
    people = selectors.mediators_with_workload(scope.people(), category_code=category)
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "categories": categories,
        "category": category,
        "query": urlencode({"specialty": category}) if category else "",
    }
    return render(request, "mediators/mediator_list.html", context)


@login_required
def person_detail(request, pk: int):
    scope = org_scope_for(request.user)
    person = org_object_get_for_user(
        user=request.user, perm="mediators.view_mediatorprofile", queryset=scope.people(), pk=pk
    )
    return render(request, "mediators/person_detail.html", {"p": selectors.person_profile(person)})


@login_required
def expert_list(request):
    require_perm(request.user, "mediators.view_expert")
    scope = org_scope_for(request.user)
    specialty = request.GET.get("specialty", "")
    if specialty not in Expert.Specialty.values:
        specialty = ""
    available = request.GET.get("available", "")
    if available not in {"yes", "no"}:
        available = ""
    experts = selectors.experts_list(
        scope.experts(),
        specialty=specialty,
        available={"yes": True, "no": False}.get(available),
    )
    page = Paginator(experts, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "specialties": Expert.Specialty.choices,
        "specialty": specialty,
        "available": available,
        "query": urlencode(
            {k: v for k, v in [("specialty", specialty), ("available", available)] if v}
        ),
    }
    return render(request, "mediators/expert_list.html", context)
