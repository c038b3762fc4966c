"""The retention job: personal data of cases ended longer ago than the period is anonymised,
everything the figures count stays, and it runs once per case, in batches."""

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import Case, CaseEvent, ContactAttempt, MediationSession, Party
from followups.models import FollowUpVisit
from intake.models import Addition, Complaint
from privacy import services, tasks
from privacy.models import Anonymisation
from reports.periods import period_for
from reports.selectors import rollup_rows

from .conftest import (
    APPLICANT,
    APPLICANT_ID,
    APPLICANT_MOBILE,
    EMAIL,
    NUMBERS,
    WITNESS,
    WITNESS_ID,
    WITNESS_MOBILE,
    make_story,
    move_back,
)

pytestmark = pytest.mark.django_db

KEPT = (
    "reference",
    "tracking_code",
    "category_id",
    "compound_id",
    "grid_id",
    "street_id",
    "district_id",
    "channel",
    "status",
    "outcome",
    "tier",
    "team_id",
    "households",
    "difficulty",
    "urgency",
    "grade_level",
    "registered_at",
    "accepted_at",
    "deadline",
    "concluded_at",
    "closed_at",
    "reopened_count",
)


def kept(case: Case) -> dict:
    case.refresh_from_db()
    return {name: getattr(case, name) for name in KEPT}


def everything_personal_of(case: Case) -> str:
    """Every text the case keeps about people, in one string to search."""
    case.refresh_from_db()
    complaint = Complaint.objects.get(case=case)
    texts = [case.title, case.description, case.claims, case.building]
    for p in Party.objects.filter(case=case):
        texts += [p.name, p.mobile, p.id_number, p.address]
    texts += [complaint.name, complaint.mobile, complaint.email, complaint.building]
    texts += [complaint.description, complaint.claims, complaint.other_side]
    texts += list(ContactAttempt.objects.filter(case=case).values_list("note", flat=True))
    for s in MediationSession.objects.filter(case=case):
        texts += [s.participants, s.minutes]
    texts += list(Addition.objects.filter(case=case).values_list("text", flat=True))
    for v in FollowUpVisit.objects.filter(case=case):
        texts += [v.participants, v.remarks]
    return "\n".join(texts)


def test_it_anonymises_an_old_closed_case_and_keeps_the_case(old_story):
    case = old_story.case
    before = kept(case)
    assert APPLICANT in everything_personal_of(case)  # the story holds what is to go

    run = services.retention_run()

    assert run.anonymised == 1 and run.finished
    text = everything_personal_of(case)
    for secret in (APPLICANT, WITNESS, EMAIL, "12号楼2单元301室", *NUMBERS):
        assert secret not in text, secret
    applicant = Party.objects.get(pk=old_story.applicant.pk)
    assert (applicant.name, applicant.mobile, applicant.id_number, applicant.address) == (
        "李某",
        "",
        "",
        "",
    )
    assert Party.objects.get(pk=old_story.witness.pk).name == "王某某"
    assert Complaint.objects.get(case=case).name == "李某"
    assert "李某" in case.description and "王某某" in case.description  # read as before
    # The organisation on the other side is not a person: its name stays.
    assert Party.objects.filter(case=case, kind="organisation").exclude(name="").exists()
    assert kept(case) == before
    visit = FollowUpVisit.objects.get(case=case)
    assert visit.satisfaction == "satisfied" and visit.visited_on is not None


def test_it_writes_one_record_entry_without_personal_data_and_marks_the_case(old_story):
    services.retention_run()
    entry = CaseEvent.objects.get(case=old_story.case, kind="anonymised")
    assert entry.summary == "已按保存期限政策对个人信息作匿名化处理。"
    assert entry.detail == {"reason": "retention", "years": 10, "parties": 3, "files": 0}
    assert entry.actor is None
    for secret in (APPLICANT, WITNESS, *NUMBERS):
        assert secret not in entry.summary + str(entry.detail)
    mark = Anonymisation.objects.get(case=old_story.case)
    assert (mark.reason, mark.event, mark.party) == ("retention", entry, None)


@pytest.mark.django_db(transaction=True)
def test_the_residents_photos_go_with_their_data(town, private_storage):
    """The photos a resident sent show their home: the job deletes the rows and, once that is
    committed, the files; the record entry counts them."""
    from django.core.files.base import ContentFile

    from intake.models import Upload
    from tests.factories.intake import png_bytes

    story = make_story(town)
    move_back(story.case, years=11)
    complaint = Complaint.objects.get(case=story.case)
    upload = Upload(
        name="漏水.png",
        content_type="image/png",
        size=10,
        sha256="0" * 64,
        created_at=timezone.now(),
        complaint=complaint,
    )
    upload.file.save("leak.png", ContentFile(png_bytes()), save=True)
    path = upload.file.path
    assert Upload.objects.filter(complaint=complaint).count() == 1
    import os

    assert os.path.exists(path)

    services.retention_run()

    assert not Upload.objects.filter(complaint=complaint).exists()
    assert not os.path.exists(path)
    entry = CaseEvent.objects.get(case=story.case, kind="anonymised")
    assert entry.detail["files"] == 1


def test_it_leaves_a_recent_closed_case_and_an_old_open_case_untouched(town, old_story):
    recent = make_story(town, mobile="13700001111")
    move_back(recent.case, years=9)  # ended nine years ago: one more to go
    still_open = make_story(town, mobile="13700002222", close=False)
    move_back(still_open.case, years=12)  # registered twelve years ago, never ended
    untouched = {c.pk: (everything_personal_of(c), kept(c)) for c in (recent.case, still_open.case)}

    assert services.retention_run().anonymised == 1

    for case in (recent.case, still_open.case):
        assert (everything_personal_of(case), kept(case)) == untouched[case.pk]
        assert not CaseEvent.objects.filter(case=case, kind="anonymised").exists()
        assert not Anonymisation.objects.filter(case=case).exists()
    assert Anonymisation.objects.filter(case=old_story.case).exists()


