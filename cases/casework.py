"""Case work as data plus one guard, as cases/workflow.py does for the moves.

One table, `WORK`, names each kind of work recorded on a case: its case-page form and its API
serializer, the service that writes it (through `perform`, the one place that turns the form's
or the serializer's data into the service's arguments), its labels, the kind of the record
entry it writes, and who may do it. The case page (its collapsed forms, their htmx fragments,
the post that records them) and the API's create endpoints read the table, and both ask the one
guard, the case's access function, for the kind's `needs` (cases.access.case_get_for_user).
Adding a kind of work is one entry here plus its model, service and template
(docs/architecture.md, "Adding a kind of case work").

A form and its serializer give `perform` the same names and types: a party is a Party row, a
list of action items is a list of dicts, an organisation is `kind` plus the ids of the
compound's company or committee.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.services.parties import PartyData
from cases.services.work import ActionInput

from .panels import CasePanel, known_empty, register, register_check
from .workflow import Capability

if TYPE_CHECKING:
    from mediators.models import User


@dataclass(frozen=True)
class WorkKind:
    name: str  # the form's name on the case page and in its URL; the page's anchor
    label: Promise  # the link that opens the form ("Record a session")
    submit: Promise  # the form's button
    done: Promise  # the message once it is recorded
    form: str  # the case page's form, "module.Class" (imported when first used)
    perform: Callable[[Any, Any, dict], Any]  # (case, actor, data) -> the row written
    record_kind: str  # the kind of the record entry the service writes
    serializer: str = ""  # the API's input serializer, "module.Class"; "" when the page only
    needs: str = Capability.WORK
    form_takes_case: bool = False  # the form lists the case's parties or groups
    # The timeline's name of its record entry, for a kind cases.record_kinds does not name yet.
    record_label: Promise | None = None
    # /api/cases/{id}/<api_path>/: a list-and-create endpoint made from this entry
    # (cases.api.views.work_viewset); "" where a hand-written viewset serves it.
    api_path: str = ""
    # The kind's section of the case page, a template given `panel.rows` (the case's rows,
    # newest first), `panel.kind` and `panel.works`; registered from this entry
    # (register_panels). "" where cases/detail.html has the section written out.
    panel: str = ""
    panel_order: int = 15

    def form_class(self):
        return _import(self.form)

    def serializer_class(self):
        return _import(self.serializer) if self.serializer else None

    def blank_form(self, case):
        return self.form_class()(**({"case": case} if self.form_takes_case else {}))

    def bound_form(self, case, data, files):
        return self.form_class()(data, files, **({"case": case} if self.form_takes_case else {}))

    def model(self):
        return self.serializer_class().Meta.model

    def rows(self, case):
        """The case's rows of this kind with what they link to (who recorded it, the party)."""
        model = self.model()
        relations = [f.name for f in model._meta.fields if f.many_to_one and f.name != "case"]
        return model.objects.filter(case=case).select_related(*relations)


def _import(path: str):
    return import_string(path)


def register_panels() -> None:
    """The case-page sections of the kinds that name a panel template (cases.panels): one
    presence check each, answered with the page's other checks, so an empty one costs no
    query; the section shows to those who work the case even when empty (its form)."""

    for kind in WORK.values():
        if not kind.panel:
            continue
        check = f"work_{kind.name}"

        def present(kind=kind):
            return Exists(kind.model().objects.filter(case=OuterRef("pk")))

        def context(request, case, kind=kind, check=check):
            works = kind.needs in case.capabilities
            rows = [] if known_empty(case, check) else list(kind.rows(case))
            if not rows and not works:
                return None
            return {"kind": kind, "rows": rows, "works": works}

        register_check(check, present)
        register(
            CasePanel(name=kind.name, template=kind.panel, context=context, order=kind.panel_order)
        )


def _call(service: str, *names, **renamed):
    """perform for a service whose keyword arguments are the data's own names: those present
    are passed (absent ones keep the service's defaults); `renamed` maps an argument to a
    function of the data."""

    def perform(case, actor: "User", data):
        arguments = {n: data[n] for n in names if n in data}
        arguments |= {argument: get(data) for argument, get in renamed.items()}
        return _import(service)(case_id=case.pk, actor=actor, **arguments)

    return perform


def _pk(name):
    return lambda data: getattr(data.get(name), "pk", None)


def _actions(data) -> list:
    return [
        ActionInput(description=a["description"], owner=a["owner"], due_on=a.get("due_on"))
        for a in data.get("actions", [])
    ]


def _party_data(data):
    return PartyData(
        side=data["side"],
        kind=data["kind"],
        name=data["name"],
        mobile=data.get("mobile", ""),
        id_number=data.get("id_number", ""),
        address=data.get("address", ""),
        property_company_id=data.get("property_company"),
        owners_committee_id=data.get("owners_committee"),
        group_id=data.get("group"),
        is_representative=data.get("is_representative", False),
    )


