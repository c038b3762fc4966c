"""seed_demo drops the foreign keys while it COPYs and adds them back at the end
(core.bulk.foreign_keys_checked_at_the_end): the keys come back exactly as they were, and a
row without its parent still fails the seed."""

import pytest
from django.db import IntegrityError, connection, transaction

from cases.models import Party
from core.bulk import foreign_keys_checked_at_the_end
from tests.conftest import needs_postgres

pytestmark = [pytest.mark.django_db, needs_postgres]

KEYS = (
    "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
    "WHERE contype = 'f' AND connamespace = 'public'::regnamespace ORDER BY 1, 2"
)


def _keys() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(KEYS)
        return cursor.fetchall()


def test_the_keys_are_gone_inside_and_back_as_they_were_after():
    before = _keys()
    assert len(before) > 50 and any("cases_case" in d for _t, _n, d in before)
    with transaction.atomic(), foreign_keys_checked_at_the_end():
        assert _keys() == []
    assert _keys() == before


def test_a_row_without_its_parent_fails_when_the_keys_come_back():
    before = _keys()
    with pytest.raises(IntegrityError), transaction.atomic(), foreign_keys_checked_at_the_end():
        Party.objects.create(case_id=10**9, side="applicant", name="无此案件")
    assert _keys() == before
    assert not Party.objects.filter(case_id=10**9).exists()
