"""The scheduler process killed with SIGKILL at random moments of a campaign, and restarted:
no order lost or duplicated, each shipment confirmed (a package sent again only after a
crash, which Amazon takes as an edit of that package), and the restarted process gets the
store back at once instead of waiting for the dead process's lease to expire."""

import pytest

from tests.chaos.campaign import run_crash_campaign


@pytest.mark.slow
def test_a_scheduler_killed_at_random_points_loses_and_duplicates_nothing(app, app_config,
                                                                          tmp_path):
    result = run_crash_campaign(app.extensions["connector_db"], app_config["instance_path"],
                                app_config["database_url"], tmp_path, orders=40, batch=10,
                                kills=4, seed=5, log=print)
    counts = result.counts
    assert result.problems == [], (result.problems[:10], counts)
    assert counts["kills"] == 4
    assert counts["restarts_recovered"] >= 3, counts
    assert counts["slowest_recovery_s"] < 30, counts  # not the old 10-minute lease
    assert counts["resends"] <= counts["kills"], counts  # a resend only follows a crash
    assert counts["importable"] >= 12 and counts["shipments"] >= 3, counts
    assert counts["scheduler_exit_code"] == 0
