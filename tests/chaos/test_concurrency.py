"""Two, then four scheduler processes on one PostgreSQL database and three stores: no order
imported twice, no shipment confirmed twice, and never two runs of one store at the same time
(each process records the moments it held a store; see ``run_probe.py``)."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from connector.models import SchedulerHeartbeat
from tests.chaos.campaign import Campaign, Server, connect_store
from tests.chaos.processes import (
    SchedulerProcess,
    lagging_now,
    scheduler_env,
    sync_every_tick,
    wait_for,
)

STORES = 3
LATENCY = {"commerce": {"POST /V1/orders": 30, "GET /V1/shipments": 10, "GET /V1/orders": 5},
           "amazon": 15}


def overlaps(runs: list[dict]) -> list[tuple]:
    """Pairs of runs of one store whose lease-held intervals intersect."""
    found = []
    by_store = defaultdict(list)
    for run in runs:
        by_store[run["store"]].append(run)
    for store_runs in by_store.values():
        store_runs.sort(key=lambda r: r["start"])
        for before, after in zip(store_runs, store_runs[1:], strict=False):
            if after["start"] < before["end"]:
                found.append((before, after))
    return found


def test_the_overlap_check_sees_an_overlap():
    runs = [{"store": 1, "pid": 1, "start": 0.0, "end": 2.0},
            {"store": 1, "pid": 2, "start": 1.0, "end": 3.0},
            {"store": 2, "pid": 2, "start": 0.5, "end": 1.5}]
    assert len(overlaps(runs)) == 1
    assert overlaps([runs[0], {**runs[1], "start": 2.0}]) == []


@pytest.mark.postgres
@pytest.mark.slow
def test_two_then_four_scheduler_processes_never_share_a_store(postgres_url, tmp_path):
    from connector import create_app, db

    instance = tmp_path / "instance"
    app = create_app({"instance_path": str(instance), "database_url": postgres_url,
                      "scheduler": False})
    db.upgrade(postgres_url)
    database = app.extensions["connector_db"]
    stamp = lagging_now()
    servers, campaigns, store_ids, processes = [], [], [], []
    run_log = tmp_path / "runs.jsonl"
    # One store at a time per process: the four processes then contend store by store (with
    # a pool, the first two can take all three stores at once and leave the others idle).
    env = scheduler_env(str(instance), postgres_url, CHAOS_RUN_LOG=str(run_log),
                        CONNECTOR_STORE_CONCURRENCY="1")
    try:
        for n in range(STORES):
            from connector.sandbox.amazon import create_amazon_sandbox
            from connector.sandbox.commerce import create_commerce_sandbox

            amazon_app = create_amazon_sandbox(samples=False, time_scale=1000.0, seed=n)
            amazon_app.extensions["amazon_sandbox"].book._now = stamp
            amazon, commerce = Server(amazon_app), Server(create_commerce_sandbox(seed=n))
            servers += [amazon, commerce]
            campaign = Campaign(amazon.url, commerce.url, stamp, seed=20 + n,
                                blocked_share=0.1, partial_share=0.0)
            campaign.seed_catalog()
            campaign.add_late_product()
            campaign._post(commerce.url, "/_sandbox/faults",
                           {"latency_ms": LATENCY["commerce"]})
            campaign._post(amazon.url, "/_sandbox/faults", {"latency_ms": LATENCY["amazon"]})
            store_id = connect_store(database, amazon.url, commerce.url, name=f"Store {n}",
                                     integration_time=stamp() - timedelta(hours=1))
            sync_every_tick(database, store_id)
            campaigns.append(campaign)
            store_ids.append(store_id)

        def settled() -> bool:
            done = True
            for campaign, store_id in zip(campaigns, store_ids, strict=True):
                campaign.merchant_ships(count=0)
                campaign.note_run(database, store_id)
                done &= not campaign.check(database, [store_id])[1]
            return done

        for phase, count in enumerate((2, 4)):
            while len(processes) < count:
                processes.append(SchedulerProcess(
                    env, tmp_path / f"scheduler-{len(processes)}.log",
                    module="tests.chaos.run_probe"))
            for campaign in campaigns:
                campaign.place_orders(10)
            wait_for(lambda: False, timeout=2)  # let the processes contend over the imports
            for campaign in campaigns:
                campaign.amazon_moves()
                campaign.merchant_ships(count=3)
            assert wait_for(settled, timeout=90, every=2), f"phase {phase} did not settle"
        for process in processes:
            assert process.alive()
        results = [campaign.check(database, [store_id])
                   for campaign, store_id in zip(campaigns, store_ids, strict=True)]
        with database.session() as s:
            beats = s.scalars(select(SchedulerHeartbeat.beat_at)).all()
    finally:
        codes = [p.stop() for p in processes]
        for campaign in campaigns:
            campaign.http.close()
        for server in servers:
            server.stop()
        database.dispose()
    assert codes == [0] * 4
    for counts, problems in results:
        assert problems == [], problems[:10]
        assert counts["duplicates"] == 0 and counts["resends"] == 0, counts
        assert counts["importable"] >= 8 and counts["shipments"] >= 2, counts
    runs = [json.loads(line) for line in run_log.read_text().splitlines()]
    assert overlaps(runs) == []
    by_store = defaultdict(set)
    for run in runs:
        by_store[run["store"]].add(run["pid"])
    assert set(by_store) == set(store_ids)
    assert all(len(pids) >= 2 for pids in by_store.values()), by_store  # real contention
    assert len({run["pid"] for run in runs}) == 4  # all four processes ran stores
    assert len(beats) == 4 and all(datetime.now(UTC) - b < timedelta(minutes=2) for b in beats)
