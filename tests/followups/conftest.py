from datetime import date

import pytest
import time_machine

from tests.factories.followups import make_agreement, settle

# A Monday, so that the weeks of the patrol tests are easy to read.
DAY0 = date(2026, 3, 2)


@pytest.fixture
def clock():
    """The clock at 09:00 in Shanghai on DAY0; `clock.move_to(...)` moves it."""
    with time_machine.travel("2026-03-02 09:00:00+08:00", tick=False) as traveller:
        yield traveller


@pytest.fixture
def settled_case(clock, town, case):
    """The grid case, settled by its grid team with the grid mediator assigned."""
    return settle(case, actor=town.a.grid_worker, mediator=town.a.grid_mediator)


@pytest.fixture
def agreement(settled_case, town):
    return make_agreement(settled_case, drafted_by=town.a.grid_mediator, effective_on=DAY0)
