"""An owners' committee's unpublished number (often the chair's own mobile) is read in full
only by those who work the compound's cases; invited experts and partner organisations see it
masked on /org/compounds/… and in /api/compounds/; a published number is read by all staff."""

import pytest
from django.urls import reverse

from cases.services.invitations import case_invite
from tests.factories.cases import make_case
from tests.factories.grids import CompoundFactory, OwnersCommitteeFactory
from tests.factories.mediators import ExpertFactory, UserFactory

CHAIR = "13912345678"
MASKED = "139****5678"
PUBLISHED = "13800001111"


@pytest.fixture
def committees(town):
    unpublished = OwnersCommitteeFactory(
        compound=town.a.compound, chair_name="王主任", contact_phone=CHAIR
    )
    other = CompoundFactory(grid=town.a.grid)
    published = OwnersCommitteeFactory(compound=other, contact_phone=PUBLISHED, publish_phone=True)
    return unpublished, published


@pytest.fixture
def expert(town):
    """An expert of the district's pool, invited to a case of the compound."""
    user = UserFactory(name="周专家")
    ExpertFactory(user=user, name=user.name, district=town.a.street.district)
    case = make_case(compound=town.a.compound, registered_by=town.a.grid_worker)
    case_invite(case_id=case.pk, actor=town.a.grid_worker, user=user, reason="服务质量评估")
    case_invite(case_id=case.pk, actor=town.a.grid_worker, user=town.a.partner, reason="联调")
    return user


def _api_phones(client) -> dict[str, str]:
    rows = client.get("/api/compounds/").json()["results"]
    return {r["code"]: (r["owners_committee"] or {}).get("contact_phone") for r in rows}


def _page(client, compound) -> str:
    response = client.get(reverse("mediators:compound", args=[compound.code]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["expert", "partner"])
def test_guests_see_the_unpublished_number_masked(client, town, committees, expert, who):
    unpublished, published = committees
    client.force_login(expert if who == "expert" else town.a.partner)
    phones = _api_phones(client)
    assert phones[unpublished.compound.code] == MASKED
    assert phones[published.compound.code] == PUBLISHED  # published: as before, for all staff
    detail = client.get(f"/api/compounds/{unpublished.compound.code}/").json()
    assert detail["owners_committee"]["contact_phone"] == MASKED
    html = _page(client, unpublished.compound)
    assert MASKED in html and CHAIR not in html
    assert PUBLISHED in _page(client, published.compound)


def test_the_grids_mediator_sees_the_number(client, town, committees):
    unpublished, _published = committees
    client.force_login(town.a.grid_mediator)
    assert _api_phones(client)[unpublished.compound.code] == CHAIR
    assert CHAIR in _page(client, unpublished.compound)


def test_the_streets_specialist_team_sees_it_and_a_supervisor_does_not(client, town, committees):
    """The specialist team of street A works every compound of it; a supervisor works none."""
    unpublished, _published = committees
    client.force_login(town.a.lead)
    assert CHAIR in _page(client, unpublished.compound)
    client.force_login(town.a.supervisor)
    assert _api_phones(client)[unpublished.compound.code] == MASKED


def test_the_compound_list_costs_the_same_queries_for_more_compounds(
    client, town, committees, django_assert_max_num_queries
):
    client.force_login(town.a.grid_mediator)
    with django_assert_max_num_queries(9) as captured:
        assert client.get("/api/compounds/").status_code == 200
    before = len(captured.captured_queries)
    for _ in range(5):
        OwnersCommitteeFactory(compound=CompoundFactory(grid=town.a.grid), contact_phone=CHAIR)
    with django_assert_max_num_queries(before) as captured:
        phones = _api_phones(client)
    assert len(phones) >= 7 and list(phones.values()).count(CHAIR) == 6
