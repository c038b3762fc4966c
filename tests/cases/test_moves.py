"""The move services: the database after each move, the record entry, refusals that write
nothing, stale moves, and concurrency on PostgreSQL."""

import threading

import pytest
from django.db import connection

from cases.models import Case, CaseEvent, TierStint
from cases.services.assignment import case_assign
from cases.services.moves import (
    case_accept,
    case_close,
    case_decline,
    case_escalate,
    case_reopen,
    case_settle,
    case_withdraw,
)
from core.errors import Refused
from tests.conftest import needs_postgres


def kinds(case) -> list[str]:
    return list(case.events.values_list("kind", flat=True))


def test_registration_routes_to_the_grid_team_and_records_why(town, case):
    assert case.tier == "grid" and case.team == town.a.grid_team
    assert case.status == "registered"
    assert kinds(case) == ["registered", "routed"]
    routed = case.events.get(kind="routed")
    assert routed.detail["rule"] == "grid_team"
    assert town.a.grid.name in routed.summary


def test_accept_sets_the_30_day_deadline(town, case):
    case_accept(case_id=case.pk, actor=town.a.grid_worker)
    case.refresh_from_db()
    assert case.status == "in_mediation"
    assert (case.deadline - case.accepted_at.date()).days in (30, 31)  # local vs UTC date
    stint = TierStint.objects.get(case=case)
    assert stint.due_on is not None and stint.due_on <= case.deadline
    assert kinds(case)[-1] == "accept"


def test_escalation_moves_the_case_to_the_specialist_team(town, case):
    case_accept(case_id=case.pk, actor=town.a.grid_worker)
    case_assign(case_id=case.pk, actor=town.a.grid_worker, user=town.a.grid_mediator)
    case_escalate(case_id=case.pk, actor=town.a.grid_mediator, reason="分歧较大")
    case.refresh_from_db()
    assert (case.tier, case.team) == ("specialist", town.a.specialist_team)
    assert not case.assignments.filter(active=True).exists()
    stints = list(TierStint.objects.filter(case=case))
    assert [s.tier for s in stints] == ["grid", "specialist"]
    assert stints[0].left_by == "escalate" and stints[1].left_at is None
    event = case.events.get(kind="escalate")
    assert event.detail["reason"] == "分歧较大"
    assert event.detail["from"]["tier"] == "grid" and event.detail["to"]["tier"] == "specialist"


def test_a_refused_move_writes_nothing(town, case):
    before = (Case.objects.filter(pk=case.pk).values().get(), kinds(case))
    with pytest.raises(Refused) as refused:
        case_settle(case_id=case.pk, actor=town.a.grid_worker, summary="x")
    assert refused.value.code == "illegal"
    with pytest.raises(Refused) as refused:
        case_accept(case_id=case.pk, actor=town.b.grid_worker)
    assert refused.value.code == "forbidden"
    assert (Case.objects.filter(pk=case.pk).values().get(), kinds(case)) == before


def test_a_stale_move_is_refused(town, case):
    version = case.version
    case_accept(case_id=case.pk, actor=town.a.grid_worker, expected_version=version)
    with pytest.raises(Refused) as refused:
        case_decline(
            case_id=case.pk, actor=town.a.grid_worker, reason="x", expected_version=version
        )
    assert refused.value.code == "stale"


def test_a_reason_is_required_where_the_move_needs_one(town, case):
    with pytest.raises(Refused) as refused:
        case_decline(case_id=case.pk, actor=town.a.grid_worker, reason="  ")
    assert refused.value.code == "invalid"
    assert Case.objects.get(pk=case.pk).status == "registered"


def test_settle_close_and_reopen_keep_one_file(town, case):
    worker = town.a.grid_worker
    case_accept(case_id=case.pk, actor=worker)
    case_settle(case_id=case.pk, actor=worker, summary="物业当天充值水卡")
    case_close(case_id=case.pk, actor=worker)
    reference = Case.objects.get(pk=case.pk).reference
    case_reopen(case_id=case.pk, actor=worker, reason="又停水了")
    case.refresh_from_db()
    assert case.reference == reference
    assert (case.status, case.reopened_count, case.closed_at) == ("in_mediation", 1, None)
    assert kinds(case)[-4:] == ["accept", "settle", "close", "reopen"]


