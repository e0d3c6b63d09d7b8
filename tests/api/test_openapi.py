"""The OpenAPI document: valid, complete about errors, and true to what the API answers."""

import pytest
from jsonschema.exceptions import ValidationError
from openapi_spec_validator import validate

from tests.api.conftest import documented_schema


def operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, operation


def test_the_document_is_valid_openapi_3(spec):
    assert spec["openapi"].startswith("3.")
    validate(spec)


def test_every_api_operation_needs_the_key_and_documents_its_errors(spec):
    api_operations = [(p, m, o) for p, m, o in operations(spec) if p.startswith("/api/v1/")]
    assert len(api_operations) == 16
    assert spec["security"] == [{"ApiKey": []}]
    assert spec["components"]["securitySchemes"]["ApiKey"] == {
        "type": "http", "scheme": "bearer",
        "description": "One of the keys in CONNECTOR_API_KEYS."}
    for path, method, operation in api_operations:
        responses = operation["responses"]
        assert responses["401"] == {"$ref": "#/components/responses/ApiKeyRequired"}, path
        if "{store_id}" in path or "{resync_id}" in path:
            assert "404" in responses, path
        if method == "post" or path.endswith("/orders"):
            assert "422" in responses, path
    unauthorized = spec["components"]["responses"]["ApiKeyRequired"]
    assert "WWW-Authenticate" in unauthorized["headers"]


def test_health_is_documented_and_open(spec):
    for path in ("/health", "/health/ready"):
        assert spec["paths"][path]["get"]["security"] == []


def test_error_answers_share_one_documented_shape(spec):
    error = {"$ref": "#/components/schemas/Error"}
    for name in ("NOT_FOUND", "UNPROCESSABLE_ENTITY", "BAD_REQUEST", "CONFLICT",
                 "ApiKeyRequired", "DEFAULT_ERROR"):
        assert spec["components"]["responses"][name]["content"]["application/json"][
            "schema"] == error, name
    assert spec["components"]["schemas"]["Error"]["required"] == ["code", "message", "status"]


def test_the_conformance_check_catches_a_wrong_answer(spec):
    from openapi_schema_validator import OAS30Validator

    schema = {**documented_schema(spec, "/api/v1/stores", "get", 200),
              "components": spec["components"]}
    OAS30Validator(schema).validate({"stores": []})
    with pytest.raises(ValidationError):
        OAS30Validator(schema).validate({"stores": [{"id": 1, "name": "no other fields"}]})
    with pytest.raises(ValidationError):
        OAS30Validator(schema).validate({"stores": [], "secret": "x"})
