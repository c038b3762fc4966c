import io
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import Workbook

EXAMPLES = Path(settings.BASE_DIR) / "docs" / "examples"


def example(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


def as_xlsx(csv_bytes: bytes, *, numbers: bool = True) -> bytes:
    """The same sheet as Excel would save it: numeric-looking cells become numbers."""
    import csv

    rows = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"))))
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(
            [
                int(v) if numbers and v.isdigit() and not v.startswith("0") and len(v) < 12 else v
                for v in row
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def snapshot(db):
    """Every row of every reference table, to show that an import changed nothing."""
    from django.apps import apps

    def take():
        labels = [
            "grids.District",
            "grids.Street",
            "grids.Community",
            "grids.Grid",
            "grids.Compound",
            "grids.PropertyCompany",
            "grids.OwnersCommittee",
            "mediators.Team",
            "mediators.Membership",
            "mediators.User",
        ]
        return {
            label: sorted(map(repr, apps.get_model(label).objects.values())) for label in labels
        }

    return take


@pytest.fixture
def outsider(db):
    """Signed in, but holds no role anywhere: no group, no permission."""
    from tests.factories.mediators import UserFactory

    return UserFactory()
