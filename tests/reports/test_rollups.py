"""The monthly roll-ups: counting a month twice stores it once, the job's own number of
queries does not grow with the cases, and every figure has its written definition."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports import figures
from reports.models import CaseMonthRollup, MediatorMonthRollup, RollupMonth, SettleDaysRollup
from reports.services.rollups import rollup_refresh
from reports.tasks import rollups_refresh_recent
from tests.factories.cases import make_case

from .conftest import MARCH, at

pytestmark = pytest.mark.django_db


def _snapshot():
    return sorted(
        CaseMonthRollup.objects.filter(month=MARCH).values_list(
            "compound_id", "category_id", "received", "settled", "open_at_end"
        )
    )


def test_counting_a_month_again_replaces_it(march):
    rollup_refresh(month=MARCH)
    first = _snapshot()
    rollup_refresh(month=MARCH)
    assert _snapshot() == first
    assert RollupMonth.objects.filter(month=MARCH).count() == 1
    assert SettleDaysRollup.objects.filter(month=MARCH).exists()
    assert MediatorMonthRollup.objects.filter(month=MARCH).exists()


def test_the_count_of_a_month_takes_a_fixed_number_of_queries(march):
    rollup_refresh(month=MARCH)  # the first count also creates the month's marker row
    with CaptureQueriesContext(connection) as few:
        rollup_refresh(month=MARCH)
    town = march.town
    for i in range(10):
        with at(f"2026-03-{i + 2:02d}"):
            make_case(compound=town.b.compound, category_code=["noise", "parking"][i % 2])
    with CaptureQueriesContext(connection) as more:
        rollup_refresh(month=MARCH)
    assert len(more) == len(few)


def test_the_recent_months_job_counts_this_month_and_the_last(town):
    assert len(rollups_refresh_recent()) == 2
    assert RollupMonth.objects.filter(refreshed_at__isnull=False).count() == 2


def test_every_figure_is_defined_in_docs_metrics():
    text = (Path(settings.BASE_DIR) / "docs" / "metrics.md").read_text()
    for key in figures.FIGURES:
        assert f"`{key}`" in text, key
