"""Demo cases: a walkthrough set made through the real services (every state and tier, for the
printed logins), and a historical set generated in bulk over the past months or years."""

from datetime import timedelta

from django.utils import timezone

from core.bulk import BulkWriter, next_id, reset_sequences
from core.demo_text import CASE_TEXTS
from grids.models import PropertyCompany
from mediators.demo import team_workers

from . import tracking
from .demo_work import seed_work
from .models import (
    Case,
    CaseEvent,
    Category,
    MediationSession,
    Party,
    PartyGroup,
    ReferenceCounter,
    TierStint,
)
from .services.assignment import case_assign
from .services.moves import (
    case_accept,
    case_close,
    case_decline,
    case_escalate,
    case_refer,
    case_reopen,
    case_settle,
    case_withdraw,
)
from .services.parties import PartyData
from .services.registration import case_register, reference_format

# Each script is the list of moves a walkthrough case goes through after registration.
SCRIPTS = [
    [],
    [],
    ["decline"],
    ["accept"],
    ["accept", "assign"],
    ["accept", "assign"],
    ["accept", "assign", "escalate"],
    ["accept", "assign", "escalate", "accept_lead"],
    ["accept", "assign", "escalate", "escalate"],
    ["accept", "assign", "settle"],
    ["accept", "assign", "settle"],
    ["accept", "assign", "escalate", "settle"],
    ["accept", "refer_later"],
    ["accept", "withdraw"],
    ["accept", "assign", "settle", "close"],
    ["accept", "assign", "settle", "close"],
    ["accept", "assign", "settle", "close", "reopen"],
    # settled at the grid with no agreement yet: the follow-ups demo gives them agreements in
    # force whose obligations it walks through every state
    ["accept", "assign", "settle"],
    ["accept", "assign", "settle"],
    ["accept", "assign", "escalate", "settle"],
]


# The record entry that concluded a bulk case is the move's (settle, refer, ...), as the move
# services write it: a status or outcome word would be a kind the timeline has no name for.
CONCLUDING_MOVE = {
    "settled": "settle",
    "agreement": "settle",
    "referred": "refer",
    "withdrawn": "withdraw",
    "declined": "decline",
}


def _texts(rng, category_code: str):
    return rng.choice(CASE_TEXTS.get(category_code) or CASE_TEXTS["other"])


def seed(ctx) -> None:
    """Historical cases first (so reference numbers follow registration time), then the
    walkthrough cases through the services."""
    seed_bulk(ctx, ctx.options.get("cases", 0), days=ctx.options.get("days", 365))
    seed_walkthrough(ctx)


def seed_walkthrough(ctx) -> None:
    categories = {c.code: c for c in Category.objects.all()}
    grid = ctx.grids[0]
    compounds = [c for c in ctx.compounds if c.grid_id == grid.pk]
    gridworker, mediator = ctx.users["gridworker"], ctx.users["mediator"]
    lead, specialist = ctx.users["lead"], ctx.users["specialist"]
    coordinator = ctx.users["coordinator"]
    codes = list(categories)
    walked = []
    for i, script in enumerate(SCRIPTS):
        rng = ctx.rng
        category = categories[codes[i % len(codes)]]
        title, description, claims = _texts(rng, category.code)
        compound = compounds[i % len(compounds)]
        applicant = PartyData(
            side="applicant",
            name=ctx.name(),
            mobile=ctx.mobile(),
            address=f"{compound.name}{rng.randrange(1, 30)}号楼",
            is_filer=True,
        )
        respondent = PartyData(
            side="respondent",
            kind="organisation",
            name=compound.property_company.name,
            property_company_id=compound.property_company_id,
        )
        case = case_register(
            compound=compound,
            category=category,
            channel=rng.choice(Case.Channel.values[:5]),
            title=title,
            description=description,
            claims=claims,
            building=f"{rng.randrange(1, 30)}号楼{rng.randrange(1, 4)}单元",
            parties=[applicant, respondent],
            registered_by=gridworker,
        )
        for step in script:
            _walk(
                step,
                case,
                gridworker=gridworker,
                mediator=mediator,
                lead=lead,
                specialist=specialist,
                coordinator=coordinator,
            )
        walked.append(case)
    collective = _seed_special(ctx, categories)
    ctx.extra["walkthrough_cases"] = [c.pk for c in walked]

    seed_work(ctx, walked, collective)


