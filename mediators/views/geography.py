"""Street → grids → compounds, as the organisation sees them."""

from django.contrib.auth.decorators import login_required
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.shortcuts import render

from cases.access import committee_phone_for, compounds_worked_by
from cases.routing import NoTeamError, route_new_case
from grids.selectors import compound_search
from grids.views import street_poster_parts
from mediators import selectors
from mediators.access import org_object_get_for_user, org_scope_for, require_perm
from mediators.models import Team


@login_required
def org_index(request):
    """The streets of the user's jurisdiction with their counts, what routing would have to
    fall back on, and a compound search."""
    require_perm(request.user, "grids.view_street")
    scope = org_scope_for(request.user)
    query = request.GET.get("q", "").strip()
    context = {
        "streets": selectors.streets_overview(scope.streets()),
        "gaps": selectors.routing_gaps(scope.streets()),
        "query": query,
        "results": compound_search(query, within=scope.compounds()) if query else None,
    }
    return render(request, "mediators/org_index.html", context)


@login_required
def street_detail(request, code: str):
    scope = org_scope_for(request.user)
    street = org_object_get_for_user(
        user=request.user,
        perm="grids.view_street",
        queryset=scope.streets().select_related("district"),
        code=code,
    )
    compound_count = street.compounds.count()
    context = {
        "street": street,
        "poster_parts": street_poster_parts(compound_count),
        "teams": selectors.street_teams(street),
        "communities": selectors.street_communities(street),
        "unplaced": selectors.unplaced_compounds(street),
    }
    return render(request, "mediators/street_detail.html", context)


@login_required
def grid_detail(request, code: str):
    scope = org_scope_for(request.user)
    grid = org_object_get_for_user(
        user=request.user,
        perm="grids.view_grid",
        queryset=scope.grids().select_related("community", "street"),
        code=code,
    )
    teams = list(grid.teams.filter(kind=Team.Kind.GRID_TEAM, active=True).order_by("id"))
    context = {
        "grid": grid,
        "compounds": selectors.grid_compounds(grid),
        "teams": [(team, selectors.team_members(team)) for team in teams],
    }
    return render(request, "mediators/grid_detail.html", context)


@login_required
def compound_detail(request, code: str):
    """A compound for staff: its company and every contact (published or not), its owners'
    committee, and where a new case about it would go and why."""
    scope = org_scope_for(request.user)
    compound = org_object_get_for_user(
        user=request.user,
        perm="grids.view_compound",
        queryset=scope.compounds()
        .select_related(
            "street__district", "grid__community", "property_company", "owners_committee"
        )
        .annotate(
            works_here=ExpressionWrapper(
                compounds_worked_by(request.user), output_field=BooleanField()
            )
        ),
        code=code,
    )
    routes = []
    for grade in ("ordinary", "key"):
        try:
            routes.append((grade, route_new_case(compound=compound, grade_level=grade)))
        except NoTeamError:
            routes.append((grade, None))
    contacts = (
        compound.property_company.contacts.filter(Q(compound=compound) | Q(compound__isnull=True))
        .select_related("compound")
        .order_by(F("compound_id").desc(nulls_last=True), "order", "id")
        if compound.property_company
        else []
    )
    committee = getattr(compound, "owners_committee", None)
    context = {
        "compound": compound,
        "committee": committee,
        # unpublished: in full only for those who work the compound's cases
        "committee_phone": committee_phone_for(committee, works_here=compound.works_here)
        if committee
        else "",
        "contacts": contacts,
        "routes": routes,
    }
    return render(request, "mediators/compound_detail.html", context)


@login_required
def company_detail(request, pk: int):
    scope = org_scope_for(request.user)
    company = org_object_get_for_user(
        user=request.user, perm="grids.view_propertycompany", queryset=scope.companies(), pk=pk
    )
    context = {
        "company": company,
        "contacts": company.contacts.select_related("compound"),
        "compounds": scope.compounds()
        .filter(property_company=company)
        .select_related("street", "grid")
        .order_by("code"),
    }
    return render(request, "mediators/company_detail.html", context)
