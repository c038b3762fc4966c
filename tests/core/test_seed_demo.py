from django.core.management import call_command

from cases.models import Case, CaseEvent, Party
from cases.workflow import Status
from grids.models import Compound, Grid, Street
from mediators.demo import DEMO_LOGINS
from mediators.models import Membership, Team, User
from reports.models import TypicalCase


def test_seed_demo_builds_a_town_with_every_role_and_state(db, capsys):
    call_command("seed_demo", "--cases", "200")
    out = capsys.readouterr().out
    for username in DEMO_LOGINS:
        assert User.objects.filter(username=username).exists(), username
        assert username in out
    assert Street.objects.count() == 4
    assert Grid.objects.count() == 16
    assert Compound.objects.filter(grid__isnull=True).exists()
    # every grid has a "1+3" team with its four roles
    for team in Team.objects.filter(kind=Team.Kind.GRID_TEAM):
        roles = set(team.memberships.values_list("role", flat=True))
        assert roles == {
            Membership.Role.GRID_WORKER,
            Membership.Role.LEGAL_ADVISER,
            Membership.Role.RULE_OF_LAW_LEADER,
            Membership.Role.MEDIATOR,
        }
    assert Team.objects.filter(kind=Team.Kind.SPECIALIST_TEAM).count() == 4
    assert Team.objects.filter(kind=Team.Kind.JOINT_CENTRE).count() == 4
    assert set(Case.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Case.objects.values_list("tier", flat=True)) == {
        "grid",
        "specialist",
        "joint_centre",
    }
    assert Case.objects.filter(reopened_count__gt=0).exists()
    assert Party.objects.filter(group__isnull=False).count() >= 40
    assert CaseEvent.objects.filter(kind="escalate").exists()
    # the typical-case library opens with settled cases that tell every part of the story
    published = TypicalCase.objects.filter(status=TypicalCase.Status.PUBLISHED)
    assert published.count() == 3
    for typical in published.select_related("case"):
        assert typical.case.outcome == Case.Outcome.AGREEMENT
        assert (
            typical.mediation.strip() and typical.mediation != typical.case.agreements.get().terms
        )


def test_seed_demo_numbers_each_street_year_without_gaps(db):
    call_command("seed_demo", "--cases", "300", "--quiet-logins")
    for street_id, year in Case.objects.values_list("street", "reference_year").distinct():
        seqs = sorted(
            Case.objects.filter(street=street_id, reference_year=year).values_list(
                "reference_seq", flat=True
            )
        )
        assert seqs == list(range(1, len(seqs) + 1))


class _Rollback(Exception):
    pass


def _seed_and_read(*args) -> list:
    from django.db import transaction

    try:
        with transaction.atomic():
            call_command("seed_demo", *args, "--quiet-logins")
            snapshot = list(Case.objects.order_by("reference").values_list("reference", "title"))
            snapshot += list(User.objects.order_by("username").values_list("username", "name"))
            raise _Rollback
    except _Rollback:
        return snapshot


def test_seed_demo_is_deterministic(db):
    assert _seed_and_read("--cases", "30") == _seed_and_read("--cases", "30")
    assert _seed_and_read("--cases", "30") != _seed_and_read("--cases", "30", "--seed", "7")


def test_seed_demo_is_idempotent(db, capsys):
    call_command("seed_demo", "--cases", "50", "--quiet-logins")
    count = Case.objects.count()
    call_command("seed_demo", "--cases", "50")
    assert "already loaded" in capsys.readouterr().out
    assert Case.objects.count() == count
