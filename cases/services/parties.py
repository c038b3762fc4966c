"""Parties: adding them, correcting them (a correction is a record entry pointing at the entry
that added the party; the party row holds the current values), groups of owners, each owner's
position, importing a group's list from a spreadsheet, and revealing a full number."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import CaseEvent, Party, PartyGroup
from cases.workflow import Capability
from core.errors import Refused
from core.masking import mask_id_number, mask_mobile
from core.validators import normalize_mobile, validate_id_number, validate_mobile
from grids.models import OwnersCommittee, PropertyCompany

from . import member_import
from .guard import case_lock_for_work, require_text
from .record import event_record

if TYPE_CHECKING:
    from mediators.models import User

# What may be corrected on a party, with the label the record uses.
CORRECTABLE = {
    "name": _("name"),
    "mobile": _("mobile number"),
    "id_number": _("resident ID number"),
    "address": _("address"),
    "side": _("side"),
    "kind": _("kind"),
    "property_company_id": _("property company"),
    "owners_committee_id": _("owners' committee"),
    "is_representative": _("representative"),
}
PERSONAL = {"mobile": mask_mobile, "id_number": mask_id_number}


@dataclass
class PartyData:
    """A party as registration, the party form, the API and the imports give it."""

    side: str
    name: str
    kind: str = Party.Kind.PERSON
    mobile: str = ""
    id_number: str = ""
    address: str = ""
    property_company_id: int | None = None
    owners_committee_id: int | None = None
    group_id: int | None = None
    is_representative: bool = False
    position: str = Party.Position.UNDECIDED
    is_filer: bool = False  # the resident who filed the complaint (registration only)
    extra: dict = field(default_factory=dict)


def party_clean(data: PartyData) -> dict[str, str]:
    """Normalise the numbers in place and return {field: message} for what is wrong."""
    errors: dict[str, str] = {}
    data.name = (data.name or "").strip()
    if not data.name:
        errors["name"] = _("Enter the party's name.")
    if data.side not in Party.Side.values:
        errors["side"] = _("Choose applicant, respondent or third party.")
    if data.mobile:
        data.mobile = normalize_mobile(data.mobile)
        try:
            validate_mobile(data.mobile)
        except ValidationError as exc:
            errors["mobile"] = exc.messages[0]
    if data.id_number:
        data.id_number = data.id_number.strip().upper()
        try:
            validate_id_number(data.id_number)
        except ValidationError as exc:
            errors["id_number"] = exc.messages[0]
    if data.kind == Party.Kind.ORGANISATION and data.id_number:
        errors["id_number"] = _("An organisation has no resident ID number.")
    return errors


def _refuse_invalid(errors: dict[str, str]) -> None:
    if errors:
        raise Refused("invalid", " ".join(errors.values()))


def party_add(*, case_id: int, actor: "User", data: PartyData) -> Party:
    _refuse_invalid(party_clean(data))
    with transaction.atomic():
        case = case_lock_for_work(case_id=case_id, actor=actor)
        # `is not None`: group 0 is a group that does not exist, not "no group" (it was an
        # IntegrityError at the insert)
        if data.group_id is not None and not case.party_groups.filter(pk=data.group_id).exists():
            raise Refused("invalid", _("This case has no such group."))
        _check_organisation(data)
        party = Party.objects.create(
            case=case,
            side=data.side,
            kind=data.kind,
            name=data.name,
            mobile=data.mobile,
            id_number=data.id_number,
            address=data.address,
            property_company_id=data.property_company_id,
            owners_committee_id=data.owners_committee_id,
            group_id=data.group_id,
            is_representative=data.is_representative,
            position=data.position,
        )
        event = event_record(
            case=case,
            kind="party_added",
            actor=actor,
            summary=_("%(side)s added: %(name)s.")
            % {"side": Party.Side(data.side).label, "name": data.name},
            detail={"party_id": party.pk, "kind": data.kind, "group_id": data.group_id},
        )
        party.origin = event
        party.save(update_fields=["origin"])
    return party


def _check_organisation(data: PartyData) -> None:
    for model, pk in (
        (PropertyCompany, data.property_company_id),
        (OwnersCommittee, data.owners_committee_id),
    ):
        if pk is not None and not model.objects.filter(pk=pk).exists():
            raise Refused("invalid", _("No such property company or owners' committee."))


def party_origin(party: Party) -> CaseEvent | None:
    """The entry that brought the party into the file: its own, or the registration's."""
    if party.origin_id:
        return party.origin
    return party.case.events.filter(kind="registered").order_by("created_at", "id").first()


def party_correct(
    *, case_id: int, party_id: int, actor: "User", changes: dict, reason: str
) -> Party:
    """Correct a party's details. The party row takes the new values; the record keeps a
    correction entry that points at the entry which added the party, with what changed."""
    reason = require_text(reason, _("Say why the details are corrected."))
    with transaction.atomic():
        case = case_lock_for_work(case_id=case_id, actor=actor, any_status=True)
        party = Party.objects.select_for_update().filter(case=case, pk=party_id).first()
        if party is None:
            raise Refused("invalid", _("No such party on this case."))
        unknown = set(changes) - set(CORRECTABLE)
        if unknown:
            raise Refused("invalid", _("These details cannot be corrected here."))
        data = PartyData(
            **{
                f: changes.get(f, getattr(party, f))
                for f in ("side", "name", "kind", "mobile", "id_number", "address")
            }
        )
        _refuse_invalid(party_clean(data))
        after = {f: changes[f] for f in changes}
        after.update(
            {
                f: getattr(data, f)
                for f in ("name", "mobile", "id_number", "side", "kind")
                if f in changes
            }
        )
        changed = {f: v for f, v in after.items() if getattr(party, f) != v}
        if not changed:
            raise Refused("invalid", _("Nothing was changed."))
        before = {f: getattr(party, f) for f in changed}
        for name, value in changed.items():
            setattr(party, name, value)
        party.save(update_fields=list(changed))
        labels = "、".join(str(CORRECTABLE[f]) for f in changed)
        event_record(
            case=case,
            kind="party_corrected",
            actor=actor,
            summary=_("Details of %(name)s corrected (%(fields)s): %(reason)s")
            % {"name": party.name, "fields": labels, "reason": reason},
            detail={
                "party_id": party.pk,
                "reason": reason,
                "before": _masked(before),
                "after": _masked(changed),
            },
            corrects=party_origin(party),
        )
    return party