def _walk(step: str, case: Case, *, gridworker, mediator, lead, specialist, coordinator) -> None:
    case.refresh_from_db()
    actor = {"grid": gridworker, "specialist": lead, "joint_centre": coordinator}[case.tier]
    if step == "accept" or step == "accept_lead":
        if case.status == "registered":
            case_accept(case_id=case.pk, actor=actor)
    elif step == "assign":
        worker = {"grid": mediator, "specialist": specialist, "joint_centre": coordinator}[
            case.tier
        ]
        case_assign(case_id=case.pk, actor=actor, user=worker)
    elif step == "escalate":
        case_escalate(
            case_id=case.pk,
            actor=actor,
            reason="双方分歧较大，网格层面多次调解未果，报请上级调解。",
        )
    elif step == "settle":
        case_settle(
            case_id=case.pk,
            actor=actor,
            summary="双方达成一致：物业公司限期整改，业主按约定缴纳费用。",
        )
    elif step == "refer_later":
        case_refer(
            case_id=case.pk,
            actor=actor,
            referral_target="court",
            referral_body="区人民法院",
            reason="申请人坚持诉讼解决。",
        )
    elif step == "withdraw":
        case_withdraw(case_id=case.pk, actor=actor, reason="物业已主动整改，申请人撤回。")
    elif step == "decline":
        case_decline(
            case_id=case.pk,
            actor=actor,
            reason="属于商品房买卖合同纠纷，不属于物业纠纷调解范围，已告知向开发商主张。",
        )
    elif step == "close":
        case_close(case_id=case.pk, actor=actor, note="协议已履行完毕，回访满意。")
    elif step == "reopen":
        case_reopen(case_id=case.pk, actor=actor, reason="回访发现物业未按约定整改，业主再次投诉。")


def _seed_special(ctx, categories) -> None:
    """A key collective dispute (starts at the specialist team) and a compound with no grid."""

    compound = next(c for c in ctx.compounds if c.grid_id == ctx.grids[1].pk)
    case = case_register(
        compound=compound,
        category=categories["fees"],
        channel="walk_in",
        title="百余户业主集体拒缴物业费",
        description="物业公司擅自上调物业费并减少保安岗位，126户业主联名拒缴，双方在小区门口发生争执。",
        claims="恢复原收费标准，按合同配置保安。",
        households=126,
        difficulty="complex",
        urgency="urgent",
        parties=[
            PartyData(
                side="respondent",
                kind="organisation",
                name=compound.property_company.name,
                property_company_id=compound.property_company_id,
            )
        ],
        registered_by=ctx.users["gridworker"],
    )
    group = PartyGroup.objects.create(
        case=case,
        side="applicant",
        name=f"{compound.name}业主",
        description="126户业主联名申请调解",
    )
    positions = ["agrees", "refuses", "undecided"]
    Party.objects.bulk_create(
        [
            Party(
                case=case,
                side="applicant",
                name=ctx.name(),
                mobile=ctx.mobile(),
                group=group,
                is_representative=i < 3,
                position=positions[i % 3] if i >= 3 else "agrees",
                address=f"{compound.name}{i % 12 + 1}号楼",
            )
            for i in range(40)
        ]
    )
    ctx.extra["collective_case"] = case.pk
    no_grid = next(c for c in ctx.compounds if c.grid_id is None)
    case_register(
        compound=no_grid,
        category=categories["repairs"],
        channel="hotline",
        title="新建小区地库渗水",
        description="新交付小区地下车库多处渗水，物业称属开发商保修范围。",
        parties=[PartyData(side="applicant", name=ctx.name(), mobile=ctx.mobile(), is_filer=True)],
        registered_by=ctx.users["lead"],
    )
    return case


# ---------------------------------------------------------------------------------------------
# Historical cases in bulk
# ---------------------------------------------------------------------------------------------

OUTCOMES = [  # (weight, status, outcome, closed)
    (70, "closed", "agreement", True),
    (8, "settled", "agreement", False),
    (8, "closed", "referred", True),
    (6, "withdrawn", "withdrawn", False),
    (4, "declined", "declined", False),
    (4, "referred", "referred", False),
]


# The demo town's share of the cases when the city is generated: its grid teams (whose people
# have the printed logins) then carry thousands of cases each, the heavy inboxes of issue 9.
TOWN_SHARE = 0.05


def _compound_weights(ctx) -> tuple[list, list[float]]:
    """Every compound, with cumulative weights for rng.choices: by households in the city (big
    compounds complain more), a fixed share for the town."""
    town = ctx.compounds
    city = ctx.city.compounds if ctx.city else []
    weights = [1.0] * len(town)
    if city:
        city_households = sum(c.households or 500 for c in city)
        per_town = TOWN_SHARE / (1 - TOWN_SHARE) * city_households / len(town)
        weights = [per_town] * len(town) + [float(c.households or 500) for c in city]
    cumulative, total = [], 0.0
    for w in weights:
        total += w
        cumulative.append(total)
    return town + city, cumulative


