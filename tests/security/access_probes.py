"""The probes of the access matrix (test_access_matrix.py): for each case-scoped route, the
requests that exercise it and the capability each needs."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.checklist import CHECKLIST
from tests.factories.intake import png_bytes


# --- the probes: one or more per case-scoped route -------------------------------------------
@dataclass(frozen=True)
class Probe:
    name: str  # URL name
    method: str
    need: str  # view, work, lead, reveal, expert, applicant, or illegal (409 for all readers)
    kwargs: Callable  # (world, key) -> URL kwargs
    body: Callable | None = None  # (world, key) -> data
    fmt: str = "form"  # form, json, multipart
    ok: tuple = (200,)  # the answer when allowed
    refused: str = ""  # for applicant pages: "track" (sent to the lookup) or "" (404)
    extra: dict = field(default_factory=dict)

    @property
    def api(self) -> bool:
        return self.name.startswith("api:")

    @property
    def writes(self) -> bool:
        return self.method != "get"


# 409: the user may act on the case, but not in its present state (the guard's answer).
WRITE_OK = (200, 201, 204, 302, 409)
# Page forms check access before they read the form, so an empty form reaches the check (an
# allowed user gets 400 for it). API endpoints validate first, so they get valid bodies.
PAGE_WRITE_OK = (*WRITE_OK, 400, 409)


def case(w, k):
    return {"case_id": w.cases[k].case.pk}


def api_case(w, k):
    return {"pk": w.cases[k].case.pk}


def child(w, k):
    return {"case_pk": w.cases[k].case.pk}


def party(w, k):
    return {"case_id": w.cases[k].case.pk, "party_id": w.cases[k].party.pk}


def api_party(w, k):
    return {"case_pk": w.cases[k].case.pk, "pk": w.cases[k].party.pk}


def agreement(w, k):
    return {"agreement_id": w.cases[k].draft.pk}


def api_agreement(w, k):
    return {"pk": w.cases[k].draft.pk}


def visit(w, k):
    return {"visit_id": w.cases[k].visit.pk}


def obligation(w, k):
    return {"obligation_id": w.cases[k].obligation.pk}


def tracked(w, k):
    return {"code": w.cases[k].case.tracking_code}


def assessment_form(w, k):
    return {"conclusion": "基本达标", **{f"score_{code}": 4 for code, _label in CHECKLIST}}


def data_request(w, k):
    return {"case_id": w.cases[k].case.pk, "request_id": w.cases[k].data_request.pk}


def api_data_request(w, k):
    return {"case_pk": w.cases[k].case.pk, "pk": w.cases[k].data_request.pk}


def move_body(w, k):
    return {
        "reason": "理由",
        "summary": "达成一致",
        "note": "备注",
        "version": w.cases[k].case.version,
        "referral_target": "court",
    }


def page(name, method, need, kwargs, **extra):
    return Probe(
        name, method, need, kwargs, ok=PAGE_WRITE_OK if method != "get" else (200,), **extra
    )


def api(name, method, need, kwargs, body=None, fmt="json", **extra):
    return Probe(
        name,
        method,
        need,
        kwargs,
        body=body,
        fmt=fmt,
        ok=WRITE_OK if method != "get" else (200,),
        **extra,
    )


LEGAL_MOVES = ("escalate", "settle", "refer", "withdraw")  # from in mediation
ILLEGAL_MOVES = ("accept", "decline", "close", "reopen")
# The page's moves share one view (the API's have one endpoint each, all probed): two legal
# and two illegal moves stand for the eight.
PAGE_MOVES = ("escalate", "settle", "accept", "reopen")
# One view serves every case-page form and asks the access function before it reads the
# form's name: three forms stand for the ten (a file upload, a record, a party).
CASE_FORMS = ("session", "evidence", "party", "investigation")
TODAY = timezone.localdate().isoformat()

PROBES: dict[str, list[Probe]] = {
    # the case page and what it posts
    "cases/<int:case_id>/": [page("cases:detail", "get", "view", case)],
    "cases/<int:case_id>/move/<slug:move>/": [
        page(
            "cases:move",
            "post",
            "work" if m in LEGAL_MOVES else "illegal",
            lambda w, k, m=m: {**case(w, k), "move": m},
            body=move_body,
        )
        for m in PAGE_MOVES
    ],
    "cases/<int:case_id>/assign/": [page("cases:assign", "post", "work", case)],
    "cases/<int:case_id>/unassign/<int:user_id>/": [
        page(
            "cases:unassign",
            "post",
            "work",
            lambda w, k: {**case(w, k), "user_id": w.cases[k].mediator.pk},
        )
    ],
    "cases/<int:case_id>/grade/": [page("cases:grade", "post", "work", case)],
    "cases/<int:case_id>/work/<slug:form_name>/": [
        page("cases:work", "post", "work", lambda w, k, f=f: {**case(w, k), "form_name": f})
        for f in CASE_FORMS
    ],
    "cases/<int:case_id>/forms/<slug:form_name>/": [
        page("cases:work-form", "get", "work", lambda w, k, f=f: {**case(w, k), "form_name": f})
        for f in ("contact", "grade", "invite", "assign")
    ],
    "cases/<int:case_id>/invite/": [page("cases:invite", "post", "work", case)],
    "cases/<int:case_id>/uninvite/<int:user_id>/": [
        page(
            "cases:uninvite",
            "post",
            "work",
            lambda w, k: {**case(w, k), "user_id": w.cases[k].invited.pk},
        )
    ],
    "cases/<int:case_id>/parties/<int:party_id>/reveal/<slug:field>/": [
        page("cases:reveal", "post", "reveal", lambda w, k: {**party(w, k), "field": "mobile"})
    ],
    "cases/<int:case_id>/parties/<int:party_id>/correct/": [
        page("cases:party-correct", "get", "work", party),
        page("cases:party-correct", "post", "work", party),
    ],
    "cases/<int:case_id>/<slug:kind>/<int:row_id>/correct/": [
        page(
            "cases:work-correct",
            method,
            "work",
            lambda w, k, kind=kind, row=row: {
                **case(w, k),
                "kind": kind,
                "row_id": getattr(w.cases[k], row).pk,
            },
        )
        for kind, row in (("sessions", "session"), ("contacts", "contact"), ("measures", "measure"))
        for method in ("get", "post")
    ],
    "cases/<int:case_id>/parties/<int:party_id>/position/": [
        page("cases:party-position", "post", "work", party)
    ],
    "cases/<int:case_id>/groups/<int:group_id>/": [
        page(
            "cases:group",
            "get",
            "view",
            lambda w, k: {**case(w, k), "group_id": w.cases[k].group.pk},
        )
    ],
    "cases/<int:case_id>/groups/<int:group_id>/import/": [
        page(
            "cases:group-import",
            "post",
            "work",
            lambda w, k: {**case(w, k), "group_id": w.cases[k].group.pk},
        )
    ],
    "cases/<int:case_id>/evidence/<int:evidence_id>/download/": [
        page(
            "cases:evidence-download",
            "get",
            "view",
            lambda w, k: {**case(w, k), "evidence_id": w.cases[k].evidence.pk},
        )
    ],
    "cases/<int:case_id>/assessments/<int:assessment_id>/": [
        page(
            "cases:assessment",
            m,
            need,
            lambda w, k: {**case(w, k), "assessment_id": w.cases[k].assessment.pk},
            body=assessment_form,
        )
        for m, need in (("get", "view"), ("post", "expert"))
    ],
    "cases/<int:case_id>/actions/<int:action_id>/done/": [
        page(
            "cases:action-done",
            "post",
            "work",
            lambda w, k: {**case(w, k), "action_id": w.cases[k].action_id},
        )
    ],
    "cases/<int:case_id>/record/<slug:side>/": [
        page("cases:record-side", "get", "work", lambda w, k: {**case(w, k), "side": "applicant"})
    ],
    # agreements
    "agreements/case/<int:case_id>/new/": [page("agreements:new", "post", "work", case)],
    "agreements/<int:agreement_id>/": [page("agreements:detail", "get", "view", agreement)],
    "agreements/<int:agreement_id>/edit/": [
        page("agreements:edit", "get", "work", agreement),
        page("agreements:edit", "post", "work", agreement),
    ],
    "agreements/<int:agreement_id>/preview/": [
        page("agreements:preview", "get", "view", agreement)
    ],
    "agreements/<int:agreement_id>/preview.pdf": [
        page("agreements:preview-pdf", "get", "view", agreement)
    ],
    **{
        f"agreements/<int:agreement_id>/{action}/": [
            page(f"agreements:{action}", "post", need, agreement)
        ]
        for action, need in (
            ("submit", "work"),
            ("approve", "lead"),
            ("return", "lead"),
            ("correct", "work"),
            ("sign", "work"),
            ("judicial-confirmation", "work"),
        )
    },
    # documents
    "documents/<int:document_id>/download/": [
        page(
            "documents:download",
            "get",
            "view",
            lambda w, k: {"document_id": w.cases[k].document.pk},
        )
    ],
    "documents/<int:document_id>/retry/": [
        page(
            "documents:retry", "post", "work", lambda w, k: {"document_id": w.cases[k].document.pk}
        )
    ],
    "documents/case/<int:case_id>/panel/": [page("documents:panel", "get", "view", case)],
    "documents/case/<int:case_id>/request/": [page("documents:request", "post", "work", case)],
    # follow-ups
    "followups/visits/<int:visit_id>/": [
        page("followups:visit", "get", "view", visit),
        page("followups:visit", "post", "work", visit),
    ],
    "followups/visits/<int:visit_id>/record-pdf/": [
        page("followups:visit-record-pdf", "post", "work", visit)
    ],
    "followups/visits/<int:visit_id>/unreachable/": [
        page("followups:visit-unreachable", "post", "work", visit)
    ],
    "followups/obligations/<int:obligation_id>/": [
        page("followups:obligation", "get", "view", obligation),
        page("followups:obligation", "post", "work", obligation),
    ],
    "followups/evidence/<int:evidence_id>/": [
        page(
            "followups:evidence",
            "get",
            "view",
            lambda w, k: {"evidence_id": w.cases[k].obligation_evidence_id},
        )
    ],
    # intake: the staff side and the resident's tracking pages
    "intake/registered/<int:case_id>/": [page("intake:staff-registered", "get", "registrar", case)],
    "intake/files/<int:upload_id>/": [
        page(
            "intake:file-download", "get", "view", lambda w, k: {"upload_id": w.cases[k].upload.pk}
        )
    ],
    "track/<str:code>/": [page("intake:track-case", "get", "applicant", tracked, refused="track")],
    "track/<str:code>/add/": [
        page("intake:track-add", "post", "applicant", tracked, refused="track")
    ],
    "track/<str:code>/withdraw/": [
        page("intake:track-withdraw", "get", "applicant", tracked, refused="track"),
        page("intake:track-withdraw", "post", "applicant", tracked, refused="track"),
    ],
    "track/<str:code>/files/<int:upload_id>/": [
        page(
            "intake:track-file",
            "get",
            "applicant",
            lambda w, k: {**tracked(w, k), "upload_id": w.cases[k].upload.pk},
        )
    ],
    "documents/resident/<int:case_id>/agreement.pdf": [
        page("documents:resident-agreement", "get", "applicant", case)
    ],
    # typical cases (staff side; the public library is anonymised and public)
    "reports/typical/mark/<int:case_id>/": [page("reports:typical-mark", "post", "lead", case)],
    "reports/typical/<int:typical_id>/": [
        page("reports:typical-edit", m, "lead", lambda w, k: {"typical_id": w.cases[k].typical.pk})
        for m in ("get", "post")
    ],
    "reports/typical/<int:typical_id>/withdraw/": [
        page(
            "reports:typical-withdraw",
            "post",
            "lead",
            lambda w, k: {"typical_id": w.cases[k].typical.pk},
        )
    ],
    # the cases API
    r"api/^cases/(?P<pk>\d+)/$": [api("api:case-detail", "get", "view", api_case)],
    **{
        rf"api/^cases/(?P<pk>\d+)/{m}/$": [
            api(
                f"api:case-{m}",
                "post",
                "work" if m in LEGAL_MOVES else "illegal",
                api_case,
                move_body,
            )
        ]
        for m in LEGAL_MOVES + ILLEGAL_MOVES
    },
    r"api/^cases/(?P<pk>\d+)/assign/$": [
        api(
            "api:case-assign",
            "post",
            "work",
            api_case,
            lambda w, k: {"user": w.cases[k].mediator.pk, "role": "lead"},
        )
    ],
    r"api/^cases/(?P<pk>\d+)/assignee-suggestions/$": [
        api("api:case-assignee-suggestions", "get", "work", api_case)
    ],
    r"api/^cases/(?P<pk>\d+)/grade/$": [
        api(
            "api:case-grade",
            "post",
            "work",
            api_case,
            lambda w, k: {
                "category": "fees",
                "households": 2,
                "difficulty": "ordinary",
                "urgency": "normal",
                "reason": "核实户数",
            },
        )
    ],
    **{
        rf"api/^cases/(?P<case_pk>[0-9]+)/{prefix}/$": [
            api(
                f"api:case-{basename}-list",
                "get",
                "work" if basename == "invitation" else "view",
                child,
            ),
            *(
                [api(f"api:case-{basename}-list", "post", "work", child, body, fmt=fmt)]
                if body
                else []
            ),
        ]
        for prefix, basename, body, fmt in (
            ("contacts", "contact", lambda w, k: {"method": "phone", "result": "reached"}, "json"),
            (
                "sessions",
                "session",
                lambda w, k: {
                    "held_at": "2026-05-01T10:00:00+08:00",
                    "place": "工作站",
                    "mode": "joint",
                    "participants": "双方",
                    "minutes": "记录",
                },
                "json",
            ),
            (
                "interim-measures",
                "interim-measure",
                lambda w, k: {"taken_on": TODAY, "measure": "充值水卡"},
                "json",
            ),
            (
                "investigations",
                "investigation",
                lambda w, k: {
                    "investigated_at": "2026-05-01T10:00:00+08:00",
                    "place": "3号楼",
                    "investigators": "调解员",
                    "findings": "楼道确有积水",
                },
                "json",
            ),
            (
                "evidence",
                "evidence",
                lambda w, k: {
                    "file": SimpleUploadedFile("p.png", png_bytes()),
                    "description": "照片",
                },
                "multipart",
            ),
            ("opinions", "opinion", lambda w, k: {"opinion": "依法应当缴费"}, "json"),
            (
                "assessments",
                "assessment",
                lambda w, k: {"expert": w.cases[k].assessment.expert_id, "scope": "保洁"},
                "json",
            ),
            (
                "joint-meetings",
                "joint-meeting",
                lambda w, k: {
                    "held_at": "2026-05-01T10:00:00+08:00",
                    "place": "会议室",
                    "attendees": [{"name": "司法所"}],
                    "decisions": "先行处置",
                    "actions": [],
                },
                "json",
            ),
            (
                "links",
                "link",
                lambda w, k: {"kind": "related", "note": "", "other_reference": w.link_targets[k]},
                "json",
            ),
            ("events", "event", None, ""),
            ("parties", "party", lambda w, k: {"side": "applicant", "name": "新业主"}, "json"),
            ("groups", "group", lambda w, k: {"side": "applicant", "name": "代表团"}, "json"),
            (
                "invitations",
                "invitation",
                lambda w, k: {"user": w.users["partner_member"].pk, "reason": "联调"},
                "json",
            ),
        )
    },
    r"api/^cases/(?P<case_pk>[0-9]+)/invitations/(?P<pk>\d+)/$": [
        api(
            "api:case-invitation-detail",
            "delete",
            "work",
            lambda w, k: {**child(w, k), "pk": w.cases[k].invited.pk},
        )
    ],
    r"api/^cases/(?P<case_pk>[0-9]+)/groups/(?P<pk>\d+)/members_import/$": [
        api(
            "api:case-group-members-import",
            "post",
            "work",
            lambda w, k: {**child(w, k), "pk": w.cases[k].group.pk},
            lambda w, k: {
                "file": SimpleUploadedFile(
                    "members.csv", "姓名,房号,手机\n张三,1-101,13900000000\n".encode()
                )
            },
            fmt="multipart",
        )
    ],
    **{
        rf"api/^cases/(?P<case_pk>[0-9]+)/{prefix}/(?P<pk>\d+)/correct/$": [
            api(
                f"api:case-{basename}-correct",
                "post",
                "work",
                lambda w, k, row=row: {**child(w, k), "pk": getattr(w.cases[k], row).pk},
                lambda w, k, body=body: {**body, "reason": "笔误"},
            )
        ]
        for prefix, basename, row, body in (
            ("sessions", "session", "session", {"minutes": "更正后的记录"}),
            ("contacts", "contact", "contact", {"note": "更正"}),
            ("interim-measures", "interim-measure", "measure", {"measure": "更正后的处置"}),
        )
    },
    r"api/^cases/(?P<case_pk>[0-9]+)/parties/(?P<pk>\d+)/correct/$": [
        api(
            "api:case-party-correct",
            "post",
            "work",
            api_party,
            lambda w, k: {"name": "李小龙", "reason": "笔误"},
        )
    ],
    r"api/^cases/(?P<case_pk>[0-9]+)/parties/(?P<pk>\d+)/position/$": [
        api(
            "api:case-party-position",
            "post",
            "work",
            api_party,
            lambda w, k: {"position": "agrees"},
        )
    ],
    r"api/^cases/(?P<case_pk>[0-9]+)/parties/(?P<pk>\d+)/reveal/$": [
        api("api:case-party-reveal", "post", "reveal", api_party, lambda w, k: {"field": "mobile"})
    ],
    r"api/^cases/(?P<case_pk>[0-9]+)/assessments/(?P<pk>\d+)/submit/$": [
        api(
            "api:case-assessment-submit",
            "post",
            "expert",
            lambda w, k: {**child(w, k), "pk": w.cases[k].assessment.pk},
            lambda w, k: {
                "conclusion": "基本达标",
                "scores": {code: {"score": 4} for code, _label in CHECKLIST},
            },
        )
    ],
    "api/followups/cases/<int:case_id>/": [api("api:followup-case-state", "get", "view", case)],
    # agreements, documents and follow-ups in the API
    r"api/^agreements/(?P<pk>\d+)/$": [
        api("api:agreement-detail", "get", "view", api_agreement),
        api("api:agreement-detail", "patch", "work", api_agreement, lambda w, k: {"terms": "条款"}),
    ],
    **{
        rf"api/^agreements/(?P<pk>\d+)/{path}/$": [
            api(f"api:agreement-{name}", "post", need, api_agreement, body)
        ]
        for path, name, need, body in (
            # an owner of the world's compound has not said yes: a real caller gives the reason
            (
                "submit",
                "submit",
                "work",
                lambda w, k: {"consent_reason": "未表态业主经三次联系未回复，已另行告知"},
            ),
            ("approve", "approve", "lead", lambda w, k: {}),
            ("return", "send-back", "lead", lambda w, k: {"text": "请修改"}),
            ("correct", "correct", "work", lambda w, k: {"text": "更正"}),
            ("sign", "sign", "work", lambda w, k: {"signed_on": TODAY, "effective_on": TODAY}),
            (
                "judicial-confirmation",
                "judicial-confirmation",
                "work",
                lambda w, k: {"intended": True},
            ),
        )
    },
    r"api/^documents/(?P<pk>\d+)/$": [
        api("api:document-detail", "get", "view", lambda w, k: {"pk": w.cases[k].document.pk})
    ],
    r"api/^documents/(?P<pk>\d+)/download/$": [
        api("api:document-download", "get", "view", lambda w, k: {"pk": w.cases[k].document.pk})
    ],
    r"api/^documents/(?P<pk>\d+)/retry/$": [
        api(
            "api:document-retry",
            "post",
            "work",
            lambda w, k: {"pk": w.cases[k].document.pk},
            lambda w, k: {},
        )
    ],
    r"api/^followups/obligations/(?P<pk>\d+)/$": [
        api(
            "api:followup-obligation-detail",
            "get",
            "view",
            lambda w, k: {"pk": w.cases[k].obligation.pk},
        )
    ],
    r"api/^followups/obligations/(?P<pk>\d+)/record/$": [
        api(
            "api:followup-obligation-record",
            "post",
            "work",
            lambda w, k: {"pk": w.cases[k].obligation.pk},
            lambda w, k: {"status": "breached", "note": "逾期未付"},
        )
    ],
    r"api/^followups/visits/(?P<pk>\d+)/$": [
        api("api:followup-visit-detail", "get", "view", lambda w, k: {"pk": w.cases[k].visit.pk})
    ],
    r"api/^followups/visits/(?P<pk>\d+)/record/$": [
        api(
            "api:followup-visit-record",
            "post",
            "work",
            lambda w, k: {"pk": w.cases[k].visit.pk},
            lambda w, k: {
                "visited_on": TODAY,
                "mode": "phone",
                "participants": "业主",
                "performance": "performed",
                "satisfaction": "satisfied",
            },
        )
    ],
    r"api/^followups/visits/(?P<pk>\d+)/unreachable/$": [
        api(
            "api:followup-visit-unreachable",
            "post",
            "work",
            lambda w, k: {"pk": w.cases[k].visit.pk},
            lambda w, k: {"attempted_on": TODAY, "mode": "phone"},
        )
    ],
    # a resident's requests to see or delete their data (PIPL), recorded on the case
    "privacy/cases/<int:case_id>/data-requests/new/": [
        page("privacy:request-new", m, "work", case) for m in ("get", "post")
    ],
    "privacy/cases/<int:case_id>/data-requests/<int:request_id>/fulfil/": [
        page("privacy:request-fulfil", "post", "work", data_request)
    ],
    "privacy/cases/<int:case_id>/data-requests/<int:request_id>/export/": [
        page("privacy:request-export", "get", "reveal", data_request)
    ],
    r"api/^cases/(?P<case_pk>[0-9]+)/data-requests/$": [
        api("api:case-data-request-list", "get", "work", child),
        api(
            "api:case-data-request-list",
            "post",
            "work",
            child,
            lambda w, k: {
                "party": w.cases[k].party.pk,
                "kind": "access",
                "asked_at": timezone.now().isoformat(),
                "verification": "mobile",
            },
        ),
    ],
    r"api/^cases/(?P<case_pk>[0-9]+)/data-requests/(?P<pk>\d+)/fulfil/$": [
        api("api:case-data-request-fulfil", "post", "work", api_data_request, lambda w, k: {})
    ],
    r"api/^cases/(?P<case_pk>[0-9]+)/data-requests/(?P<pk>\d+)/export/$": [
        api("api:case-data-request-export", "get", "reveal", api_data_request)
    ],
    # collections that name the case in the body
    r"api/^agreements/$": [
        api(
            "api:agreement-list",
            "post",
            "work",
            lambda w, k: {},
            lambda w, k: {"case": w.cases[k].case.pk},
        )
    ],
    r"api/^documents/$": [
        api(
            "api:document-list",
            "post",
            "work",
            lambda w, k: {},
            lambda w, k: {"case": w.cases[k].case.pk, "kind": "acceptance_form", "audience": "all"},
        )
    ],
}
