"""The case page, and the moves, assignment and grading posted from it. Every view fetches the
case through the access function; every write goes through a service. A refused action shows
the page again with what the user typed and the reason it was refused."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cases import status_notes, workflow
from cases.access import active_assignments, case_get_for_user, may_read_side_only
from cases.casework import WORK
from cases.forms import AssignForm, GradeForm, InviteForm, MoveForm
from cases.models import ActionItem, Case, CaseLink, MediationSession, Party
from cases.panels import panels_for, presence_checks
from cases.selectors import (
    assignee_suggestions,
    case_sections_present,
    case_sessions,
    case_timeline,
    group_tallies,
)
from cases.services import assignment, grading, moves
from cases.services.corrections import corrections_shown
from cases.services.invitations import invited_users
from cases.workflow import Capability
from core.errors import Refused
from mediators.models import Expert, Membership

# The collapsed forms of the case page and their buttons: the kinds of case work
# (cases.casework.WORK) and the page's own three. Each is built only when it is opened (the
# work_form view), or with the page when it comes back with errors or ?open=NAME asks for it:
# building and rendering a dozen forms was a third of the page's time (docs/performance.md).
PAGE_FORMS = {
    "grade": gettext_lazy("Record the grade"),
    "invite": gettext_lazy("Invite"),
    "assign": gettext_lazy("Assign"),
}
FORM_SUBMITS = {**{name: kind.submit for name, kind in WORK.items()}, **PAGE_FORMS}


def blank_form(name: str, case: Case):
    """The unbound form `name` of the case page."""
    if name == "grade":
        return GradeForm(
            initial={
                "category": case.category.code,
                "households": case.households,
                "difficulty": case.difficulty,
                "urgency": case.urgency,
            }
        )
    if name == "invite":
        return InviteForm(candidates=_invite_candidates(case))
    if name == "assign":
        return AssignForm(suggestions=assignee_suggestions(case))
    return WORK[name].blank_form(case)


def form_action(name: str, case: Case) -> str:
    if name in WORK:
        return reverse("cases:work", args=[case.pk, name])
    return reverse(f"cases:{name}", args=[case.pk])


def render_case_page(
    request, case: Case, *, forms=None, status=200, move_error=None, revealed=None
):
    caps = case.capabilities
    works = Capability.WORK in caps
    guest = not may_read_side_only(request.user, case)
    all_forms = {}
    opened = request.GET.get("open")
    if works and opened in FORM_SUBMITS:
        all_forms[opened] = blank_form(opened, case)
    assignments = active_assignments(case)
    may_assign = case.is_open and (Capability.LEAD in caps or works)
    # A case without a mediator gets the assignment form with the page (it is what the case
    # needs next); an assigned case fetches it when opened: its suggestions are the page's
    # heaviest query.
    if may_assign and not assignments:
        all_forms["assign"] = blank_form("assign", case)
    all_forms.update(forms or {})
    # Panels read the answers too (cases.panels.known_empty) and skip their empty queries.
    checks = {**presence_checks(), **status_notes.presence_checks()}
    case.present = present = case_sections_present(case, checks)
    parties = list(case.parties.select_related("group", "property_company", "owners_committee"))
    events = list(case_timeline(case, include_side_only=not guest))
    work_lists = _work_lists(case, present, guest=guest)
    # each corrected row shows its corrections, from the entries above: no query of its own
    corrections_shown(
        events,
        {
            "session": work_lists["sessions"],
            "contact": work_lists["contacts"],
            "interim_measure": work_lists["measures"],
        },
        works=works,
        party_names={p.pk: p.name for p in parties},
    )
    context = {
        "case": case,
        "caps": caps,
        "works": works,
        "can_lead": Capability.LEAD in caps,
        "can_reveal": Capability.REVEAL in caps,
        "revealed": revealed or {},
        "parties": [p for p in parties if p.group_id is None],
        "groups": _groups(case, parties) if present["groups"] else [],
        "events": events,
        "corrected_ids": {e.corrects_id for e in events if e.corrects_id},
        "stints": case.tier_stints.select_related("team"),
        "assignments": assignments,
        "may_assign": may_assign,
        "moves": workflow.allowed_moves(case.state(), caps),
        "move_error": move_error,
        **work_lists,
        "invited": invited_users(case) if works else [],
        "forms": all_forms,
        "form_submits": FORM_SUBMITS,
        "work_kinds": WORK,
        # only the forms that come with the page need their address; the others are fetched
        "form_actions": {name: form_action(name, case) for name in all_forms}
        if works or Capability.LEAD in caps
        else {},
        "sides": Party.Side.choices,
        "referral_targets": Case.ReferralTarget.choices,
        "panels": panels_for(request, case),
    }
    return render(request, "cases/detail.html", context, status=status)


def _work_lists(case: Case, present: dict, *, guest: bool) -> dict:
    """The case's recorded work, section by section; a section known empty costs no query."""
    sessions = case_sessions(case)
    if guest:
        sessions = [s for s in sessions if s.mode != MediationSession.Mode.BACK_TO_BACK]
    lists = {
        "sessions": sessions,
        "contacts": case.contacts.select_related("party", "recorded_by")[:50],
        "measures": case.interim_measures.select_related("recorded_by"),
        "evidence": case.evidence.select_related("uploaded_by"),
        "opinions": case.opinions.select_related("author"),
        "assessments": case.assessments.select_related("expert"),
        "meetings": case.joint_meetings.prefetch_related(
            Prefetch("actions", queryset=ActionItem.objects.order_by("due_on", "id"))
        ),
    }
    lists = {name: list(rows) if present[name] else [] for name, rows in lists.items()}
    lists["links"] = _links(case) if present["links"] else []
    return lists


