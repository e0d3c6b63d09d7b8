"""Amazon order payloads, good and broken: the project's own samples, and hypothesis
strategies that break one field at a time (removed, wrong type, unknown enum value, huge or odd
string, money with many decimals, times out of range)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_FILES = [ROOT / "connector" / "sandbox" / "amazon" / "data" / "sample_orders.json",
                ROOT / "tests" / "amazon" / "data" / "v2026_order.json",
                ROOT / "tests" / "amazon" / "data" / "v2026_order_pending_fba.json"]
V0_SAMPLE_FILES = [ROOT / "tests" / "amazon" / "data" / "v0_order.json",
                   ROOT / "tests" / "amazon" / "data" / "v0_order_canceled_jp.json"]


def v2026_samples() -> list[dict]:
    orders: list[dict] = []
    for path in SAMPLE_FILES:
        data = json.loads(path.read_text(encoding="utf-8"))
        orders.extend(data if isinstance(data, list) else [data])
    return orders


def v0_samples() -> list[dict]:
    """``{"order": ..., "items": [...], "address"?: ..., "buyer"?: ...}`` bundles."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in V0_SAMPLE_FILES]


def paths(node, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value inside a JSON document (the root excluded)."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append(prefix + (key,))
            found.extend(paths(value, prefix + (key,)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.append(prefix + (index,))
            found.extend(paths(value, prefix + (index,)))
    return found


REMOVE = object()


def mutate(document, path: tuple, value):
    """A copy of ``document`` with the value at ``path`` replaced (or removed: ``REMOVE``)."""
    copied = copy.deepcopy(document)
    parent = copied
    for key in path[:-1]:
        parent = parent[key]
    if value is REMOVE:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return copied


def describe(path: tuple) -> str:
    return "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in path).lstrip(".")


HUGE = 200_000
ODD_TEXT = [
    "", " ", "\u0000", "\u202etxet-ot-thgir", "e\u0301\u0301\u0301", "👩‍👩‍👧‍👦" * 50,
    "\ufeffBOM", "Ω≈ç√∫", "null", "undefined", "0", "-1", "NaN", "1e999999", "\n\r\t",
    "<script>alert(1)</script>", "' OR 1=1 --", "%s%s%n", "\ufffd", "ｆｕｌｌｗｉｄｔｈ", "ß",
]
MONEY_TEXT = ["12.000000001", "0.00001", "-0.000001", "1e400", "1E+999999", "-1e-400",
              "123456789012345678901234567890.99", "NaN", "Infinity", "-Infinity", "1,00",
              "12.5.3", " 12.00 ", "0x10", "٣٫٥", "1_000"]
TIME_TEXT = ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+14:00", "2026-13-45T99:00:00Z",
             "2026-02-30T10:00:00Z", "yesterday", "2026-01-01", "1700000000", "",
             "2026-01-01T00:00:00+99:00", "9999-12-31T23:59:59.999999Z"]
ENUM_TEXT = ["UNKNOWN", "SHIPPED_AND_MORE", "cancelled", "Canceled", "AMAZON_FLEX",
             "PENDING ", "shipped"]

wrong_types = st.sampled_from([None, 0, -1, 1.5, True, False, [], {}, [1, 2], {"a": 1},
                               10 ** 30, -(10 ** 30), 2 ** 63, "x"])
odd_strings = st.one_of(st.sampled_from(ODD_TEXT), st.text(min_size=1, max_size=40),
                        st.just("x" * HUGE), st.just("é" * HUGE))
money_strings = st.one_of(
    st.sampled_from(MONEY_TEXT),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.builds(lambda i, d: f"{i}.{d}", st.integers(0, 10 ** 6),
              st.text("0123456789", min_size=5, max_size=40)))
replacement = st.one_of(st.just(REMOVE), wrong_types, odd_strings, money_strings,
                        st.sampled_from(TIME_TEXT), st.sampled_from(ENUM_TEXT),
                        st.integers(min_value=-(10 ** 40), max_value=10 ** 40))


@st.composite
def broken_order(draw, base: dict, min_depth: int = 1):
    """``(path, mutated order)``: one value of ``base`` broken (at least ``min_depth`` keys
    deep: a v0 bundle keeps its ``order`` and ``items`` parts)."""
    path = draw(st.sampled_from([p for p in paths(base) if len(p) >= min_depth]))
    value = draw(replacement)
    return path, mutate(base, path, value)


@st.composite
def broken_v2026(draw):
    base = draw(st.sampled_from(v2026_samples()))
    return draw(broken_order(base))
