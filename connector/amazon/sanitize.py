"""Rules for the text Amazon sends, applied while an order is parsed, so what reaches the
database, Commerce and the pages is bounded and plain.

- Control characters (C0, C1, DEL) and Unicode's bidirectional formatting characters are
  removed; tabs and line breaks become spaces. ``SKU\\u202eTXT.EXE`` showed reversed on the
  pages, and PostgreSQL refuses text with a NUL byte, so such an order could not be stored
  at all.
- Free text is cut to a length (``TEXT_LIMIT``; item titles ``TITLE_LIMIT``): a 100 KB buyer
  name was stored whole and stretched the grid. The order is still imported; every change is
  listed (``Order.text_changes``) and becomes a note on the order.
- Codes (order item id, ASIN, marketplace, currency) are never cut: a longer one is refused
  like any unreadable value.
- An Amazon order id has Amazon's 3-7-7 form. It ends up in page links and API paths, where
  ``../../admin/x?y=1#z`` pointed the grid's link elsewhere.

Parsing stays pure: the changes are collected for the duration of one ``recording()`` block.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

ORDER_ID_PATTERN = r"^[0-9A-Z]{3}-[0-9]{7}-[0-9]{7}$"
TEXT_LIMIT = 255
TITLE_LIMIT = 500

_BREAKS = re.compile(r"[\t\n\r\v\f\u0085\u2028\u2029]+")
# C0, DEL, C1, and the bidirectional marks, embeddings, overrides and isolates.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ORDER_ID = re.compile(ORDER_ID_PATTERN)

_changes: ContextVar[list[str] | None] = ContextVar("amazon_text_changes", default=None)


@contextmanager
def recording() -> Iterator[list[str]]:
    """Collect what ``clean`` changes inside the block (one order's parse)."""
    token = _changes.set([])
    try:
        yield _changes.get()
    finally:
        _changes.reset(token)


def _record(change: str) -> None:
    changes = _changes.get()
    if changes is not None and change not in changes:
        changes.append(change)


def clean(text: str, field: str, limit: int = TEXT_LIMIT) -> str:
    """``text`` without control or bidirectional formatting characters, at most ``limit``
    characters long; each change is recorded against ``field``."""
    plain = _UNSAFE.sub("", _BREAKS.sub(" ", text))
    if plain != text:
        _record(f"{field}: control characters removed")
    if len(plain) > limit:
        plain = plain[:limit]
        _record(f"{field}: cut to {limit} characters")
    return plain


def is_plain(text: str) -> bool:
    """No control or bidirectional formatting character (what a code must be)."""
    return _BREAKS.search(text) is None and _UNSAFE.search(text) is None


def is_order_id(value: str) -> bool:
    return _ORDER_ID.match(value) is not None


def changes_note(changes: tuple[str, ...] | list[str]) -> str:
    """The order note that says what was changed in Amazon's text, and why."""
    return ("Some of the text Amazon sent was changed to be stored and shown safely (the order "
            "is otherwise as Amazon sent it): " + "; ".join(changes) + ".")
