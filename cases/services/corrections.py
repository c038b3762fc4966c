"""Correcting recorded work: a session, a contact attempt or an interim measure. As for parties
(cases.services.parties.party_correct), the row takes the new values and the record keeps a
correction entry pointing at the entry that recorded the work, with the reason and what each
changed field said before; the original entry stays as it was (the record is append-only).

Who may correct is who may record that work (the WORK capability, through the same guard). A
mistake found after the case is closed is still corrected: the file must be right, and the
correction is itself on the record."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import CaseEvent, ContactAttempt, InterimMeasure, MediationSession
from core.errors import Refused

from .guard import case_lock_for_work, require_text
from .record import event_correct

if TYPE_CHECKING:
    from mediators.models import User

# Fields kept out of every summary: the record entry of a session never carries its note.
PRIVATE = {"private_note"}


@dataclass(frozen=True)
class Correctable:
    model: type[models.Model]
    kind: str  # the kind of the entry that recorded the work
    id_key: str  # where that entry's detail names the row
    fields: dict  # field -> label in the record
    required: frozenset  # text fields that may not be emptied
    missing: Any  # the refusal when the row is not on the case


SESSION = Correctable(
    model=MediationSession,
    kind="session",
    id_key="session_id",
    fields={
        "held_at": gettext_lazy("date and time"),
        "place": gettext_lazy("place"),
        "participants": gettext_lazy("participants"),
        "minutes": gettext_lazy("minutes"),
        "private_note": gettext_lazy("note for the mediators"),
    },
    required=frozenset({"held_at", "place", "participants", "minutes"}),
    missing=gettext_lazy("No such session on this case."),
)
CONTACT = Correctable(
    model=ContactAttempt,
    kind="contact",
    id_key="contact_id",
    fields={
        "party_id": gettext_lazy("party"),
        "method": gettext_lazy("how"),
        "result": gettext_lazy("result"),
        "contacted_at": gettext_lazy("when"),
        "note": gettext_lazy("note"),
    },
    required=frozenset({"method", "result", "contacted_at"}),
    missing=gettext_lazy("No such contact attempt on this case."),
)
MEASURE = Correctable(
    model=InterimMeasure,
    kind="interim_measure",
    id_key="measure_id",
    fields={
        "taken_on": gettext_lazy("date taken"),
        "measure": gettext_lazy("what was done"),
        "responsible": gettext_lazy("who carried it out"),
        "result": gettext_lazy("result"),
    },
    required=frozenset({"taken_on", "measure"}),
    missing=gettext_lazy("No such interim measure on this case."),
)
BY_KIND = {c.kind: c for c in (SESSION, CONTACT, MEASURE)}


def session_correct(*, case_id: int, session_id: int, actor: "User", changes: dict, reason: str):
    """Mode and side are not corrected: they decide who may read the entry, which an
    append-only entry cannot change. A session recorded with the wrong mode is recorded again."""
    return _correct(SESSION, case_id=case_id, row_id=session_id, actor=actor, changes=changes,
                    reason=reason)  # fmt: skip


def contact_correct(*, case_id: int, contact_id: int, actor: "User", changes: dict, reason: str):
    return _correct(CONTACT, case_id=case_id, row_id=contact_id, actor=actor, changes=changes,
                    reason=reason)  # fmt: skip


def interim_measure_correct(
    *, case_id: int, measure_id: int, actor: "User", changes: dict, reason: str
):
    return _correct(MEASURE, case_id=case_id, row_id=measure_id, actor=actor, changes=changes,
                    reason=reason)  # fmt: skip


def _correct(
    what: Correctable, *, case_id: int, row_id: int, actor: "User", changes: dict, reason: str
):
    reason = require_text(reason, _("Say why it is corrected."))
    if set(changes) - set(what.fields):
        raise Refused("invalid", _("These details cannot be corrected here."))
    with transaction.atomic():
        case = case_lock_for_work(case_id=case_id, actor=actor, any_status=True)
        row = what.model.objects.select_for_update().filter(case=case, pk=row_id).first()
        if row is None:
            raise Refused("invalid", str(what.missing))
        changes = _clean(what, case, changes)
        changed = {f: v for f, v in changes.items() if getattr(row, f) != v}
        if not changed:
            raise Refused("invalid", _("Nothing was changed."))
        before = {f: getattr(row, f) for f in changed}
        for name, value in changed.items():
            setattr(row, name, value)
        row.save(update_fields=list(changed))
        original = (
            CaseEvent.objects.filter(
                case=case, kind=what.kind, **{f"detail__{what.id_key}": row.pk}
            )
            .order_by("created_at", "id")
            .first()
        )
        if original is None:  # work recorded before the record named its rows
            raise Refused("illegal", _("The entry that recorded this cannot be found."))
        event_correct(
            original=original,
            actor=actor,
            summary=_summary(what, row, changed, reason),
            reason=reason,
            detail={
                what.id_key: row.pk,
                "fields": list(changed),
                "before": {f: _plain(v) for f, v in before.items()},
                "after": {f: _plain(v) for f, v in changed.items()},
            },
        )
    return row


def _clean(what: Correctable, case, changes: dict) -> dict:
    clean = {}
    for name, value in changes.items():
        if isinstance(value, str):
            value = value.strip()
        if name in what.required and value in ("", None):
            raise Refused(
                "invalid", _("%(field)s cannot be left empty.") % {"field": what.fields[name]}
            )
        clean[name] = value
    if what is CONTACT:
        if "method" in clean and clean["method"] not in ContactAttempt.Method.values:
            raise Refused("invalid", _("Choose how the party was contacted and the result."))
        if "result" in clean and clean["result"] not in ContactAttempt.Result.values:
            raise Refused("invalid", _("Choose how the party was contacted and the result."))
        party_id = clean.get("party_id")
        if party_id and not case.parties.filter(pk=party_id).exists():
            raise Refused("invalid", _("No such party on this case."))
    return clean


def _summary(what: Correctable, row, changed: dict, reason: str) -> str:
    """What the correction says on the record: which fields, why, and their new text (the
    private note is named, never quoted)."""
    labels = "、".join(str(what.fields[f]) for f in changed)
    heading = {
        SESSION.kind: _("Session of %(date)s corrected (%(fields)s): %(reason)s"),
        CONTACT.kind: _("Contact attempt of %(date)s corrected (%(fields)s): %(reason)s"),
        MEASURE.kind: _("Interim measure of %(date)s corrected (%(fields)s): %(reason)s"),
    }[what.kind] % {"date": _day(row), "fields": labels, "reason": reason}
    now = [
        f"{what.fields[f]}: {display_value(what, f, v, row=row)}"
        for f, v in changed.items()
        if f not in PRIVATE
    ]
    return heading + (" " + _("Now:") + " " + "；".join(now) if now else "")


def _day(row) -> str:
    when = getattr(row, "held_at", None) or getattr(row, "contacted_at", None)
    if when is not None:
        return f"{timezone.localtime(when):%Y-%m-%d}"
    return row.taken_on.isoformat()


def _plain(value):
    """JSON for the entry's detail."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def display_value(what: Correctable, name: str, value, *, row=None, party_names=None) -> str:
    """A field's value as people read it: choices by their label, times in local time, a
    party by name (from `party_names` when the caller has the case's parties at hand)."""
    if value in ("", None):
        return "—" if name != "party_id" else _("the parties")
    if name in ("held_at", "contacted_at"):
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if name == "party_id":
        if party_names is None and row is not None:
            party_names = dict(row.case.parties.filter(pk=value).values_list("pk", "name"))
        return (party_names or {}).get(value, "—")
    if name in ("method", "result"):
        choices = dict(what.model._meta.get_field(name).flatchoices)
        return str(choices.get(value, value))
    return str(value)


def corrections_shown(events, rows_by_kind: dict, *, works: bool, party_names: dict) -> None:
    """Hang on each row of the case page (`row.corrected`) its corrections, read from the
    record entries the page has already loaded: when, by whom, why, and what each field said
    before. The private note's earlier text only for those who work the case."""
    rows = {(kind, row.pk): row for kind, items in rows_by_kind.items() for row in items}
    for row in rows.values():
        row.corrected = []
    for event in events:
        what = (
            BY_KIND.get(event.detail.get("corrected_kind")) if event.kind == "correction" else None
        )
        row = rows.get((what.kind, event.detail.get(what.id_key))) if what else None
        if row is None:
            continue
        before = [
            (str(what.fields[f]), display_value(what, f, v, party_names=party_names))
            for f, v in (event.detail.get("before") or {}).items()
            if f in what.fields and (works or f not in PRIVATE)
        ]
        row.corrected.append({"event": event, "reason": event.detail.get("reason", ""),
                              "before": before})  # fmt: skip
