"""Money travels as JSON numbers whose digits are exactly Amazon's."""

import json
from decimal import Decimal

import pytest

from mappings import order_body, to_json
from tests.mappings.builders import item, order


def test_decimals_are_numbers_with_their_exact_digits():
    text = to_json({"a": Decimal("19.99"), "b": Decimal("0.10"), "c": Decimal("1E+3"),
                    "d": Decimal("-0.00"), "e": 3, "f": "x", "g": None, "h": True, "i": []})
    assert text == ('{"a": 19.99, "b": 0.10, "c": 1000, "d": 0.00, "e": 3, "f": "x", '
                    '"g": null, "h": true, "i": []}')


def test_a_body_round_trips_exactly():
    amazon = order([item(qty=3, line="1234567890.12", item_tax="0.01")],
                   total="1234567890.13")
    body = order_body(amazon).body
    assert json.loads(to_json(body), parse_float=Decimal) == body
    assert json.loads(to_json(body, indent=2), parse_float=Decimal) == body
    assert "1234567890.12" in to_json(body)


def test_floats_and_non_numbers_are_refused():
    with pytest.raises(TypeError, match="Decimal"):
        to_json({"price": 19.99})
    with pytest.raises(ValueError):
        to_json(Decimal("NaN"))
    with pytest.raises(TypeError):
        to_json({1: "x"})


def test_text_is_escaped_and_kept_unicode():
    assert json.loads(to_json({"name": 'Café "Ö"\n'})) == {"name": 'Café "Ö"\n'}
