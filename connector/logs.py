"""Logging with a filter that keeps secrets and buyer PII out of every line."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_PATTERNS = [
    # LWA refresh/access tokens and Restricted Data Tokens.
    (re.compile(r"Atz[ar]\|[A-Za-z0-9_\-|.=+/]+"), "Atz*|[redacted]"),
    (re.compile(r"Atz\.sprdt\|[A-Za-z0-9_\-|.=+/]+"), "Atz.sprdt|[redacted]"),
    # Bearer tokens and OAuth signatures in headers.
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9_\-.=+/]+"), r"\1[redacted]"),
    (re.compile(r"(?i)(oauth_signature=\")[^\"]+"), r"\1[redacted]"),
    (re.compile(r"(?i)(client_secret|refresh_token|access_token|password)([\"']?\s*[:=]\s*[\"']?)"
                r"[^\"'&\s,}]+"), r"\1\2[redacted]"),
]


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


#: What the current work is about (store id, run id, Amazon order id), for every log line.
_context: ContextVar[tuple[tuple[str, object], ...]] = ContextVar("connector_log_context",
                                                                  default=())


@contextmanager
def log_context(**fields) -> Iterator[None]:
    """Log lines written inside name these fields (``store_id``, ``run_id``,
    ``amazon_order_id``). A thread starts with none: a worker thread sets its own."""
    merged = {**dict(_context.get()), **{k: v for k, v in fields.items() if v is not None}}
    token = _context.set(tuple(merged.items()))
    try:
        yield
    finally:
        _context.reset(token)


class ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        for key, value in _context.get():
            if not hasattr(record, key):
                setattr(record, key, value)
        return True


def json_formatter() -> logging.Formatter:
    """One JSON object per line: time, level, logger, message, and the context's fields."""
    from pythonjsonlogger.json import JsonFormatter

    return JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s",
                         rename_fields={"asctime": "time", "levelname": "level",
                                        "name": "logger"})


def configure_logging(level: str, log_format: str = "text") -> None:
    root = logging.getLogger("connector")
    root.setLevel(level)
    if not any(isinstance(f, RedactingFilter) for f in root.filters):
        root.addFilter(RedactingFilter())
    top = logging.getLogger()
    if not top.handlers and not root.handlers:
        handler = logging.StreamHandler()
        # On the handler: a logger's own filters see only the records of that very logger,
        # not those of its children (connector.orders, ...).
        handler.addFilter(RedactingFilter())
        handler.addFilter(ContextFilter())
        handler.setFormatter(json_formatter() if log_format == "json" else
                             logging.Formatter("%(asctime)s %(levelname)s %(name)s: "
                                               "%(message)s"))
        # On the top logger, so the libraries' warnings (the scheduler's, the server's) come
        # out in the same format; their INFO lines stay out (the top logger's WARNING level).
        top.addHandler(handler)
