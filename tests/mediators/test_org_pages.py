"""The /org/ pages: who may open which, what they show, and how many queries they cost."""

import pytest
from django.urls import reverse

from cases.services.assignment import case_assign
from mediators.models import Team
from tests.conftest import build_street
from tests.factories.cases import make_case
from tests.factories.grids import CompoundFactory, PropertyCompanyContactFactory
from tests.factories.mediators import (
    ExpertFactory,
    MediatorProfileFactory,
    TrainingRecordFactory,
)


def pages(town):
    a = town.a
    return [
        reverse("mediators:index"),
        reverse("mediators:street", args=[a.street.code]),
        reverse("mediators:grid", args=[a.grid.code]),
        reverse("mediators:compound", args=[a.compound.code]),
        reverse("mediators:company", args=[a.compound.property_company_id]),
        reverse("mediators:team", args=[a.specialist_team.pk]),
        reverse("mediators:people"),
        reverse("mediators:person", args=[a.grid_mediator.pk]),
        reverse("mediators:experts"),
        reverse("mediators:duty"),
    ]


def test_anonymous_visitors_are_sent_to_log_in(client, town):
    for url in pages(town):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "persona", ["grid_mediator", "lead", "coordinator", "partner", "supervisor"]
)
def test_everyone_with_a_role_in_the_street_opens_every_page(client, town, persona):
    client.force_login(getattr(town.a, persona))
    for url in pages(town):
        assert client.get(url).status_code == 200, url


def test_a_user_without_any_role_is_refused(client, town, outsider):
    client.force_login(outsider)
    for url in pages(town):
        assert client.get(url).status_code == 403, url


def test_another_streets_supervisor_finds_nothing_of_this_street(client, town):
    client.force_login(town.b.supervisor)
    a = town.a
    for url in [*pages(town)[1:6], reverse("mediators:person", args=[a.grid_mediator.pk])]:
        assert client.get(url).status_code == 404, url
    index = client.get(reverse("mediators:index")).content.decode()
    assert town.b.street.name in index
    assert a.street.name not in index


def test_the_district_supervisor_sees_both_streets(client, town):
    client.force_login(town.district_supervisor)
    html = client.get(reverse("mediators:index")).content.decode()
    assert town.a.street.name in html and town.b.street.name in html
    assert client.get(reverse("mediators:team", args=[town.b.centre.pk])).status_code == 200


def test_a_district_joint_centre_is_seen_from_each_street_of_its_district(client, town):
    centre = Team.objects.create(
        kind=Team.Kind.JOINT_CENTRE, name="区矛盾调解中心", district=town.a.street.district
    )
    client.force_login(town.a.grid_mediator)
    assert client.get(reverse("mediators:team", args=[centre.pk])).status_code == 200


def test_the_index_searches_compounds_of_my_jurisdiction_only(client, town):
    client.force_login(town.a.lead)
    html = client.get(reverse("mediators:index"), {"q": town.a.compound.name}).content.decode()
    assert reverse("mediators:compound", args=[town.a.compound.code]) in html
    html = client.get(reverse("mediators:index"), {"q": town.b.compound.name}).content.decode()
    assert reverse("mediators:compound", args=[town.b.compound.code]) not in html


def test_the_index_lists_routing_gaps(client, town):
    client.force_login(town.a.lead)
    response = client.get(reverse("mediators:index"))
    gaps = response.context["gaps"]
    assert town.a.uncovered_grid in gaps.grids_without_team
    assert town.a.uncovered_grid.name in response.content.decode()


def test_the_team_page_shows_members_roles_and_workload(client, town, case):
    case_assign(case_id=case.pk, actor=town.a.grid_worker, user=town.a.grid_mediator)
    client.force_login(town.a.lead)
    response = client.get(reverse("mediators:team", args=[town.a.grid_team.pk]))
    members = {m.user: m for m in response.context["members"]}
    assert members[town.a.grid_mediator].open_cases == 1
    assert members[town.a.grid_worker].open_cases == 0
    html = response.content.decode()
    assert town.a.grid_mediator.name in html and "人民调解员" in html
    assert town.a.grid_mediator.phone in html  # staff see colleagues' numbers


def test_the_compound_page_says_where_a_new_case_would_go(client, town):
    PropertyCompanyContactFactory(
        company=town.a.compound.property_company, compound=town.a.compound, publish=False
    )
    client.force_login(town.a.lead)
    response = client.get(reverse("mediators:compound", args=[town.a.compound.code]))
    routes = dict(response.context["routes"])
    assert routes["ordinary"].team == town.a.grid_team
    assert routes["key"].team == town.a.specialist_team
    html = response.content.decode()
    assert routes["ordinary"].reason in html
    assert "不公开" in html or "not published" in html