def _street_and_company_names(ctx) -> tuple[dict, dict, dict]:
    streets = ctx.streets + (ctx.city.streets if ctx.city else [])
    companies = dict(PropertyCompany.objects.values_list("pk", "name"))
    return (
        {s.pk: s.case_prefix for s in streets},
        {s.pk: s.district_id for s in streets},
        {None: "物业公司", **companies},
    )


class _SessionWriter:
    """The mediation sessions of a generated case: a joint session, and in one case in four a
    back-to-back meeting with the applicant before it."""

    def __init__(self, writer: BulkWriter, workers: dict[int, int]):
        self.writer, self.workers, self.next_id = writer, workers, next_id(MediationSession)

    def add(self, rng, case_id: int, team_id: int, start, end, title: str) -> None:
        recorder = self.workers.get(team_id)
        if recorder is None or end <= start:
            return
        modes = (
            [("back_to_back", "applicant"), ("joint", "")]
            if rng.random() < 0.25
            else [("joint", "")]
        )
        for index, (mode, side) in enumerate(modes):
            held_at = start + (end - start) * (index + 1) / (len(modes) + 1)
            self.writer.add(
                MediationSession,
                {
                    "id": self.next_id,
                    "case_id": case_id,
                    "held_at": held_at,
                    "place": "调解室",
                    "mode": mode,
                    "side": side,
                    "participants": "申请人" if side else "申请人、被申请人、调解员",
                    "minutes": f"就{title}听取双方意见，释明相关法律规定。",
                    "private_note": "",
                    "recorded_by_id": recorder,
                    "recorded_at": held_at,
                },
            )
            self.next_id += 1


