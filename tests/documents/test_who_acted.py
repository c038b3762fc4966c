"""Each document names who acted when it happened: the minutes of a session held at the grid,
and the acceptance form of a case accepted there, still print the grid team and its mediator
after the case has gone up to the specialist team and been given a new mediator."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.services.assignment import case_assign
from cases.services.moves import case_escalate
from cases.services.work import session_record
from documents import rendering
from documents.rendering import render_document
from documents.services import document_request, document_request_for_user

from .pdf_tools import pdf_text


@pytest.fixture
def escalated_after_a_session(town, grid_case):
    session = session_record(
        case_id=grid_case.pk,
        actor=town.a.grid_mediator,
        held_at=timezone.now() - timedelta(minutes=5),
        place="网格调解室",
        mode="joint",
        participants="李龙、物业赵经理",
        minutes="双方同意再谈一次",
    )
    case_escalate(case_id=grid_case.pk, actor=town.a.grid_mediator, reason="网格调解不成")
    case_assign(case_id=grid_case.pk, actor=town.a.lead, user=town.a.specialist)
    grid_case.refresh_from_db()
    assert grid_case.team == town.a.specialist_team  # the case is at the next tier now
    return session


def test_the_minutes_print_the_tier_team_and_mediator_of_the_session(
    town, grid_case, escalated_after_a_session
):
    document = document_request_for_user(
        case_id=grid_case.pk,
        actor=town.a.specialist,
        kind="session_minutes",
        audience="",
        session_id=escalated_after_a_session.pk,
    )
    _template, context = rendering.build_session_minutes(document)
    handled = context["handled"]
    assert (handled.tier, handled.team) == ("grid", town.a.grid_team)
    assert context["mediators"] == [town.a.grid_mediator]
    text = pdf_text(render_document(document)[0])
    assert town.a.grid_team.name in text and "网格" in text
    assert town.a.grid_mediator.name in text
    assert town.a.specialist_team.name not in text
    assert town.a.specialist.name not in text


def test_the_acceptance_form_prints_the_tier_team_and_mediator_of_the_acceptance(
    town, grid_case, escalated_after_a_session
):
    document = document_request(case=grid_case, kind="acceptance_form", actor=town.a.lead)
    _template, context = rendering.build_acceptance_form(document)
    handled = context["handled"]
    assert (handled.tier, handled.team) == ("grid", town.a.grid_team)
    # accepted before anyone was assigned: the mediator the grid team then put on the case
    assert handled.mediators == [town.a.grid_mediator]
    text = pdf_text(render_document(document)[0])
    assert town.a.grid_team.name in text and town.a.grid_mediator.name in text
    assert town.a.specialist_team.name not in text
    assert town.a.specialist.name not in text
