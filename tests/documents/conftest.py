import pytest

from tests.factories.agreements import case_in_mediation


@pytest.fixture(autouse=True)
def _private_files(private_storage):
    """Rendered and uploaded files go to a fresh folder per test (tests/conftest.py)."""


@pytest.fixture
def grid_case(town, case):
    return case_in_mediation(case, worker=town.a.grid_worker, mediator=town.a.grid_mediator)