def seed_bulk(ctx, n: int, *, days: int) -> None:
    """`n` cases registered over the last `days` days, with parties, stints and record entries
    consistent with their state; reference numbers continue each street's yearly sequence."""
    rng = ctx.rng
    now = timezone.now()
    categories = list(Category.objects.values_list("pk", "code"))
    compounds, cum_weights = _compound_weights(ctx)
    prefix, district_of, company_name = _street_and_company_names(ctx)
    writer = BulkWriter()
    case_id, party_id, event_id, stint_id = (
        next_id(m) for m in (Case, Party, CaseEvent, TierStint)
    )
    sessions = _SessionWriter(writer, team_workers())
    starts = sorted(now - timedelta(seconds=rng.randrange(days * 86400)) for _ in range(n))
    counters = {(c.street_id, c.year): c.last for c in ReferenceCounter.objects.all()}
    weights = [w for w, *_ in OUTCOMES]
    for registered_at in starts:
        compound = rng.choices(compounds, cum_weights=cum_weights)[0]
        year = timezone.localtime(registered_at).year
        seq = counters.get((compound.street_id, year), 0) + 1
        counters[(compound.street_id, year)] = seq
        category_id, code = rng.choice(categories)
        title, description, claims = _texts(rng, code)
        age = (now - registered_at).days
        tiers = ["grid"] if compound.grid_id else ["specialist"]
        roll = rng.random()
        if roll > 0.78 and tiers == ["grid"]:
            tiers.append("specialist")
        if roll > 0.95:
            tiers.append("joint_centre")
        teams = {
            "grid": ctx.grid_teams.get(compound.grid_id),
            "specialist": ctx.specialist_teams[compound.street_id],
            "joint_centre": ctx.centres[compound.street_id],
        }
        if age > 45:
            _w, status, outcome, closed = rng.choices(OUTCOMES, weights)[0]
        elif age > 2:
            status, outcome, closed = rng.choice(
                [("in_mediation", "", False)] * 3 + [("settled", "agreement", False)]
            )
        else:
            status, outcome, closed = "registered", "", False
        if status in ("registered", "declined"):
            tiers = tiers[:1]
        accepted_at = registered_at + timedelta(hours=rng.randrange(2, 48))
        span = timedelta(days=rng.randrange(3, 40), hours=rng.randrange(24))
        concluded_at = accepted_at + span if status not in ("registered", "in_mediation") else None
        if concluded_at and concluded_at > now:
            concluded_at = now - timedelta(hours=1)
        tier = tiers[-1]
        deadline = (timezone.localtime(accepted_at) + timedelta(days=30)).date()
        writer.add(
            Case,
            {
                "id": case_id,
                "reference": reference_format(
                    prefix=prefix[compound.street_id], year=year, seq=seq
                ),
                "reference_year": year,
                "reference_seq": seq,
                "tracking_code": tracking.new_tracking_code(),
                "compound_id": compound.pk,
                "grid_id": compound.grid_id,
                "street_id": compound.street_id,
                "district_id": district_of[compound.street_id],
                "building": f"{rng.randrange(1, 30)}号楼",
                "channel": rng.choice(Case.Channel.values),
                "category_id": category_id,
                "title": title,
                "description": description,
                "claims": claims,
                "households": 1 if rng.random() < 0.85 else rng.randrange(2, 120),
                "difficulty": "ordinary",
                "urgency": "normal",
                "grade_level": "key"
                if tiers[0] == "specialist" and compound.grid_id
                else "ordinary",
                "tier": tier,
                "status": status,
                "team_id": teams[tier].pk,
                "needs_lead_attention": compound.grid_id is None,
                "outcome": outcome,
                "version": 1,
                "registered_at": registered_at,
                "accepted_at": accepted_at if status not in ("registered", "declined") else None,
                "deadline": deadline if status not in ("registered", "declined") else None,
                "concluded_at": concluded_at,
                "closed_at": concluded_at + timedelta(days=rng.randrange(7, 60))
                if closed and concluded_at
                else None,
                "reopened_count": 0,
                "registered_by_id": None,
                "decline_reason": "",
                "referral_target": "court" if outcome == "referred" else "",
                "referral_body": "",
            },
        )
        for side, kind, name in (
            ("applicant", "person", ctx.name()),
            ("respondent", "organisation", company_name[compound.property_company_id]),
        ):
            writer.add(
                Party,
                {
                    "id": party_id,
                    "case_id": case_id,
                    "side": side,
                    "kind": kind,
                    "name": name,
                    "mobile": ctx.mobile() if kind == "person" else "",
                    "id_number": "",
                    "address": "",
                    "property_company_id": compound.property_company_id
                    if kind == "organisation"
                    else None,
                    "owners_committee_id": None,
                    "group_id": None,
                    "is_representative": False,
                    "position": "undecided",
                    "is_filer": side == "applicant",
                },
            )
            party_id += 1
        moment = registered_at
        for index, t in enumerate(tiers):
            left = (
                concluded_at
                if index == len(tiers) - 1
                else accepted_at + span * (index + 1) / len(tiers)
            )
            writer.add(
                TierStint,
                {
                    "id": stint_id,
                    "case_id": case_id,
                    "tier": t,
                    "team_id": teams[t].pk,
                    "entered_at": moment,
                    "due_on": deadline,
                    "left_at": left,
                    "left_by": "escalate" if index < len(tiers) - 1 else (status if left else ""),
                },
            )
            stint_id += 1
            moment = left or moment
        events = [("registered", registered_at, "parties", "登记受理申请。")]
        if status not in ("registered", "declined"):
            events.append(("accept", accepted_at, "parties", "受理并开始调解。"))
        for t in tiers[1:]:
            events.append(
                ("escalate", accepted_at + span / 2, "parties", f"上报至{teams[t].name}。")
            )
        if concluded_at:
            events.append(
                (
                    CONCLUDING_MOVE[status if status != "closed" else outcome],
                    concluded_at,
                    "parties",
                    {
                        "agreement": "双方达成调解协议。",
                        "referred": "调解不成，告知诉讼途径。",
                        "withdrawn": "申请人撤回申请。",
                        "declined": "不予受理。",
                    }.get(outcome, ""),
                )
            )
        if accepted_at and status not in ("registered", "declined"):
            sessions.add(rng, case_id, teams[tier].pk, accepted_at, concluded_at or now, title)
        for kind, at, visibility, summary in events:
            writer.add(
                CaseEvent,
                {
                    "id": event_id,
                    "case_id": case_id,
                    "kind": kind,
                    "actor_id": None,
                    "created_at": at,
                    "visibility": visibility,
                    "side": "",
                    "summary": summary,
                    "detail": {},
                    "corrects_id": None,
                },
            )
            event_id += 1
        case_id += 1
    writer.close(Case, Party, CaseEvent, TierStint, MediationSession)
    for (street_id, year), last in counters.items():
        ReferenceCounter.objects.update_or_create(
            street_id=street_id, year=year, defaults={"last": last}
        )
    reset_sequences(ReferenceCounter)
    ctx.counts.update(writer.counts)
