"""Our request-body schemas accept and refuse what Adobe's derived contract accepts and refuses."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connector.sandbox.commerce.schemas import OPERATIONS, definition, request_body_errors

SCHEMA = "commerce/order-connector-requests.schema.json"
BODIES = {"create_order": "POST /V1/orders", "invoice": "POST /V1/order/{orderId}/invoice",
          "ship": "POST /V1/order/{orderId}/ship", "comment": "POST /V1/orders/{id}/comments"}
EXAMPLES = {"create_order": "post-v1-orders.amazon-guest.example.json",
            "invoice": "post-v1-order-invoice.example.json",
            "ship": "post-v1-order-ship.example.json",
            "comment": "post-v1-orders-comments.example.json"}
TYPES = {"string": "str", "integer": "int", "number": "num", "boolean": "bool"}


@pytest.fixture(scope="module")
def contract(load_fixture):
    return load_fixture(SCHEMA)


@pytest.fixture(scope="module")
def validators(contract):
    return {op: jsonschema.Draft7Validator({"$ref": contract["x-bodies"][body],
                                           "definitions": contract["definitions"]})
            for op, body in BODIES.items()}


@pytest.fixture(scope="module")
def examples(load_fixture):
    return {op: load_fixture(f"commerce/examples/{name}") for op, name in EXAMPLES.items()}


def agree(validators, operation, body) -> bool:
    contract_ok = validators[operation].is_valid(body)
    ours_ok = request_body_errors(operation, body) == {}
    assert contract_ok == ours_ok, (
        f"{operation}: contract {'accepts' if contract_ok else 'refuses'}, ours "
        f"{request_body_errors(operation, body)} for {json.dumps(body)[:300]}")
    return ours_ok


@pytest.mark.parametrize("operation", sorted(EXAMPLES))
def test_the_examples_are_accepted_by_both(validators, examples, operation):
    assert agree(validators, operation, examples[operation])


def _contract_name(ours: str) -> str:
    return f"{ours}-interface"


def _spec_of(prop: dict, definitions: dict) -> str:
    if "$ref" in prop:
        target = prop["$ref"].rsplit("/", 1)[-1]
        if not definitions[target].get("properties"):
            return "obj"
        return "@" + target.removesuffix("-interface")
    if prop["type"] == "array":
        return f"[{_spec_of(prop['items'], definitions)}]" + ("+" if prop.get("minItems") else "")
    spec = TYPES[prop["type"]]
    if "maxLength" in prop:
        spec += f"<={prop['maxLength']}"
    if "enum" in prop:
        spec += "{" + ",".join(str(v) for v in prop["enum"]) + "}"
    return spec


def test_every_definition_has_the_contracts_fields_types_and_required_lists(contract):
    definitions = contract["definitions"]
    checked = 0
    todo = [definitions[contract["x-bodies"][b].rsplit("/", 1)[-1]] for b in BODIES.values()]
    seen: set[str] = set()
    while todo:
        node = todo.pop()
        for prop in node.get("properties", {}).values():
            ref = prop.get("$ref") or prop.get("items", {}).get("$ref")
            if ref:
                name = ref.rsplit("/", 1)[-1]
                if name not in seen and definitions[name].get("properties"):
                    seen.add(name)
                    todo.append(definitions[name])
    for name in sorted(seen):
        ours = definition(name.removesuffix("-interface"))
        theirs = definitions[name]
        assert set(ours) == set(theirs["properties"]), name
        assert {f for f, (_, req) in ours.items() if req} == set(theirs.get("required", [])), name
        for field, prop in theirs["properties"].items():
            assert ours[field][0] == _spec_of(prop, definitions), f"{name}.{field}"
        checked += 1
    assert checked > 40  # the whole closure of the order, invoice, ship and comment bodies


def _object_paths(node, path=()):
    """Paths to every object (dict) inside a body, the body itself included."""
    if isinstance(node, dict):
        yield path
        for key, value in node.items():
            yield from _object_paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _object_paths(value, (*path, i))


def _leaf_paths(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaf_paths(value, (*path, key))
    elif isinstance(node, list):
        yield path
        for i, value in enumerate(node):
            yield from _leaf_paths(value, (*path, i))
    else:
        yield path


def _at(body, path):
    for key in path:
        body = body[key]
    return body


def _mutations(body):
    """Valid bodies changed the ways an integration gets them wrong."""
    for path in _object_paths(body):
        for key in list(_at(body, path)):
            changed = copy.deepcopy(body)
            del _at(changed, path)[key]
            yield f"remove {path + (key,)}", changed
        for extra in ("shipping_address", "zz_unknown", "entityId"):
            changed = copy.deepcopy(body)
            _at(changed, path)[extra] = "x"
            yield f"add {path + (extra,)}", changed
    for path in _leaf_paths(body):
        if not path:
            continue
        for wrong in ("12", 12, 1.5, True, None, [], {}, "x" * 60):
            changed = copy.deepcopy(body)
            _at(changed, path[:-1])[path[-1]] = wrong
            yield f"set {path} = {wrong!r}", changed


@pytest.mark.parametrize("operation", sorted(EXAMPLES))
def test_mutated_bodies_get_the_same_verdict(validators, examples, operation):
    verdicts = {True: 0, False: 0}
    for _, body in _mutations(examples[operation]):
        verdicts[agree(validators, operation, body)] += 1
    assert verdicts[True] and verdicts[False]  # both kinds were exercised


@st.composite
def _mutated(draw, examples):
    operation = draw(st.sampled_from(sorted(EXAMPLES)))
    candidates = list(_mutations(examples[operation]))
    body = examples[operation]
    for _ in range(draw(st.integers(1, 3))):
        _, body = draw(st.sampled_from(candidates))
        candidates = list(_mutations(body))
    return operation, body


def test_random_combinations_of_mutations_get_the_same_verdict(validators, examples):
    @settings(max_examples=30, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(_mutated(examples))
    def check(case):
        operation, body = case
        agree(validators, operation, body)

    check()


def test_operations_outside_the_contract_have_schemas_too():
    assert set(OPERATIONS) >= set(BODIES) | {"create_customer", "reservations"}
    assert request_body_errors("create_customer", {"customer": {
        "email": "a@b.c", "firstname": "A", "lastname": "B"}}) == {}
    assert request_body_errors("create_customer", {"customer": {"email": "a@b.c"}}) == {
        "customer": {"firstname": ["Missing data for required field."],
                     "lastname": ["Missing data for required field."]}}
    assert request_body_errors("reservations", {"orderId": "5"}) == {
        "orderId": ["Not a valid integer."]}
    with pytest.raises(KeyError):
        request_body_errors("refund", {})
