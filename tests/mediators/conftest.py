import pytest

from tests.factories.mediators import UserFactory


@pytest.fixture
def outsider(db):
    """Signed in, but holds no role anywhere: no group, no permission."""
    return UserFactory()