def test_the_applicant_may_withdraw_without_an_account(case):
    case_withdraw(case_id=case.pk, reason="已自行解决", as_applicant=True)
    case.refresh_from_db()
    assert case.status == "withdrawn" and case.outcome == "withdrawn"
    assert case.events.get(kind="withdraw").actor is None


def test_the_record_cannot_be_edited_or_deleted_through_the_orm(case):
    from cases.models.record import AppendOnlyError

    event = case.events.first()
    event.summary = "篡改"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.filter(case=case).update(summary="篡改")
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.filter(case=case).delete()


def test_a_bulk_update_cannot_change_the_workflow_without_the_record(case):
    """Issue 10: `.update()` on cases may not skip the record entry a move writes."""
    from cases.models.case import UnrecordedChangeError

    before = (case.status, case.tier, case.team_id, case.events.count())
    for change in ({"status": "closed"}, {"tier": "joint_centre"}, {"team_id": None}):
        with pytest.raises(UnrecordedChangeError):
            Case.objects.filter(pk=case.pk).update(**change)
    case.refresh_from_db()
    assert (case.status, case.tier, case.team_id, case.events.count()) == before
    # fields no move owns may still be updated in bulk
    Case.objects.filter(pk=case.pk).update(building="9号楼")
    assert Case.objects.get(pk=case.pk).building == "9号楼"


@needs_postgres
def test_the_database_refuses_update_and_delete_of_the_record(case):
    from django.db import DatabaseError, transaction

    event = case.events.first()
    for sql in (
        "UPDATE cases_caseevent SET summary = 'x' WHERE id = %s",
        "DELETE FROM cases_caseevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert CaseEvent.objects.get(pk=event.pk).summary == event.summary


@needs_postgres
def test_the_database_refuses_truncate_of_the_record(case):
    """Issue 20: TRUNCATE is not a row operation, so the row trigger alone let it through,
    directly or cascading from the cases table."""
    from django.db import DatabaseError, transaction

    count = CaseEvent.objects.count()
    with connection.cursor() as cursor:  # else PostgreSQL refuses first: the test's deferred FKs
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    # A plain TRUNCATE cases_caseevent is refused already: parties point at their entry.
    for sql in (
        "TRUNCATE cases_caseevent CASCADE",
        "TRUNCATE cases_caseevent RESTART IDENTITY CASCADE",
        "TRUNCATE cases_case CASCADE",
    ):
        refused = pytest.raises(DatabaseError, match="append-only: TRUNCATE refused")
        with refused, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert CaseEvent.objects.count() == count > 0


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_the_suites_flush_still_empties_the_record(town):
    """Between transactional tests the suite flushes the database (core's flush command, as a
    superuser in replica mode); the trigger stays in place for every other session."""
    from django.core.management import call_command
    from django.db import DatabaseError, transaction

    from tests.factories.cases import make_case

    make_case(compound=town.a.compound, registered_by=town.a.grid_worker)
    assert CaseEvent.objects.exists()
    call_command("flush", interactive=False, verbosity=0)
    assert not CaseEvent.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        assert cursor.fetchone()[0] == "origin"
    refused = pytest.raises(DatabaseError, match="append-only: TRUNCATE refused")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE cases_caseevent CASCADE")


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_escalations_escalate_once(town):
    from tests.factories.cases import make_case

    case = make_case(compound=town.a.compound, registered_by=town.a.grid_worker)
    case_accept(case_id=case.pk, actor=town.a.grid_worker)
    version = Case.objects.get(pk=case.pk).version
    outcomes: list[str] = []
    barrier = threading.Barrier(20)  # issue 10: twenty concurrent escalations give one

    def escalate():
        try:
            barrier.wait()
            case_escalate(
                case_id=case.pk,
                actor=town.a.grid_worker,
                reason="并发上报",
                expected_version=version,
            )
            outcomes.append("ok")
        except Refused as refused:
            outcomes.append(refused.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=escalate) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok"] + ["stale"] * 19
    case.refresh_from_db()
    assert case.tier == "specialist"
    assert case.events.filter(kind="escalate").count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_distinct_gap_free_numbers(town):
    from tests.factories.cases import make_case

    barrier = threading.Barrier(50)  # issue 10: fifty concurrent registrations
    errors: list[Exception] = []

    def register():
        try:
            barrier.wait()
            make_case(compound=town.a.compound)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seqs = sorted(Case.objects.filter(street=town.a.street).values_list("reference_seq", flat=True))
    assert seqs == list(range(1, 51))
