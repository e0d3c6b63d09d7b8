"""Timestamps as Amazon wants them: UTC, second precision, ``Z``; upper bounds two minutes
behind now (Amazon rejects a ``...Before`` bound closer to the present)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

#: Amazon requires ``...Before`` bounds at least this far behind the time of the request.
BEFORE_LAG = timedelta(minutes=2)


def utcnow() -> datetime:
    return datetime.now(UTC)


def amazon_time(moment: datetime) -> str:
    """``2026-03-02T09:14:05Z``. Naive datetimes are refused: their zone is a guess."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: pass an aware (UTC) datetime")
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def clamp_before(bound: datetime | None, now: datetime) -> datetime:
    """The bound, or now minus two minutes if it is later (or absent)."""
    latest = now - BEFORE_LAG
    if bound is None:
        return latest
    if bound.tzinfo is None:
        raise ValueError(f"naive datetime {bound!r}: pass an aware (UTC) datetime")
    return min(bound, latest)
