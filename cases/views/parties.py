"""Parties: revealing a full number (recorded), correcting details, a group of owners with
its positions and spreadsheet import, and the file as one side may read it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.access import case_get_for_user
from cases.forms import GroupImportForm, PartyCorrectForm, PositionForm
from cases.models import Party, PartyGroup
from cases.selectors import events_for_side, group_tallies
from cases.services import parties as party_services
from cases.workflow import Capability
from core.errors import Refused
from core.spreadsheets import SpreadsheetRefused

from .case import render_case_page
from .work import case_url


@login_required
@require_POST
def party_reveal(request, case_id: int, party_id: int, field: str):
    """The explicit "show" of a masked number. With htmx only the number is swapped in;
    without JavaScript the case page comes back with it shown."""
    case = case_get_for_user(user=request.user, case_id=case_id, capability=Capability.REVEAL)
    try:
        value = party_services.party_reveal(
            case_id=case.pk, party_id=party_id, actor=request.user, field_name=field
        )
    except Refused as refused:
        if refused.code == "invalid":
            raise Http404 from None
        raise
    if request.htmx:
        return render(request, "cases/includes/revealed.html", {"value": value})
    revealed = {party_id: {field: value}}
    return render_case_page(request, case, revealed=revealed)


@login_required
def party_correct(request, case_id: int, party_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, capability=Capability.WORK)
    party = Party.objects.filter(case=case, pk=party_id).first()
    if party is None:
        raise Http404
    initial = {"name": party.name, "side": party.side, "address": party.address}
    form = PartyCorrectForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                party_services.party_correct(
                    case_id=case.pk,
                    party_id=party.pk,
                    actor=request.user,
                    changes=form.changes(party),
                    reason=form.cleaned_data["reason"],
                )
            except Refused as refused:
                form.add_error(None, refused.message)
                status = refused.status
            else:
                messages.success(request, _("Correction recorded."))
                return redirect(f"{case_url(case)}#parties")
        else:
            status = 400
    context = {"case": case, "party": party, "form": form}
    return render(request, "cases/party_correct.html", context, status=status)


def _group_page(request, case, group, *, import_form=None, import_errors=(), status=200):
    members = group.members.order_by("-is_representative", "id")
    context = {
        "case": case,
        "group": group,
        "members": members,
        "tally": group_tallies(case).get(group.pk, {}),
        "works": Capability.WORK in case.capabilities,
        "import_form": import_form or GroupImportForm(),
        "import_errors": import_errors,
        "positions": Party.Position.choices,
    }
    return render(request, "cases/group.html", context, status=status)


def _group_of(case, group_id: int) -> PartyGroup:
    group = PartyGroup.objects.filter(case=case, pk=group_id).first()
    if group is None:
        raise Http404
    return group


@login_required
def group_detail(request, case_id: int, group_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id)
    return _group_page(request, case, _group_of(case, group_id))


@login_required
@require_POST
def group_import(request, case_id: int, group_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, capability=Capability.WORK)
    group = _group_of(case, group_id)
    form = GroupImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _group_page(request, case, group, import_form=form, status=400)
    try:
        members = party_services.party_group_import(
            case_id=case.pk,
            group_id=group.pk,
            actor=request.user,
            uploaded=form.cleaned_data["file"],
        )
    except SpreadsheetRefused as refused:
        form.add_error("file", refused.message)
        return _group_page(request, case, group, import_form=form, status=400)
    except party_services.GroupImportError as refused:
        form.add_error(None, refused.message)
        return _group_page(
            request, case, group, import_form=form, import_errors=refused.errors, status=400
        )
    except Refused as refused:
        form.add_error(None, refused.message)
        return _group_page(request, case, group, import_form=form, status=refused.status)
    messages.success(request, _("%(n)d owners imported.") % {"n": len(members)})
    return redirect("cases:group", case_id=case.pk, group_id=group.pk)


@login_required
@require_POST
def party_position(request, case_id: int, party_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, capability=Capability.WORK)
    party = Party.objects.filter(case=case, pk=party_id).first()
    if party is None:
        raise Http404
    form = PositionForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            party = party_services.party_position_set(
                case_id=case.pk,
                party_id=party.pk,
                actor=request.user,
                position=form.cleaned_data["position"],
                note=form.cleaned_data["note"],
            )
        except Refused as refused:
            error = refused.message
    else:
        error = _("Choose agrees, refuses or undecided.")
    if request.htmx:
        context = {
            "case": case,
            "member": party,
            "works": True,
            "error": error,
            "positions": Party.Position.choices,
        }
        return render(
            request, "cases/includes/member_row.html", context, status=400 if error else 200
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Position of %(name)s recorded.") % {"name": party.name})
    if party.group_id:
        return redirect("cases:group", case_id=case.pk, group_id=party.group_id)
    return redirect(f"{case_url(case)}#parties")


@login_required
def record_for_side(request, case_id: int, side: str):
    """The file as one side of the dispute may read it: what a mediator prints or shows to a
    party. The other side's back-to-back notes and internal notes are never in it."""
    case = case_get_for_user(user=request.user, case_id=case_id, capability=Capability.WORK)
    if side not in Party.Side.values:
        raise Http404
    context = {"case": case, "side": Party.Side(side), "events": events_for_side(case, side)}
    return render(request, "cases/record_side.html", context)


__all__ = [
    "group_detail",
    "group_import",
    "party_correct",
    "party_position",
    "party_reveal",
    "record_for_side",
    "render_case_page",
]
