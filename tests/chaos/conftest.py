"""The campaigns run real scheduler processes against the wall clock, with minutes to settle."""

from __future__ import annotations

import fcntl
import os

import pytest


@pytest.fixture(autouse=True)
def one_campaign_at_a_time(request, tmp_path_factory):
    """In a parallel run the slow campaigns wait for each other, as in a serial run: two at
    once on a small machine starve each other's scheduler processes past their settling time.
    The lock file is in the run's temporary folder, shared by its xdist workers only."""
    if request.node.get_closest_marker("slow") is None or "PYTEST_XDIST_WORKER" not in os.environ:
        yield
        return
    with open(tmp_path_factory.getbasetemp().parent / "slow-campaign.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield
