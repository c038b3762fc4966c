"""Shared fixtures: a small town with its teams, and the personas the tests speak as.

The town has two streets. In street A: grid 1 (with its "1+3" team), grid 2 (covered by no
grid team), the specialist team and the joint centre. Street B has the same shape, so "the
mediator of another grid / street" and "the supervisor of another street" exist.
"""

import os
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import connection

from mediators.models import Membership, Team

from .factories.cases import make_case
from .factories.grids import CompoundFactory, GridFactory, StreetFactory
from .factories.mediators import (
    MembershipFactory,
    SupervisorJurisdictionFactory,
    TeamFactory,
    UserFactory,
)

R = Membership.Role


def pytest_sessionstart(session):
    """With CI=true the suite must run on PostgreSQL and Redis, never fall back."""
    if os.environ.get("CI") == "true":
        engine = settings.DATABASES["default"]["ENGINE"]
        assert engine == "django.db.backends.postgresql", f"CI needs PostgreSQL, got {engine}"
        assert settings.REDIS_URL, "CI needs Redis (REDIS_URL)"


def _cache_clear() -> None:
    """Empty our part of the cache. On Redis only the keys of our prefix: Django's clear()
    flushes the whole database, including the counters of a test running beside this one
    (pytest-xdist workers share the Redis database and have a prefix each)."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    cache = caches["default"]  # the backend itself (django.core.cache.cache is a proxy)
    if not isinstance(cache, RedisCache):
        cache.clear()
        return
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture
def private_storage(settings, tmp_path):
    """Rendered and uploaded files go to a folder of this test, never into var/. The folders of
    tests that make files use it for every test (their conftest or pytestmark)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": "/private/"},
        },
    }
    return tmp_path / "private"


@pytest.fixture(autouse=True)
def _locale_and_cache(settings):
    """Every test starts in Chinese with an empty cache (rate limits, axes)."""
    from django.utils import translation

    _cache_clear()
    translation.activate("zh-hans")
    yield
    translation.deactivate()


needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (make test provides it)"
)


@dataclass
class Street:
    street: object
    grid: object
    uncovered_grid: object
    compound: object
    uncovered_compound: object
    grid_team: object
    specialist_team: object
    centre: object
    grid_worker: object
    grid_mediator: object
    legal_adviser: object
    lead: object
    specialist: object
    coordinator: object
    partner: object
    supervisor: object


def build_street(district=None) -> Street:
    street = StreetFactory(**({"district": district} if district else {}))
    grid = GridFactory(community__street=street)
    uncovered_grid = GridFactory(community__street=street)
    grid_team = TeamFactory(kind=Team.Kind.GRID_TEAM, street=street, grids=[grid])
    specialist_team = TeamFactory(kind=Team.Kind.SPECIALIST_TEAM, street=street)
    centre = TeamFactory(kind=Team.Kind.JOINT_CENTRE, street=street)

    def member(team, role, **extra):
        return MembershipFactory(team=team, role=role, **extra).user

    supervisor = UserFactory()
    SupervisorJurisdictionFactory(user=supervisor, street=street)
    return Street(
        street=street,
        grid=grid,
        uncovered_grid=uncovered_grid,
        compound=CompoundFactory(grid=grid),
        uncovered_compound=CompoundFactory(grid=uncovered_grid),
        grid_team=grid_team,
        specialist_team=specialist_team,
        centre=centre,
        grid_worker=member(grid_team, R.GRID_WORKER),
        grid_mediator=member(grid_team, R.MEDIATOR),
        legal_adviser=member(grid_team, R.LEGAL_ADVISER),
        lead=member(specialist_team, R.TEAM_LEAD),
        specialist=member(specialist_team, R.MEDIATOR),
        coordinator=member(centre, R.COORDINATOR),
        partner=member(centre, R.PARTNER, partner_org="police_station", organisation="派出所"),
        supervisor=supervisor,
    )


@dataclass
class Town:
    a: Street
    b: Street
    district_supervisor: object


@pytest.fixture
def town(db) -> Town:
    a = build_street()
    b = build_street(district=a.street.district)
    district_supervisor = UserFactory()
    SupervisorJurisdictionFactory(user=district_supervisor, district=a.street.district)
    return Town(a=a, b=b, district_supervisor=district_supervisor)


@pytest.fixture
def case(town):
    """An ordinary case of street A's grid 1, registered by its grid worker."""
    return make_case(compound=town.a.compound, registered_by=town.a.grid_worker)


@pytest.fixture
def personas(town, case):
    """The personas of the issues, relative to `case`."""
    return {
        "grid_worker": town.a.grid_worker,
        "mediator_of_case": town.a.grid_mediator,
        "mediator_elsewhere": town.b.grid_mediator,
        "team_lead": town.a.lead,
        "supervisor": town.a.supervisor,
        "supervisor_elsewhere": town.b.supervisor,
        "partner": town.a.partner,
    }
