"""Fast inserts for generated data (seed_demo --cases N): PostgreSQL's COPY where available,
bulk_create elsewhere. Rows are dicts keyed by field attname; ids are assigned by the caller,
and sequences are reset afterwards."""

import datetime
import io
import json
from collections import defaultdict

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
