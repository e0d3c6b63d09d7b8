"""Log lines never carry tokens or credentials."""

import logging

from connector.logs import RedactingFilter, redact


def test_tokens_and_credentials_are_redacted():
    line = ("POST /auth/o2/token refresh_token=Atzr|IwEBIA-secret&client_secret=abc123 "
            "x-amz-access-token: Atza|IwEBIB-other Authorization: Bearer tok123 "
            "rdt Atz.sprdt|rdt-secret")
    clean = redact(line)
    for secret in ("IwEBIA-secret", "abc123", "IwEBIB-other", "tok123", "rdt-secret"):
        assert secret not in clean
    assert "/auth/o2/token" in clean


def test_the_filter_rewrites_records(caplog):
    logger = logging.getLogger("connector.test")
    logger.addFilter(RedactingFilter())
    with caplog.at_level(logging.INFO, logger="connector.test"):
        logger.info("exchanging %s", "refresh_token=Atzr|very-secret")
    assert "very-secret" not in caplog.text
