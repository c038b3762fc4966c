"""What every reference import shares: all-or-nothing in one transaction, every bad row
reported with its line and reason, and a count of what changed (nothing, the second time)."""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from core.spreadsheets import Limits

from .reader import Column, ImportFileError, Row, read_rows

# Imports of reference data queue behind one another: two at once could both create the same
# street; the second then fails on the unique code instead of updating it.
ADVISORY_LOCK = 7_310_112


@dataclass(frozen=True)
class RowError:
    line: int
    message: str
    column: str = ""

    def __str__(self) -> str:
        where = _("line %(line)d") % {"line": self.line}
        if self.column:
            return f"{where}, {self.column}: {self.message}"
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error

    @property
    def changed(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())

    def summary(self) -> str:
        if self.file_error:
            return self.file_error
        if self.errors:
            return _("%(n)d of %(rows)d rows have errors; nothing was imported.") % {
                "n": len({e.line for e in self.errors}),
                "rows": self.rows,
            }
        parts = [f"{label} +{n}" for label, n in sorted(self.created.items())]
        parts += [f"{label} ~{n}" for label, n in sorted(self.updated.items())]
        detail = ", ".join(parts) if parts else _("no changes")
        if self.dry_run:
            return _("%(rows)d rows checked, all valid (nothing saved): %(detail)s.") % {
                "rows": self.rows,
                "detail": detail,
            }
        return _("%(rows)d rows imported: %(detail)s.") % {"rows": self.rows, "detail": detail}


class RowInvalid(Exception):
    """Raised inside an importer's row handler: the row is reported and skipped."""

    def __init__(self, message: str, column: Column | None = None):
        super().__init__(message)
        self.message = message
        self.column = column


class Importer:
    """Subclasses list their COLUMNS and the LIMITS of their files (docs/import.md) and
    handle one row at a time in `import_row`, calling `save` for each object; `run` does the
    rest."""

    kind = ""
    COLUMNS: list[Column] = []
    LIMITS: Limits

    def __init__(self):
        self.result = ImportResult(kind=self.kind)

    def prepare(self, rows: list[Row]) -> None:
        """Load what the rows refer to in a few queries, before the first row."""

    def import_row(self, row: Row) -> None:
        raise NotImplementedError

    def run(
        self, data: bytes, *, dry_run: bool = False, limits: Limits | None = None
    ) -> ImportResult:
        """`limits` replaces the page's LIMITS (the import command allows longer files)."""
        self.result.dry_run = dry_run
        try:
            rows = read_rows(data, self.COLUMNS, limits or self.LIMITS)
        except ImportFileError as exc:
            self.result.file_error = exc.message
            return self.result
        self.result.rows = len(rows)
        try:
            with transaction.atomic():
                _lock()
                self.prepare(rows)
                for row in rows:
                    try:
                        self.import_row(row)
                    except RowInvalid as exc:
                        column = exc.column.label if exc.column else ""
                        self.result.errors.append(RowError(row.line, exc.message, column))
                if not self.result.ok or dry_run:
                    transaction.set_rollback(True)
        except DatabaseError as exc:
            # Validation runs before every write, so this is a concurrent change or a bug:
            # the transaction is gone either way, and nothing was saved.
            self.result.file_error = _(
                "The database refused the import (%(error)s); nothing was saved."
            ) % {"error": exc}
        if not self.result.ok:
            self.result.created.clear()
            self.result.updated.clear()
        return self.result

    # Helpers for the row handlers ------------------------------------------------------

    def save(self, obj: Model, *, changed_fields: list[str] | None, exclude_validation=()) -> None:
        """Validate and save `obj` if it is new or `changed_fields` is non-empty; a validation
        error becomes the row's error, with the column it came from."""
        is_new = obj._state.adding
        if not is_new and not changed_fields:
            return
        try:
            obj.full_clean(
                exclude=list(exclude_validation), validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            raise RowInvalid(self._validation_text(exc)) from None
        obj.save()
        counter = self.result.created if is_new else self.result.updated
        counter[str(obj._meta.verbose_name_plural)] += 1

    def _validation_text(self, exc: ValidationError) -> str:
        if hasattr(exc, "error_dict"):
            texts = []
            for name, errors in exc.message_dict.items():
                label = self.field_labels.get(name, name)
                texts.append(
                    f"{label}: {' '.join(errors)}" if name != "__all__" else " ".join(errors)
                )
            return "; ".join(texts)
        return " ".join(exc.messages)

    # model field name → the column label it was read from (for messages)
    field_labels: dict[str, str] = {}


def assign(obj: Model, values: dict) -> list[str]:
    """Set the values that differ; return the names of the fields that changed. Empty values
    leave the stored ones alone (an optional column left blank means "no change")."""
    changed = []
    for name, value in values.items():
        if value in ("", None) and not obj._state.adding:
            continue
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])
