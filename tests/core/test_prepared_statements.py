"""On PostgreSQL a query a connection runs again and again is prepared: planned once per
connection instead of once per request (config/settings/base.py, docs/performance.md)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from cases.models import Case
from tests.factories.cases import make_case

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_a_repeated_query_is_prepared_once_for_every_id(town):
    cases = [make_case(compound=town.a.compound) for _ in range(6)]
    for case in cases:  # the same query with a different id each time, as on the case page
        assert Case.objects.select_related("compound").get(pk=case.pk) == case
    # one statement, the id bound as a parameter: not one per id
    statements = [s for s in _prepared() if 'FROM "cases_case" INNER JOIN "grids_compound"' in s]
    assert len(statements) == 1, _prepared()
    assert '"cases_case"."id" = $1' in statements[0]


def test_prepared_statements_can_be_turned_off_for_a_transaction_pooler():
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['OPTIONS'].get('prepare_threshold'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DB_PREPARE_THRESHOLD": "",
            "DATABASE_URL": "postgres://postgres@127.0.0.1/unused",
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip().splitlines()[-1] == "None", result.stderr
