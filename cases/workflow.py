"""The case workflow as data plus one guard.

This module is pure: no database, no request. The services (cases.services.moves) call
`check_move` under a row lock before they write; the templates and the API read
`allowed_moves` to show only the actions the user may take. Both read the same table.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.errors import Refused


class Channel(models.TextChoices):
    WEB = "web", _("web form")
    HOTLINE = "hotline", _("hotline")
    WALK_IN = "walk_in", _("walk-in")
    WECHAT = "wechat", _("WeChat")
    REFERRAL = "referral", _("partner referral")
    PATROL = "patrol", _("screening patrol")


class Tier(models.TextChoices):
    GRID = "grid", _("grid team")
    SPECIALIST = "specialist", _("specialist team")
    JOINT_CENTRE = "joint_centre", _("joint mediation centre")


TIER_ORDER = (Tier.GRID, Tier.SPECIALIST, Tier.JOINT_CENTRE)


def next_tier(tier: str) -> Tier | None:
    """The tier a case escalates to, or None at the joint centre (it is referred on instead)."""
    index = TIER_ORDER.index(Tier(tier))
    return TIER_ORDER[index + 1] if index + 1 < len(TIER_ORDER) else None


class Status(models.TextChoices):
    REGISTERED = "registered", _("registered")
    IN_MEDIATION = "in_mediation", _("in mediation")
    SETTLED = "settled", _("settled")
    REFERRED = "referred", _("referred on")
    WITHDRAWN = "withdrawn", _("withdrawn")
    DECLINED = "declined", _("declined")
    CLOSED = "closed", _("closed")


# Open cases run against the 30-day deadline; the others are concluded.
OPEN_STATUSES = frozenset({Status.REGISTERED, Status.IN_MEDIATION})
# Work (sessions, evidence, opinions, ...) may be recorded until the case is closed: a settled
# or referred case still gathers its papers. A closed case must be reopened first.
WORK_STATUSES = OPEN_STATUSES | {Status.SETTLED, Status.REFERRED}


class Capability(models.TextChoices):
    """What a user may do on a case, as decided by cases.access for one user and one case."""

    VIEW = "view", _("view")
    WORK = "work", _("work the case")
    LEAD = "lead", _("lead the team")
    REVEAL = "reveal", _("see personal numbers")
    APPLICANT = "applicant", _("the applicant")


TEXT_FIELDS = {
    "reason": _("Reason"),
    "summary": _("What was agreed"),
    "note": _("Note (optional)"),
}


@dataclass(frozen=True)
class Move:
    name: str
    label: str
    sources: frozenset
    target: Status
    needs: frozenset  # any one of these capabilities suffices
    needs_reason: bool = False
    changes_tier: bool = False
    danger: bool = False
    # refused while a final agreement awaits the parties' signatures: their signing settles
    # the case (agreements.services.agreement_record_signing), not the move by hand
    not_while_signing: bool = False
    # What the move's service takes besides the case, the actor and the version, under the
    # names the page's form and the API post: "reason" (why), "summary" (what was agreed),
    # "note" (an optional remark), the referral's target and body.
    fields: tuple = ("reason",)
    service: str = ""  # "module.function", called by cases.services.moves.case_move

    @property
    def text(self) -> str:
        """The move's one text field ("reason", "summary" or "note"), "" if it has none."""
        return next((f for f in self.fields if f in TEXT_FIELDS), "")

    @property
    def text_label(self):
        return TEXT_FIELDS.get(self.text, "")


def _move(name, label, sources, target, needs, **flags) -> Move:
    """A move whose service is cases.services.moves.case_<name>, taking `fields` (the posted
    fields of the page's form and the API, by their meaning) and the case's version."""
    flags.setdefault("fields", ("reason",))
    flags.setdefault("service", f"cases.services.moves.case_{name}")
    return Move(name, label, frozenset(sources), target, frozenset(needs), **flags)


W, A = Capability.WORK, Capability.APPLICANT
S = Status
MOVES: dict[str, Move] = {
    m.name: m
    for m in (
        _move("accept", _("Accept"), [S.REGISTERED], S.IN_MEDIATION, [W], fields=()),
        _move(
            "decline", _("Decline"), [S.REGISTERED], S.DECLINED, [W], needs_reason=True, danger=True
        ),
        _move(
            "escalate",
            _("Escalate to the next tier"),
            [S.IN_MEDIATION],
            S.IN_MEDIATION,
            [W],
            needs_reason=True,
            changes_tier=True,
        ),
        _move(
            "settle",
            _("Record settlement"),
            [S.IN_MEDIATION],
            S.SETTLED,
            [W],
            needs_reason=True,
            not_while_signing=True,
            fields=("summary",),
        ),
        _move(
            "refer",
            _("Not settled: refer on"),
            [S.IN_MEDIATION],
            S.REFERRED,
            [W],
            needs_reason=True,
            fields=("reason", "referral_target", "referral_body"),
        ),
        _move(
            "withdraw",
            _("Withdraw"),
            [S.REGISTERED, S.IN_MEDIATION],
            S.WITHDRAWN,
            [W, A],
            needs_reason=True,
            danger=True,
        ),
        _move(
            "close", _("Close the case"), [S.SETTLED, S.REFERRED], S.CLOSED, [W], fields=("note",)
        ),
        _move(
            "reopen",
            _("Reopen (rebound)"),
            [S.SETTLED, S.CLOSED],
            S.IN_MEDIATION,
            [W],
            needs_reason=True,
            danger=True,
        ),
    )
}
del W, A, S


@dataclass(frozen=True)
class CaseState:
    status: str
    tier: str
    awaiting_signatures: bool = False  # a final agreement, not yet signed


def check_move(name: str, state: CaseState, capabilities: set[str] | frozenset[str]) -> Move:
    """The one guard: returns the move if it may happen, raises Refused if not."""
    move = MOVES.get(name)
    if move is None:
        raise Refused("illegal", _("There is no such action."))
    if state.status not in move.sources:
        raise Refused(
            "illegal",
            _("“%(move)s” is not possible while the case is %(status)s.")
            % {"move": move.label, "status": Status(state.status).label},
        )
    if move.changes_tier and next_tier(state.tier) is None:
        raise Refused(
            "illegal",
            _("The joint mediation centre is the last tier: refer the case on instead."),
        )
    if not move.needs & set(capabilities):
        raise Refused("forbidden", _("You may not do this on this case."))
    if move.not_while_signing and state.awaiting_signatures:
        raise Refused(
            "illegal",
            _(
                "The agreement awaits the parties' signatures: the case is settled when "
                "the signing is recorded on the agreement."
            ),
        )
    return move


def allowed_moves(state: CaseState, capabilities: set[str] | frozenset[str]) -> list[Move]:
    allowed = []
    for name in MOVES:
        try:
            allowed.append(check_move(name, state, capabilities))
        except Refused:
            continue
    return allowed
