"""Schemathesis generates requests from the OpenAPI document, valid and invalid, against the
app with a store connected to both sandboxes: no answer is a 5xx, and every answer matches the
document. Bounded for CI (``CONNECTOR_FUZZ_EXAMPLES``, default 15 per operation and mode)."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from tests.api.conftest import AUTH

EXAMPLES = int(os.environ.get("CONNECTOR_FUZZ_EXAMPLES", "15"))


@pytest.fixture
def fuzzed_app(app, connected):
    for _ in range(3):  # a few orders, so reads have something to show
        connected.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    connected.run()
    yield app
    worker = app.extensions.get("connector_resync_worker")
    if worker is not None:
        worker.join()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_server_error_and_every_answer_matches_the_document(fuzzed_app, mode):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", fuzzed_app)
    tried: dict[str, int] = {}
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            response = case.call(headers=AUTH)
            assert response.status_code < 500, (case.method, case.formatted_path,
                                                 response.text)
            # Every check but two: "ignored auth" cannot know the key we send is valid
            # (tests/api/test_auth.py covers missing and wrong keys), and "positive data
            # acceptance" cannot know rules across fields that OpenAPI cannot state (an end
            # date before the start date is a 422 with field errors, as it should be).
            case.validate_response(response, headers=AUTH,
                                   excluded_checks=[ignored_auth, positive_data_acceptance])
            label = f"{case.method.upper()} {case.operation.path}"
            tried[label] = tried.get(label, 0) + 1

        try:
            check()
        except Unsatisfiable:
            # An operation without parameters or body has nothing to make invalid.
            assert mode == GenerationMode.NEGATIVE, operation.label
            assert not list(operation.iter_parameters()) and not list(operation.body), \
                operation.label
    assert len(tried) >= (7 if mode == GenerationMode.POSITIVE else 4), tried
