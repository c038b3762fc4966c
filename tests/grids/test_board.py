"""The public disclosure board (信息公示): anonymous visitors see the compound's people with
only the numbers their owners agreed to publish, and a prominent way to complain."""

import pytest
from django.urls import reverse

from tests.factories.grids import (
    CompoundFactory,
    OwnersCommitteeFactory,
    PropertyCompanyContactFactory,
)
from tests.factories.mediators import MembershipFactory, UserFactory


@pytest.fixture
def board_town(town):
    """Street A's people, some agreeing to publish their numbers and some not."""
    a = town.a
    for user, publish in [
        (a.grid_worker, True),
        (a.grid_mediator, True),
        (a.legal_adviser, False),
        (a.lead, True),
        (a.specialist, False),
        (a.coordinator, True),
    ]:
        user.publish_phone = publish
        user.save()
    company = a.compound.property_company
    company.service_phone = "400-820-1234"
    company.save()
    PropertyCompanyContactFactory(
        company=company, compound=a.compound, name="项目经理甲", phone="13700000001"
    )
    PropertyCompanyContactFactory(
        company=company, compound=None, name="总部客服", phone="13700000002"
    )
    PropertyCompanyContactFactory(
        company=company, compound=a.compound, name="主管乙", phone="13700000003", publish=False
    )
    other = CompoundFactory(grid=a.grid, property_company=company)
    PropertyCompanyContactFactory(
        company=company, compound=other, name="别处经理", phone="13700000004"
    )
    OwnersCommitteeFactory(
        compound=a.compound, chair_name="王主任", contact_phone="13600000001", publish_phone=False
    )
    return town


def test_anonymous_visitors_see_only_published_numbers(client, board_town):
    a = board_town.a
    response = client.get(reverse("grids:board", args=[a.compound.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert a.compound.name in html
    for shown in [a.grid_worker, a.grid_mediator, a.lead, a.legal_adviser, a.specialist]:
        assert shown.name in html  # everyone is named with their role
    for published in [a.grid_worker, a.grid_mediator, a.lead]:
        assert published.phone in html
    for private in [a.legal_adviser, a.specialist, a.partner, a.coordinator]:
        # the coordinator agreed, but the centre is shown by its office, not its people
        assert private.phone not in html
    assert "派出所" in html  # the centre's partners are named by organisation
    # the property company: its hotline, this site's and the head office's published contacts
    assert "400-820-1234" in html
    assert "13700000001" in html and "13700000002" in html
    assert "13700000003" not in html  # not published
    assert "13700000004" not in html  # another compound's site
    # the owners' committee: named, its number not published
    assert "王主任" in html and "13600000001" not in html
    assert a.street.hotline in html


def test_the_board_links_to_the_complaint_form_set_to_this_compound(client, board_town):
    code = board_town.a.compound.code
    html = client.get(reverse("grids:board", args=[code])).content.decode()
    assert f'href="/complaint/new/?compound={code}"' in html


def test_the_board_context_never_carries_an_unpublished_number(client, board_town):
    a = board_town.a
    board = client.get(reverse("grids:board", args=[a.compound.code])).context["board"]
    people = [p for bt in board.grid_teams for p in bt.people] + board.specialist_team.people
    phones = {p.name: p.phone for p in people}
    assert phones[a.legal_adviser.name] == "" and phones[a.specialist.name] == ""
    assert phones[a.grid_worker.name] == a.grid_worker.phone


def test_a_compound_no_grid_team_covers_points_to_the_specialist_team(client, board_town):
    html = client.get(
        reverse("grids:board", args=[board_town.a.uncovered_compound.code])
    ).content.decode()
    assert board_town.a.specialist_team.name in html
    assert board_town.a.grid_worker.name not in html


def test_an_unknown_compound_is_not_found(client, db):
    assert client.get(reverse("grids:board", args=["NOPE"])).status_code == 404


def test_the_board_search_finds_compounds_by_name_or_address(client, town):
    c = town.a.compound
    html = client.get(reverse("grids:board-search"), {"q": c.name}).content.decode()
    assert reverse("grids:board", args=[c.code]) in html
    html = client.get(reverse("grids:board-search"), {"q": c.address}).content.decode()
    assert reverse("grids:board", args=[c.code]) in html
    html = client.get(reverse("grids:board-search"), {"q": "<script>"}).content.decode()
    assert "<script>" not in html.split("</header>")[1].split("<footer")[0].replace(
        "<script src", ""
    )


def test_a_staff_member_on_the_board_sees_the_poster_link(client, board_town):
    a = board_town.a
    url = reverse("grids:board", args=[a.compound.code])
    assert reverse("grids:poster", args=[a.compound.code]) not in client.get(url).content.decode()
    client.force_login(a.grid_worker)
    assert reverse("grids:poster", args=[a.compound.code]) in client.get(url).content.decode()


def test_the_board_costs_a_fixed_number_of_queries(client, board_town, django_assert_num_queries):
    url = reverse("grids:board", args=[board_town.a.compound.code])

    def count():
        # the compound with its street, grid, company and committee; the teams serving it;
        # their grids; their members; the company's published contacts
        with django_assert_num_queries(5):
            assert client.get(url).status_code == 200

    count()
    for _ in range(4):
        MembershipFactory(team=board_town.a.grid_team, user=UserFactory(publish_phone=True))
        PropertyCompanyContactFactory(company=board_town.a.compound.property_company)
    count()


def test_the_search_page_costs_one_query(client, town, django_assert_num_queries):
    for i in range(5):
        CompoundFactory(name=f"阳光{i}花园")
    with django_assert_num_queries(1):  # the compounds with their streets and companies
        client.get(reverse("grids:board-search"), {"q": "阳光"})