F, S = "cases.forms.", "cases.api.serializers."
WORK: dict[str, WorkKind] = {
    k.name: k
    for k in (
        WorkKind(
            name="party",
            label=_("Add a party"),
            submit=_("Add"),
            done=_("Party added."),
            form=F + "PartyForm",
            serializer=S + "PartyInputSerializer",
            perform=_call("cases.services.parties.party_add", data=_party_data),
            record_kind="party_added",
            form_takes_case=True,
        ),
        WorkKind(
            name="group",
            label=_("Form a group of owners"),
            submit=_("Form the group"),
            done=_("Group formed."),
            form=F + "GroupForm",
            serializer=S + "PartyGroupSerializer",
            perform=_call(
                "cases.services.parties.party_group_create", "side", "name", "description"
            ),
            record_kind="group_created",
        ),
        WorkKind(
            name="session",
            label=_("Record a session"),
            submit=_("Record the session"),
            done=_("Session recorded."),
            form=F + "SessionForm",
            serializer=S + "MediationSessionSerializer",
            perform=_call(
                "cases.services.work.session_record",
                *("held_at", "place", "mode", "side", "participants", "minutes", "private_note"),
            ),
            record_kind="session",
        ),
        WorkKind(
            name="contact",
            label=_("Record a contact attempt"),
            submit=pgettext_lazy("button", "Record"),
            done=_("Contact attempt recorded."),
            form=F + "ContactForm",
            serializer=S + "ContactAttemptSerializer",
            perform=_call(
                "cases.services.work.contact_record",
                *("method", "result", "note", "contacted_at"),
                party_id=_pk("party"),
            ),
            record_kind="contact",
            form_takes_case=True,
        ),
        WorkKind(
            name="measure",
            label=_("Record an interim measure"),
            submit=pgettext_lazy("button", "Record"),
            done=_("Interim measure recorded."),
            form=F + "InterimMeasureForm",
            serializer=S + "InterimMeasureSerializer",
            perform=_call(
                "cases.services.work.interim_measure_record",
                *("taken_on", "measure", "responsible", "result"),
            ),
            record_kind="interim_measure",
        ),
        WorkKind(
            name="investigation",
            label=_("Record an investigation"),
            submit=_("Record the investigation"),
            done=_("Investigation recorded."),
            form=F + "InvestigationForm",
            serializer=S + "InvestigationSerializer",
            perform=_call(
                "cases.services.work.investigation_record",
                *("investigated_at", "place", "investigators", "interviewee", "findings"),
                party_id=_pk("party"),
            ),
            record_kind="investigation",
            record_label=_("Investigation"),
            form_takes_case=True,
            api_path="investigations",
            panel="cases/panels/investigations.html",
        ),
        WorkKind(
            name="evidence",
            label=_("Add evidence"),
            submit=_("Upload"),
            done=_("Evidence added."),
            form=F + "EvidenceForm",
            serializer=S + "EvidenceSerializer",
            perform=_call(
                "cases.services.work.evidence_add",
                *("description", "submitted_by_side"),
                uploaded=lambda data: data["file"],
            ),
            record_kind="evidence",
        ),
        WorkKind(
            name="opinion",
            label=_("Give a legal opinion"),
            submit=_("Record the opinion"),
            done=_("Opinion recorded."),
            form=F + "OpinionForm",
            serializer=S + "LegalOpinionSerializer",
            perform=_call("cases.services.work.opinion_give", "opinion", "question", "legal_basis"),
            record_kind="opinion",
        ),
        WorkKind(
            name="assessment",
            label=_("Request an expert assessment"),
            submit=_("Request"),
            done=_("Assessment requested; the expert has been invited to this case."),
            form=F + "AssessmentRequestForm",
            serializer=S + "ExpertAssessmentSerializer",
            perform=_call(
                "cases.services.work.assessment_request", "scope", expert_id=_pk("expert")
            ),
            record_kind="assessment_requested",
        ),
        WorkKind(
            name="meeting",
            label=_("Record a joint meeting"),
            submit=_("Record the meeting"),
            done=_("Joint meeting recorded."),
            form=F + "MeetingForm",
            serializer=S + "JointMeetingSerializer",
            perform=_call(
                "cases.services.work.meeting_record",
                *("held_at", "place", "attendees", "decisions"),
                actions=_actions,
            ),
            record_kind="joint_meeting",
        ),
        WorkKind(
            name="link",
            label=_("Link a case"),
            submit=_("Link"),
            done=_("Cases linked."),
            form=F + "LinkForm",
            serializer=S + "CaseLinkSerializer",
            perform=_call("cases.services.links.case_link", "other_reference", "kind", "note"),
            record_kind="linked",
        ),
    )
}
del F, S