def test_a_declined_case_counts_from_when_it_was_declined(town):
    from cases.services.moves import case_decline
    from tests.factories.intake import confirmed_case

    case = confirmed_case(town.a.compound, mobile="13700003333", name="赵四")
    case_decline(case_id=case.pk, actor=town.a.grid_worker, reason="不属于物业纠纷。")
    move_back(Case.objects.get(pk=case.pk), years=10.2)
    assert services.retention_run().anonymised == 1
    assert Complaint.objects.get(case=case).mobile == ""
    assert Party.objects.get(case=case, is_filer=True).name == "赵某"


def test_the_period_is_the_setting(settings, town):
    story = make_story(town)
    move_back(story.case, years=4)
    assert services.retention_run().anonymised == 0
    settings.PRIVACY_RETENTION_YEARS = 3
    assert services.retention_run().anonymised == 1
    entry = CaseEvent.objects.get(case=story.case, kind="anonymised")
    assert entry.detail["years"] == 3


def test_it_is_idempotent(old_story):
    services.retention_run()
    after_first = everything_personal_of(old_story.case)
    events = CaseEvent.objects.filter(case=old_story.case).count()

    assert services.retention_run().anonymised == 0
    assert services.case_anonymise(case_id=old_story.case.pk) is None  # even asked directly

    assert everything_personal_of(old_story.case) == after_first
    assert CaseEvent.objects.filter(case=old_story.case).count() == events
    assert Anonymisation.objects.filter(case=old_story.case).count() == 1


def test_the_dashboard_figures_are_the_same_before_and_after(town, old_story):
    from reports.jurisdiction import Jurisdiction
    from reports.selectors import dashboard
    from reports.services.rollups import rollup_refresh

    case = old_story.case
    months = {period_for(d.date().replace(day=1)) for d in (case.registered_at, case.closed_at)}
    street = Jurisdiction("street", town.a.street.pk, town.a.street.name)

    def figures():
        out = []
        for period in sorted(months, key=lambda p: p.month):
            rollup_refresh(month=period.month)
            shown = dashboard(jurisdiction=street, month=period.month)
            del shown["refreshed_at"]  # when the roll-up was counted, not a figure
            out.append((rollup_rows(period), shown))
        return out

    before = figures()
    assert before[0][0]["cases"], "the old case is counted in its month"
    services.retention_run()
    assert figures() == before


def test_it_goes_in_batches_and_carries_on_where_it_stopped(settings, town):
    settings.PRIVACY_RETENTION_BATCH = 2
    stories = [make_story(town, mobile=f"1370000{i:04d}") for i in range(5)]
    for story in stories:
        move_back(story.case, years=11)
    ids = sorted(s.case.pk for s in stories)

    first = services.retention_run(seconds=0)  # one batch, then it stops

    assert (first.anonymised, first.last_pk, first.finished) == (2, ids[1], False)
    assert set(Anonymisation.objects.values_list("case_id", flat=True)) == set(ids[:2])
    # Each batch asks for the next ids after the last one, never for every case.
    with CaptureQueriesContext(connection) as queries:
        services.cases_due(cutoff=timezone.now(), after_pk=ids[1], limit=2)
    assert "LIMIT 2" in queries[0]["sql"]

    # The task queues itself to go on (Celery runs eagerly in the tests).
    settings.PRIVACY_RETENTION_RUN_SECONDS = 0
    tasks.retention_run.delay(after_pk=first.last_pk)
    assert set(Anonymisation.objects.values_list("case_id", flat=True)) == set(ids)


def test_the_job_runs_daily_from_beat():
    from config.celery import app

    entry = app.conf.beat_schedule["privacy-retention-run"]
    assert entry["task"] == "privacy.tasks.retention_run"
    assert entry["schedule"].hour == {2}  # once a day, at night
    assert "privacy.tasks.retention_run" in app.tasks


def test_its_log_carries_no_phone_or_id_numbers(caplog, old_story):
    caplog.set_level(logging.DEBUG)
    services.retention_run()
    logged = caplog.text
    assert "retention: 1 cases anonymised" in logged  # the run did log
    for secret in (*NUMBERS, EMAIL, APPLICANT, WITNESS):
        assert secret not in logged, secret
    assert APPLICANT_MOBILE not in logged and APPLICANT_ID not in logged
    assert WITNESS_MOBILE not in logged


def test_it_finds_names_and_numbers_however_they_were_typed(town):
    """The scrubbing shares the typical cases' matcher: a mobile with dots, brackets or
    full-width digits, part of an ID number and a name with a space in it go too, and the
    rest of the text stays as it was written (issue 19, item 2)."""
    story = make_story(town)
    written = (
        f"李 龙（138.1234.5678）、王\u3000小明（（139）8765-4321，１３９－８７６５－４３２１，"
        f"身份证尾号{WITNESS_ID[-7:-1]}ｘ）于2026.12.04到3-1201室，交费12,000元。"
    )
    addition = Addition.objects.create(case=story.case, text=written)
    move_back(story.case, years=11)

    services.retention_run()

    addition.refresh_from_db()
    assert (
        addition.text
        == "李某（×××）、王某某（×××，×××，身份证尾号×××）于2026.12.04到3-1201室，交费12,000元。"
    )
