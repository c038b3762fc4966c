"""A case settled by a written agreement counts as settled (调解成功) in the month its signing
is recorded, not the month its text became final (issue 19, item 10): the figures, the list
behind them and the ledger's outcome follow the case, which the signing settles."""

from datetime import date

import pytest
from django.utils import timezone

from agreements import services
from cases.models import Case
from reports.jurisdiction import Jurisdiction
from reports.selectors import dashboard, figure_cases
from reports.services.rollups import rollup_refresh
from tests.factories.agreements import case_in_mediation, finalise, make_draft

from .conftest import at

pytestmark = pytest.mark.django_db

MARCH, APRIL = date(2026, 3, 1), date(2026, 4, 1)


def settled(town, month) -> tuple[int, list[int]]:
    jurisdiction = Jurisdiction("street", town.a.street.pk, town.a.street.name)
    rollup_refresh(month=month)
    value = dashboard(jurisdiction=jurisdiction, month=month)["figures"]["settled"]["value"]
    listed = figure_cases(
        user=town.a.supervisor, jurisdiction=jurisdiction, month=month, figure="settled"
    )
    return value, list(listed.values_list("pk", flat=True))


def test_final_in_march_signed_in_april_counts_in_april(town, case):
    with at("2026-03-20"):
        case_in_mediation(case, worker=town.a.grid_worker, mediator=town.a.grid_mediator)
        agreement = make_draft(case, actor=town.a.grid_mediator)
    with at("2026-03-31", 16):
        finalise(agreement, drafter=town.a.grid_mediator, reviewer=town.a.grid_worker)
    assert Case.objects.get(pk=case.pk).outcome == ""
    assert settled(town, MARCH) == (0, [])  # final, nobody has signed: not settled

    with at("2026-04-02", 9):
        services.agreement_record_signing(
            agreement_id=agreement.pk,
            actor=town.a.grid_mediator,
            signed_on=date(2026, 4, 1),
            effective_on=date(2026, 4, 2),
        )
    case.refresh_from_db()
    assert case.outcome == "agreement" and timezone.localdate(case.concluded_at) == date(2026, 4, 2)
    assert settled(town, MARCH) == (0, [])
    assert settled(town, APRIL) == (1, [case.pk])
