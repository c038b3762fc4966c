"""field__any_of (core/lookups.py): one array parameter on PostgreSQL, IN elsewhere."""

from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test.utils import CaptureQueriesContext

from cases.models import Case
from tests.factories.cases import make_case


def test_any_of_selects_exactly_the_listed_rows(town):
    a, b, c = (make_case(compound=town.a.compound) for _ in range(3))
    with CaptureQueriesContext(connection) as queries:
        found = set(Case.objects.filter(pk__any_of=[a.pk, c.pk]).values_list("pk", flat=True))
    assert found == {a.pk, c.pk}
    assert '"cases_case"."id" = ANY(' in queries[0]["sql"]
    assert not Case.objects.filter(pk__any_of=[]).exists()
    assert Case.objects.filter(pk__any_of=[str(b.pk)]).get() == b  # ids from a form or a URL


def test_any_of_is_a_plain_in_on_sqlite():
    sqlite = DatabaseWrapper(
        {**connection.settings_dict, "ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
        alias="sqlite-check",
    )
    query = Case.objects.filter(pk__any_of=[3, 1]).query
    sql, params = query.get_compiler(connection=sqlite).as_sql()
    assert '"cases_case"."id" IN (%s, %s)' in sql and params == (3, 1)
    sql, params = Case.objects.filter(pk__any_of=[]).query.get_compiler(connection=sqlite).as_sql()
    assert "1 = 0" in sql
