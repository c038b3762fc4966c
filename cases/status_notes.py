"""Words other apps add to a case's status wherever the status is shown. A case settled by an
agreement whose obligations are not being performed must not read a plain 调解成功: the
follow-ups app registers "obligation missed" (履行异常) here, and the case page, the desk and
the follow-up overview print it next to the status. The cases app knows nothing of
performance; it only asks every registered note about the rows it shows.

Register from AppConfig.ready(). A note's `applies` takes the expression of the case's id in
the outer query (OuterRef("pk") on a list of cases, OuterRef("agreement__case") on a list of
obligations) and gives a boolean expression: the lists annotate it (no query of its own) and
the case page asks it with its presence query."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet


@dataclass(frozen=True)
class StatusNote:
    name: str
    label: str
    applies: Callable  # (case id expression) -> boolean expression


_NOTES: dict[str, StatusNote] = {}


def register(note: StatusNote) -> None:
    _NOTES[note.name] = note


def _key(note: StatusNote) -> str:
    return f"note_{note.name}"


def annotate(queryset: QuerySet, case_ref: str = "pk") -> QuerySet:
    """Every note as a column of the list's rows (case_ref: the case's id seen from a row)."""
    if not _NOTES:
        return queryset
    return queryset.annotate(**{_key(n): n.applies(OuterRef(case_ref)) for n in _NOTES.values()})


def presence_checks() -> dict:
    """The notes as checks of the case page's presence query (cases.selectors)."""
    return {_key(n): (lambda n=n: n.applies(OuterRef("pk"))) for n in _NOTES.values()}


def notes_of(obj) -> list[StatusNote]:
    """The notes that apply to a row annotated by `annotate`, or to a case whose page asked the
    presence query (case.present)."""
    present = getattr(obj, "present", None) or {}
    return [
        n for n in _NOTES.values() if getattr(obj, _key(n), None) or present.get(_key(n), False)
    ]