def _masked(values: dict) -> dict:
    """Numbers in the record are masked like on the page; the party row holds the full ones."""
    return {f: PERSONAL[f](v) if f in PERSONAL else v for f, v in values.items()}


def party_reveal(*, case_id: int, party_id: int, actor: "User", field_name: str) -> str:
    """Show one full number to someone who works the case, and record that they looked."""
    if field_name not in PERSONAL:
        raise Refused("invalid", _("Only mobile and ID numbers are masked."))
    with transaction.atomic():
        case = case_lock_for_work(
            case_id=case_id, actor=actor, capability=Capability.REVEAL, any_status=True
        )
        party = Party.objects.filter(case=case, pk=party_id).first()
        if party is None:
            raise Refused("invalid", _("No such party on this case."))
        value = getattr(party, field_name)
        event_record(
            case=case,
            kind="revealed",
            actor=actor,
            summary=_("Viewed the full %(field)s of %(name)s.")
            % {"field": CORRECTABLE[field_name], "name": party.name},
            detail={"party_id": party.pk, "field": field_name},
        )
    return value


def party_group_create(
    *, case_id: int, actor: "User", side: str, name: str, description: str = ""
) -> PartyGroup:
    name = require_text(name, _("Name the group, e.g. the owners of building 3."))
    if side not in Party.Side.values:
        raise Refused("invalid", _("Choose applicant, respondent or third party."))
    with transaction.atomic():
        case = case_lock_for_work(case_id=case_id, actor=actor)
        group = PartyGroup.objects.create(case=case, side=side, name=name, description=description)
        event_record(
            case=case,
            kind="group_created",
            actor=actor,
            summary=_("Group of owners “%(name)s” formed (%(side)s).")
            % {"name": name, "side": Party.Side(side).label},
            detail={"group_id": group.pk},
        )
    return group


def party_position_set(
    *, case_id: int, party_id: int, actor: "User", position: str, note: str = ""
) -> Party:
    """One owner's position (agrees / refuses / undecided) on the proposed settlement."""
    if position not in Party.Position.values:
        raise Refused("invalid", _("Choose agrees, refuses or undecided."))
    with transaction.atomic():
        case = case_lock_for_work(case_id=case_id, actor=actor)
        party = Party.objects.select_for_update().filter(case=case, pk=party_id).first()
        if party is None:
            raise Refused("invalid", _("No such party on this case."))
        if party.position == position:
            return party
        before = party.position
        party.position = position
        party.save(update_fields=["position"])
        event_record(
            case=case,
            kind="position_changed",
            actor=actor,
            summary=_("%(name)s: %(before)s → %(after)s.")
            % {
                "name": party.name,
                "before": Party.Position(before).label,
                "after": Party.Position(position).label,
            }
            + (f" {note}" if note else ""),
            detail={"party_id": party.pk, "before": before, "after": position, "note": note},
        )
    return party


class GroupImportError(Refused):
    """The spreadsheet had bad rows: nothing was imported; `errors` says which and why."""

    def __init__(self, errors: list[member_import.RowError]):
        super().__init__(
            "invalid",
            _("%(n)d rows have errors; nothing was imported. Correct them and upload again.")
            % {"n": len({e.row for e in errors})},
        )
        self.errors = errors


def party_group_import(*, case_id: int, group_id: int, actor: "User", uploaded) -> list[Party]:
    """Add every owner of a spreadsheet (.xlsx or .csv) to a group, or none of them. Raises
    GroupImportError for bad rows, SpreadsheetRefused for a file that cannot be read."""
    rows, errors = member_import.read_members(uploaded)
    if errors:
        raise GroupImportError(errors)
    with transaction.atomic():
        case = case_lock_for_work(case_id=case_id, actor=actor)
        group = PartyGroup.objects.filter(case=case, pk=group_id).first()
        if group is None:
            raise Refused("invalid", _("That group belongs to another case."))
        existing = set(group.members.exclude(mobile="").values_list("mobile", flat=True))
        dupes = [
            member_import.RowError(
                r.row,
                "mobile",
                _("%(mobile)s is already in this group.") % {"mobile": mask_mobile(r.mobile)},
            )
            for r in rows
            if r.mobile and r.mobile in existing
        ]
        if dupes:
            raise GroupImportError(dupes)
        members = Party.objects.bulk_create(
            [
                Party(
                    case=case,
                    side=group.side,
                    kind=Party.Kind.PERSON,
                    name=r.name,
                    mobile=r.mobile,
                    id_number=r.id_number,
                    address=r.address,
                    group=group,
                    is_representative=r.is_representative,
                    position=r.position,
                )
                for r in rows
            ]
        )
        event = event_record(
            case=case,
            kind="group_imported",
            actor=actor,
            summary=_("%(n)d owners imported into “%(group)s” from %(file)s.")
            % {"n": len(members), "group": group.name, "file": member_import.file_label(uploaded)},
            detail={"group_id": group.pk, "count": len(members)},
        )
        Party.objects.filter(pk__in=[m.pk for m in members]).update(origin=event)
    return members