def _groups(case: Case, parties) -> list[dict]:
    tallies = group_tallies(case)
    members: dict[int, list] = {}
    for p in parties:
        if p.group_id:
            members.setdefault(p.group_id, []).append(p)
    return [
        {
            "group": g,
            "tally": tallies.get(g.pk, {}),
            "size": len(members.get(g.pk, [])),
            "representatives": [p for p in members.get(g.pk, []) if p.is_representative],
        }
        for g in case.party_groups.all()
    ]


def _links(case: Case) -> list[dict]:
    rows = CaseLink.objects.filter(Q(case=case) | Q(other=case)).select_related("case", "other")
    return [
        {"link": link, "other": link.other if link.case_id == case.pk else link.case}
        for link in rows
    ]


def _invite_candidates(case: Case) -> list[tuple]:
    experts = [
        (e.user, f"{e.name} · {e.organisation}")
        for e in Expert.objects.filter(user__isnull=False, available=True).select_related("user")
    ]
    partners = [
        (m.user, f"{m.user.name} · {m.organisation or m.get_partner_org_display()}")
        for m in Membership.objects.filter(
            role=Membership.Role.PARTNER, active=True, team__district_id=case.district_id
        ).select_related("user")
    ]
    return experts + partners


@login_required
def case_detail(request, case_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id)
    return render_case_page(request, case)


@login_required
def work_form(request, case_id: int, form_name: str):
    """One collapsed form of the case page, fetched by htmx when it is opened."""
    if form_name not in FORM_SUBMITS:
        raise Http404
    case = case_get_for_user(user=request.user, case_id=case_id, capability=Capability.WORK)
    if not request.htmx:
        return redirect(f"{reverse('cases:detail', args=[case.pk])}?open={form_name}#{form_name}")
    context = {
        "case": case,
        "form": blank_form(form_name, case),
        "action": form_action(form_name, case),
        "submit": FORM_SUBMITS[form_name],
    }
    return render(request, "cases/includes/form.html", context)


@login_required
@require_POST
def case_move(request, case_id: int, move: str):
    case = case_get_for_user(user=request.user, case_id=case_id)
    form = MoveForm(request.POST)
    # what the user typed, shown again if the move is refused (MoveForm's fields)
    error = {"move": move, **{f: request.POST.get(f, "") for f in MoveForm.base_fields}}
    error["text"] = error.get(workflow.MOVES[move].text, "") if move in workflow.MOVES else ""
    if move not in workflow.MOVES or not form.is_valid():
        error["message"] = _("The action could not be read; please try again.")
        return render_case_page(request, case, status=400, move_error=error)
    data = form.cleaned_data
    try:
        moves.case_move(
            case_id=case.pk,
            actor=request.user,
            move=move,
            expected_version=data.pop("version"),
            **data,
        )
    except Refused as refused:
        # Stay on the page with the reason text as typed: nothing the user wrote is lost.
        error["message"] = refused.message
        case = case_get_for_user(user=request.user, case_id=case_id)
        status = refused.status
        return render_case_page(request, case, status=status, move_error=error)
    messages.success(request, workflow.MOVES[move].label + _(": done."))
    return redirect("cases:detail", case_id=case.pk)


@login_required
@require_POST
def case_assign(request, case_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, capability=Capability.WORK)
    form = AssignForm(request.POST, suggestions=assignee_suggestions(case))
    if not form.is_valid():
        return render_case_page(request, case, forms={"assign": form}, status=400)
    user = get_user_model().objects.get(pk=form.cleaned_data["user"])
    try:
        assignment.case_assign(
            case_id=case.pk, actor=request.user, user=user, role=form.cleaned_data["role"]
        )
    except Refused as refused:
        form.add_error(None, refused.message)
        return render_case_page(request, case, forms={"assign": form}, status=409)
    messages.success(request, _("%(user)s assigned.") % {"user": user})
    return redirect("cases:detail", case_id=case.pk)


@login_required
@require_POST
def case_unassign(request, case_id: int, user_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, capability=Capability.WORK)
    user = get_user_model().objects.filter(pk=user_id).first()
    try:
        if user is None:
            raise Refused("invalid", _("No such user."))
        assignment.case_unassign(case_id=case.pk, actor=request.user, user=user)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Assignment ended."))
    return redirect("cases:detail", case_id=case.pk)


@login_required
@require_POST
def case_grade(request, case_id: int):
    case = case_get_for_user(user=request.user, case_id=case_id, capability=Capability.WORK)
    form = GradeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            grading.case_grade(
                case_id=case.pk,
                actor=request.user,
                category=data["category"],
                households=data["households"],
                difficulty=data["difficulty"],
                urgency=data["urgency"],
                reason=data["reason"],
            )
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Grade recorded."))
            return redirect("cases:detail", case_id=case.pk)
    return render_case_page(request, case, forms={"grade": form}, status=400)
