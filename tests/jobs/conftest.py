"""The scheduled jobs run on APScheduler, which schedules by the wall clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.e2e.world import Clock, make_world


@pytest.fixture
def world(app, live_server):
    """The world with its clock an hour behind the wall clock, not on a fixed day: the
    scheduler takes its first run times from this clock, and APScheduler steps through every
    tick missed since then one by one (weeks of one-second ticks took tens of seconds of CPU,
    more each day, until the test timed out)."""
    w = make_world(app, live_server, clock=Clock(datetime.now(UTC) - timedelta(hours=1)))
    yield w
    w.http.close()
