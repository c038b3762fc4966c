import pytest


@pytest.fixture(autouse=True)
def _private_files(private_storage):
    """Rendered and uploaded files go to a fresh folder per test (tests/conftest.py)."""
