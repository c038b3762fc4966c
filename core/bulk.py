"""Fast inserts for generated data (seed_demo --cases N): PostgreSQL's COPY where available,
bulk_create elsewhere. Rows are dicts keyed by field attname; ids are assigned by the caller,
and sequences are reset afterwards."""

import datetime
import io
import json
from collections import defaultdict
from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import connection, models


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _json(value) -> str:
    return _quoted(json.dumps(value, ensure_ascii=False))


# By exact type, most frequent first: this runs tens of millions of times in a million-case seed.
_CSV = {
    str: _quoted,
    int: str,
    type(None): lambda _v: "",  # unquoted empty = NULL in PostgreSQL's CSV format
    datetime.datetime: datetime.datetime.isoformat,
    datetime.date: datetime.date.isoformat,
    bool: lambda v: "t" if v else "f",
    float: str,
    dict: _json,
    list: _json,
}


def _csv_value(value) -> str:
    convert = _CSV.get(type(value))
    return convert(value) if convert else _quoted(str(value))


class BulkWriter:
    """Buffers rows per model and flushes them in large batches."""

    def __init__(self, batch_size: int = 20000):
        self.batch_size = batch_size
        self.buffers: dict[type[models.Model], list[dict]] = defaultdict(list)
        self.counts: dict[str, int] = defaultdict(int)
        self.is_postgres = connection.vendor == "postgresql"

    def add(self, model: type[models.Model], row: dict) -> None:
        buffer = self.buffers[model]
        buffer.append(row)
        if len(buffer) >= self.batch_size:
            self.flush(model)

    def flush(self, model: type[models.Model] | None = None) -> None:
        for m in [model] if model else list(self.buffers):
            rows = self.buffers[m]
            if not rows:
                continue
            if self.is_postgres:
                self._copy(m, rows)
            else:
                m.objects.bulk_create([m(**row) for row in rows], batch_size=500)
            self.counts[m._meta.label] += len(rows)
            self.buffers[m] = []

    def _copy(self, model: type[models.Model], rows: list[dict]) -> None:
        fields = [f for f in model._meta.concrete_fields if f.attname in rows[0]]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        buffer = io.StringIO()
        for row in rows:
            buffer.write(",".join(_csv_value(row[f.attname]) for f in fields))
            buffer.write("\n")
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                f"COPY {model._meta.db_table} ({columns}) FROM STDIN WITH (FORMAT csv)"
            ) as copy,
        ):
            copy.write(buffer.getvalue())

    def close(self, *models_to_reset: type[models.Model]) -> None:
        self.flush()
        reset_sequences(*models_to_reset)


def reset_sequences(*model_classes: type[models.Model]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_classes))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def next_id(model: type[models.Model]) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


@contextmanager
def foreign_keys_checked_at_the_end():
    """Inside a transaction on PostgreSQL: drop the foreign keys of our tables, and add them
    back at the end, which checks every row against its parent in one join per key.

    Django's foreign keys are deferred: each row COPY writes queues a check that PostgreSQL
    runs, one lookup at a time, at COMMIT. For a million cases that is some thirty million
    lookups, minutes of the seed. Adding a key back checks the same rows with one anti-join,
    and a row without its parent still fails the seed (IntegrityError), as at COMMIT. The
    drops and adds are part of the transaction: nothing is left changed if the seed fails.
    Elsewhere (SQLite) the keys stay as they are.
    """
    if connection.vendor != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("foreign_keys_checked_at_the_end() needs a transaction")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace "
            "ORDER BY conrelid::regclass::text, conname"
        )
        keys = cursor.fetchall()
        for table, name, _definition in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {_quoted(name)}")
    yield
    with connection.cursor() as cursor:
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {_quoted(name)} {definition}")
