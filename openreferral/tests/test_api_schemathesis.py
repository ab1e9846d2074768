"""Property-based tests of the API against its own OpenAPI document (schemathesis):
whatever the parameters, no server error, and every answer matches the document."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from openreferral.api import api

from .helpers import make_directory

# The document the API serves at /api/openapi.json, read without a request so that it can
# be loaded when the tests are collected (before any database exists).
DOCUMENT = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api")))
schema = schemathesis.openapi.from_dict(DOCUMENT)
schema.app = WSGIHandler()


@pytest.fixture
def directory(db):
    # Like Django's test client: keep the test's connection (and its transaction) open
    # across the requests schemathesis sends straight to the WSGI handler.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield make_directory()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_the_document_tested_is_the_one_served(client, db):
    served = client.get("/api/openapi.json").json()
    assert served == DOCUMENT


@pytest.mark.usefixtures("directory")
@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_the_api_never_fails_and_always_matches_its_openapi_document(case):
    # Every check but one: a well-formed request can still name a postcode that is nowhere,
    # and the right answer to that is 400, not the 2xx that check expects.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
