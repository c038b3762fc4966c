import pytest

from cases.services.invitations import case_invite
from tests.factories.cases import make_working_case
from tests.factories.mediators import ExpertFactory, UserFactory


@pytest.fixture(autouse=True)
def _private_files(private_storage):
    """Uploaded files go to a folder of this test, never into var/ (tests/conftest.py)."""


@pytest.fixture
def expert_user(db):
    user = UserFactory(name="周专家")
    ExpertFactory(user=user, name=user.name)
    return user


@pytest.fixture
def working_case(town):
    return make_working_case(town)


@pytest.fixture
def invited_expert(town, case, expert_user):
    """An expert of the pool invited to `case` (and to nothing else)."""
    case_invite(case_id=case.pk, actor=town.a.grid_worker, user=expert_user, reason="服务质量评估")
    return expert_user


@pytest.fixture
def everyone(personas, invited_expert):
    return {**personas, "invited_expert": invited_expert}
