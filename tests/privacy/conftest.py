"""Cases with personal data everywhere it is kept, ended long ago or recently, made through the
services (the dates of an old case are moved back afterwards: the services stamp "now")."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cases.models import Case, Party
from cases.services.work import contact_record, session_record
from followups.models import FollowUpPlan, FollowUpVisit
from intake.models import Addition
from tests.factories.intake import confirmed_case

APPLICANT = "李龙"
APPLICANT_MOBILE = "13812345678"
APPLICANT_ID = "310112198503071231"
WITNESS = "王小明"
WITNESS_MOBILE = "13987654321"
WITNESS_ID = "11010519491231002X"
EMAIL = "lilong@example.com"
NUMBERS = (APPLICANT_MOBILE, APPLICANT_ID, WITNESS_MOBILE, WITNESS_ID)


@pytest.fixture(autouse=True)
def _private_files(private_storage):
    """Uploaded files go to a folder of this test, never into var/ (tests/conftest.py)."""


@pytest.fixture
def api():
    return APIClient()


@dataclass
class Story:
    case: Case
    applicant: Party
    witness: Party


def make_story(town, *, mobile=APPLICANT_MOBILE, close=True) -> Story:
    """A web complaint by 李龙 with a witness 王小明 and their numbers in the complaint, a
    contact note, session minutes, added information and a follow-up visit."""
    case = confirmed_case(
        town.a.compound,
        mobile=mobile,
        name=APPLICANT,
        description=f"{APPLICANT}家楼上漏水，邻居{WITNESS}（{WITNESS_MOBILE}）可以作证。",
        claims=f"请联系{APPLICANT}，电话{mobile}。",
        building="12号楼2单元301室",
        email=EMAIL,
    )
    applicant = case.parties.get(is_filer=True)
    Party.objects.filter(pk=applicant.pk).update(
        id_number=APPLICANT_ID, address=f"{town.a.compound.name}12号楼2单元301室"
    )
    witness = Party.objects.create(
        case=case,
        side="third_party",
        name=WITNESS,
        mobile=WITNESS_MOBILE,
        id_number=WITNESS_ID,
        address="隔壁13号楼",
    )
    worker, mediator = town.a.grid_worker, town.a.grid_mediator
    from cases.services.moves import case_accept

    case_accept(case_id=case.pk, actor=worker)
    contact_record(
        case_id=case.pk,
        actor=worker,
        method="phone",
        result="reached",
        party_id=applicant.pk,
        note=f"{APPLICANT}说下午在家，也可打{WITNESS}的电话{WITNESS_MOBILE}。",
    )
    session_record(
        case_id=case.pk,
        actor=worker,
        held_at=timezone.now(),
        place="社区调解室",
        mode="joint",
        participants=f"{APPLICANT}、{WITNESS}、物业经理",
        minutes=f"{APPLICANT}出示身份证{APPLICANT_ID}，双方同意维修。",
    )
    Addition.objects.create(case=case, text=f"{APPLICANT}补充：漏水照片已发。")
    case.refresh_from_db()
    if close:
        from cases.services.moves import case_close, case_settle

        case_settle(case_id=case.pk, actor=worker, summary="物业一周内维修。")
        case_close(case_id=case.pk, actor=worker)
    plan = FollowUpPlan.objects.create(
        case=case, cycle=0, anchor="closure", anchor_on=date.today(), visit_days=[7]
    )
    FollowUpVisit.objects.create(
        plan=plan,
        case=case,
        offset_days=7,
        planned_on=date.today(),
        due_on=date.today(),
        status="done",
        visited_on=date.today(),
        mode="phone",
        participants=f"{APPLICANT}（{mobile}）",
        satisfaction="satisfied",
        remarks=f"{APPLICANT}对维修满意。",
    )
    del mediator
    case.refresh_from_db()
    return Story(case=case, applicant=applicant, witness=witness)


def move_back(case: Case, *, years: float) -> Case:
    """The case happened `years` ago: every date of it moves back by that much."""
    shift = timedelta(days=round(365.25 * years))
    fields = {}
    for name in ("registered_at", "accepted_at", "concluded_at", "closed_at"):
        if getattr(case, name):
            fields[name] = getattr(case, name) - shift
    if case.deadline:
        fields["deadline"] = case.deadline - shift
    Case.objects.filter(pk=case.pk).update_past_cases(**fields)
    case.refresh_from_db()
    return case


@pytest.fixture
def old_story(town) -> Story:
    story = make_story(town)
    move_back(story.case, years=11)
    return story
