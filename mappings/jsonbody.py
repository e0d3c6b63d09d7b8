"""Bodies as JSON text, with money as JSON numbers that keep their exact decimal digits.

``json.dumps`` knows no ``Decimal`` and a float would round ``19.99`` on the way; Commerce
stores what it is sent, so the body is written here, Decimal by Decimal, in fixed-point text.
Read it back with ``json.loads(text, parse_float=Decimal)`` to get the same amounts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal


def to_json(value, *, indent: int | None = None) -> str:
    """JSON text of plain data (dict, list, tuple, str, int, bool, None, Decimal).

    A float is refused: money must never pass through binary floating point."""
    return "".join(_write(value, indent, 0))


def _write(value, indent: int | None, depth: int):
    if value is None or isinstance(value, bool | str):
        yield json.dumps(value, ensure_ascii=False)
    elif isinstance(value, int):
        yield str(int(value))
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot write {value} as a JSON number")
        yield _decimal_text(value)
    elif isinstance(value, float):
        raise TypeError(f"float {value!r} in a body: amounts must be Decimal")
    elif isinstance(value, Mapping):
        yield from _container("{", "}", [(k, v) for k, v in value.items()], indent, depth, True)
    elif isinstance(value, list | tuple):
        yield from _container("[", "]", list(value), indent, depth, False)
    else:
        raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _container(open_, close, entries, indent, depth, is_object):
    if not entries:
        yield open_ + close
        return
    newline = "" if indent is None else "\n"
    pad = "" if indent is None else " " * (indent * (depth + 1))
    end_pad = "" if indent is None else " " * (indent * depth)
    separator = "," if indent is not None else ", "
    colon = ": "
    yield open_ + newline
    for index, entry in enumerate(entries):
        if index:
            yield separator + newline
        yield pad
        if is_object:
            key, item = entry
            if not isinstance(key, str):
                raise TypeError(f"object key {key!r} is not a string")
            yield json.dumps(key, ensure_ascii=False) + colon
        else:
            item = entry
        yield from _write(item, indent, depth + 1)
    yield newline + end_pad + close


def _decimal_text(value: Decimal) -> str:
    text = format(value, "f")
    if text.startswith("-") and value.is_zero():
        text = text[1:]
    return text
