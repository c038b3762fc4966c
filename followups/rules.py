"""The rules of obligation tracking as data (pure: no database), read by the service that
enforces them and by the pages that offer only what is possible."""

from agreements.models import Obligation

S = Obligation.Status

# What a mediator may record from each status. Pending → due is the schedule's, not a person's.
RECORDABLE: dict[str, frozenset[str]] = {
    S.PENDING: frozenset({S.PERFORMED, S.PARTLY_PERFORMED}),
    S.DUE: frozenset({S.PERFORMED, S.PARTLY_PERFORMED, S.BREACHED}),
    # A further instalment of a partial payment, the rest, or a default on the rest.
    S.PARTLY_PERFORMED: frozenset({S.PERFORMED, S.PARTLY_PERFORMED, S.BREACHED}),
    # Performed late after all: the record keeps the breach that came first.
    S.BREACHED: frozenset({S.PERFORMED, S.PARTLY_PERFORMED}),
    S.PERFORMED: frozenset(),
}

# Open obligations still count for reminders and the overdue lists.
UNSETTLED = frozenset({S.PENDING, S.DUE, S.PARTLY_PERFORMED})
OVERDUE_STATUSES = frozenset({S.DUE, S.PARTLY_PERFORMED})
# Evidence (a receipt, a photo of the repair) is required to say something was performed.
NEEDS_EVIDENCE = frozenset({S.PERFORMED, S.PARTLY_PERFORMED})


def recordable(status: str) -> list[str]:
    """The statuses a mediator may record next, in the order the form offers them."""
    allowed = RECORDABLE.get(status, frozenset())
    return [s for s in (S.PERFORMED, S.PARTLY_PERFORMED, S.BREACHED) if s in allowed]