def _workload_town(town):
    """Cases assigned to several people, so workload counts are real numbers."""
    for _ in range(2):
        case = make_case(compound=town.a.compound, registered_by=town.a.grid_worker)
        case_assign(case_id=case.pk, actor=town.a.grid_worker, user=town.a.grid_mediator)
    case = make_case(compound=town.a.uncovered_compound)
    case_assign(case_id=case.pk, actor=town.a.lead, user=town.a.specialist)
    ExpertFactory(district=town.a.street.district)
    ExpertFactory(district=None)
    profile = MediatorProfileFactory(user=town.a.specialist)
    TrainingRecordFactory(user=town.a.specialist, hours=6)
    TrainingRecordFactory(user=town.a.specialist, hours=2)
    return profile


def test_the_mediators_list_carries_everyones_open_cases(client, town):
    _workload_town(town)
    client.force_login(town.a.lead)
    response = client.get(reverse("mediators:people"))
    people = {p: p.open_cases for p in response.context["page"].object_list}
    assert people[town.a.grid_mediator] == 2
    assert people[town.a.specialist] == 1
    assert town.b.grid_mediator not in people  # another street


def test_the_mediators_list_filters_by_specialty(client, town):
    from tests.factories.cases import category

    profile = _workload_town(town)
    fees = category("fees")
    profile.specialties.add(fees)
    client.force_login(town.a.lead)
    response = client.get(reverse("mediators:people"), {"specialty": "fees"})
    assert list(response.context["page"].object_list) == [town.a.specialist]


def test_a_person_page_shows_profile_training_and_workload(client, town):
    _workload_town(town)
    client.force_login(town.a.lead)
    response = client.get(reverse("mediators:person", args=[town.a.specialist.pk]))
    p = response.context["p"]
    assert p.open_cases == 1
    assert p.open_by_tier == {"specialist": 1}
    assert p.training_hours == 8
    assert len(p.training) == 2


# --- query counts: the same however long the lists are ---------------------------------


def _grow(town):
    """More of everything in street A's district, so a list that queried per row would show."""
    extra = build_street(district=town.a.street.district)
    for _ in range(3):
        CompoundFactory(grid=town.a.grid)
    return extra


def _count(django_assert_num_queries, client, url, expected):
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


# Every page pays the same five queries before its own: the session, the user, the unread
# notifications badge of the menu, the user's permissions and their groups' permissions (the
# role question of mediators.access).
BASE = 5


@pytest.mark.parametrize(
    "name, own",
    [
        # memberships (scope) + jurisdictions + expert profile + streets of the district,
        # the streets with their counts, the gaps: streets without a specialist team, grids
        # without a team, the number of unplaced compounds
        ("index", 8),
        # scope (4) + the street + the number of its compounds (for the poster PDFs) + its
        # teams + communities + their grids + the grids' teams + the compounds in no grid
        ("street", 11),
        # scope (4) + the grid + its compounds + its grid teams + their members
        ("grid", 8),
        # the categories of the filter + scope (4) + the mediators' count for the paginator +
        # the mediators with their workload + their memberships + their specialties
        ("people", 9),
        # scope: memberships, jurisdictions, expert profile (a district's experts need no
        # streets) + the experts' count for the paginator + the experts
        ("experts", 5),
        # scope (4) + the team + its members with their workload + its grids + who of it is
        # on duty now
        ("team", 8),
        # scope (4) + the company + its contacts + the compounds it serves here
        ("company", 7),
    ],
)
def test_list_pages_cost_a_fixed_number_of_queries(
    client, town, django_assert_num_queries, name, own
):
    _workload_town(town)
    client.force_login(town.district_supervisor)
    a = town.a
    url = {
        "index": reverse("mediators:index"),
        "street": reverse("mediators:street", args=[a.street.code]),
        "grid": reverse("mediators:grid", args=[a.grid.code]),
        "people": reverse("mediators:people"),
        "experts": reverse("mediators:experts"),
        "team": reverse("mediators:team", args=[a.grid_team.pk]),
        "company": reverse("mediators:company", args=[a.compound.property_company_id]),
    }[name]
    _count(django_assert_num_queries, client, url, BASE + own)
    _grow(town)
    client.force_login(town.district_supervisor)
    _count(django_assert_num_queries, client, url, BASE + own)
