"""Schemathesis fuzzes every operation of our OpenAPI schema, logged in as each role: no 5xx
ever, responses conform to the schema, and hostile input (NUL bytes, overlong strings, huge
integers, malformed dates) is answered with a 4xx, never a crash."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error, response_schema_conformance

SPEC = SchemaGenerator().get_schema(request=None, public=True)
schema = schemathesis.openapi.from_dict(SPEC)
# Called through WSGI in this process: no server thread, and each example's writes are rolled
# back with the test's transaction.
schema.app = get_wsgi_application()

ROLES = ["grid_worker", "lead", "supervisor", "partner", "anonymous"]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django's WSGI handler closes the database connection after each request, which would end
    the test's transaction; the test client avoids this the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def auth_headers(town, case, request) -> dict:
    """The Authorization header of one role's API token (none for anonymous)."""
    users = {
        "grid_worker": town.a.grid_worker,
        "lead": town.a.lead,
        "supervisor": town.a.supervisor,
        "partner": town.a.partner,
    }
    role = request.param
    if role == "anonymous":
        return {}
    token, _ = Token.objects.get_or_create(user=users[role])
    return {"Authorization": f"Token {token.key}"}


@pytest.mark.django_db
@pytest.mark.parametrize("auth_headers", ROLES, indirect=True)
@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_never_crashes_and_keeps_to_its_schema(case, auth_headers):
    response = case.call(headers=auth_headers)
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
    assert response.status_code < 500
