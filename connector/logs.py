"""Logging with a filter that keeps secrets and buyer PII out of every line."""

from __future__ import annotations

import logging
import re

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


def configure_logging(level: str) -> None:
    root = logging.getLogger("connector")
    root.setLevel(level)
    if not any(isinstance(f, RedactingFilter) for f in root.filters):
        root.addFilter(RedactingFilter())
    if not logging.getLogger().handlers and not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
