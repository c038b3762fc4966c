"""The browsable API draws no forms (issue 19, item 1): DRF's POST form of a case's contacts
offered every party of every case by name and id, the raw data form and the filter form their
own choices. The HTML page keeps the response, and nothing else."""

import pytest
from django.test import Client

from cases.services.moves import case_accept
from tests.factories.cases import make_case


@pytest.fixture
def worked(town):
    """A case of street A its grid mediator works, and a case of street B."""
    mine = make_case(compound=town.a.compound, registered_by=town.a.grid_worker)
    case_accept(case_id=mine.pk, actor=town.a.grid_worker)
    other = make_case(
        compound=town.b.compound,
        registered_by=town.b.grid_worker,
        applicant_name="欧阳明远",
        applicant_mobile="13600002222",
    )
    return mine, other


def html(client, url):
    response = client.get(url, HTTP_ACCEPT="text/html")
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "contacts/",
        "parties/",
        "groups/",
        "assessments/",
        "sessions/",
        "links/",
    ],
)
def test_it_renders_no_form_on_a_case_endpoint(town, worked, path):
    mine, other = worked
    client = Client()
    client.force_login(town.a.grid_mediator)
    page = html(client, f"/api/cases/{mine.pk}/{path}")
    assert 'method="POST"' not in page and "data-method" not in page
    assert "raw-tab" not in page and "<select" not in page
    other_party = other.parties.get(side="applicant", is_filer=True)
    assert other_party.name not in page and "2222" not in page
    assert f'value="{other_party.pk}"' not in page


@pytest.mark.parametrize("url", ["/api/cases/", "/api/agreements/", "/api/documents/"])
def test_it_renders_no_filter_form_on_a_list(town, worked, url):
    _mine, other = worked
    client = Client()
    client.force_login(town.a.grid_mediator)
    page = html(client, url)
    assert "<select" not in page and 'method="POST"' not in page
    assert other.reference not in page


def test_json_stays_the_default(town, worked):
    client = Client()
    client.force_login(town.a.grid_mediator)
    response = client.get("/api/cases/")
    assert response["Content-Type"] == "application/json"
