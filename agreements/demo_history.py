"""The agreements of the generated historical cases (seed_demo --cases N): every case settled
with an agreement gets one in effect, with its obligations (a payment, in one or two
instalments, and in one case in three an act of the property company), performed, partly
performed or breached as their due dates and a die say. Bulk-written like the cases."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import Min, Q
from django.utils import timezone

from cases.models import Case
from cases.tracking import ALPHABET
from core.bulk import BulkWriter, next_id
from mediators.demo import team_workers

from .codes import LENGTH
from .models import Agreement, Obligation

PAST_DUE = ["performed"] * 18 + ["partly_performed", "breached"]
# Older obligations were settled one way or the other long ago (performed, or breached and
# the reminders sent): only the recent ones may still stand open, as in a real ledger.
UNSETTLED_WITHIN_DAYS = 45


def seed(ctx) -> None:
    if not ctx.options.get("cases"):
        return
    rng = ctx.rng
    today = timezone.localdate()
    workers = team_workers()
    writer = BulkWriter()
    agreement_id, obligation_id = next_id(Agreement), next_id(Obligation)
    settled = (
        Case.objects.filter(outcome="agreement", registered_by__isnull=True)
        .order_by("pk")
        .values("pk", "team_id", "title", "description", "concluded_at")
        .annotate(
            applicant=Min("parties__pk", filter=Q(parties__side="applicant")),
            respondent=Min("parties__pk", filter=Q(parties__side="respondent")),
        )
    )
    for case in settled.iterator(chunk_size=5000):
        drafter = workers.get(case["team_id"])
        if drafter is None or case["concluded_at"] is None or case["respondent"] is None:
            continue
        concluded_at = case["concluded_at"]
        effective_on = timezone.localdate(concluded_at)
        writer.add(
            Agreement,
            {
                "id": agreement_id,
                "case_id": case["pk"],
                "version": 1,
                "supersedes_id": None,
                "status": "effective",
                "facts": case["description"],
                "disputed_matters": case["title"],
                "responsibilities": "",
                "terms": "双方同意按下列履行计划解决本纠纷，今后不再就此另行主张权利。",
                "performance": "",
                "place": "调解室",
                "verification_code": "".join(rng.choices(ALPHABET, k=LENGTH)),
                "template_id": None,
                "correction_reason": "",
                "return_note": "",
                "consent_reason": "",
                "submitted_at": concluded_at,
                "drafted_by_id": drafter,
                "drafted_at": concluded_at - timedelta(hours=2),
                "approved_by_id": None,
                "approved_at": None,
                "finalised_at": concluded_at,
                "signed_on": effective_on,
                "effective_on": effective_on,
                "jc_intended": False,
                "jc_applied_on": None,
                "jc_court": "",
                "jc_result": "",
                "jc_result_on": None,
            },
        )
        for line in _lines(rng, case, effective_on):
            due_on = line.pop("due_on")
            writer.add(
                Obligation,
                {
                    "id": obligation_id,
                    "agreement_id": agreement_id,
                    "due_on": due_on,
                    "status": _status(rng, due_on, today),
                    "status_changed_at": concluded_at if due_on < today else None,
                    **line,
                },
            )
            obligation_id += 1
        agreement_id += 1
    writer.close(Agreement, Obligation)
    ctx.counts.update(writer.counts)


def _lines(rng, case: dict, effective_on) -> list[dict]:
    instalments = 2 if rng.random() < 0.3 else 1
    amount = Decimal(rng.randrange(6, 60) * 100)
    lines = [
        {
            "term_number": 1,
            "debtor_id": case["applicant"],
            "creditor_id": case["respondent"],
            "kind": "payment",
            "description": "补缴所欠物业服务费",
            "amount": amount / instalments,
            "due_on": effective_on + timedelta(days=15 + 30 * i),
            "instalment": i + 1,
            "instalments": instalments,
        }
        for i in range(instalments)
    ]
    if rng.random() < 1 / 3:
        lines.append(
            {
                "term_number": 2,
                "debtor_id": case["respondent"],
                "creditor_id": case["applicant"],
                "kind": "act",
                "description": "完成公共部位维修并恢复相关服务",
                "amount": None,
                "due_on": effective_on + timedelta(days=10),
                "instalment": 1,
                "instalments": 1,
            }
        )
    return lines


def _status(rng, due_on, today) -> str:
    if due_on >= today:
        return "pending"
    if (today - due_on).days > UNSETTLED_WITHIN_DAYS:
        return "breached" if rng.random() < 0.04 else "performed"
    return rng.choice(PAST_DUE)
