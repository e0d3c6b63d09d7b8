"""Scheduler processes for the crash and concurrency campaigns: real ``connector scheduler``
processes (or the probe in ``run_probe.py``), killed and restarted by the test."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import update

from connector.models import OrderSettings, SyncState

ROOT = Path(__file__).resolve().parents[2]


def scheduler_env(instance_path: str, database_url: str, **extra) -> dict:
    env = {**os.environ, "CONNECTOR_INSTANCE_PATH": instance_path,
           "CONNECTOR_DATABASE_URL": database_url, "CONNECTOR_LOG_LEVEL": "WARNING",
           "PYTHONPATH": str(ROOT), **extra}
    return env


class SchedulerProcess:
    """``python -m connector.cli scheduler --tick 1`` (or ``module``), stderr to a file."""

    def __init__(self, env: dict, log_path: Path, module: str = "connector.cli"):
        self.log_path = log_path
        self._log = open(log_path, "ab")  # noqa: SIM115 - closed when the process ends
        self.started_at = datetime.now(UTC)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", module, "scheduler", "--tick", "1"], env=env, cwd=ROOT,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._log)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as a power cut or the OOM killer."""
        self.proc.kill()
        self.proc.wait(timeout=30)
        self._log.close()

    def stop(self) -> int:
        """SIGTERM, as a deployment does; the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=30)
        self._log.close()
        return self.proc.returncode


def sync_every_tick(db, store_id: int) -> None:
    """The store's sync interval set to zero: the scheduler syncs it on every tick (1 s), so
    a campaign of minutes fits in seconds. Nothing else about the lifecycle changes."""
    with db.session() as session:
        session.execute(update(OrderSettings).where(OrderSettings.store_id == store_id)
                        .values(sync_interval_minutes=0))


def wait_for(predicate, timeout: float, every: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return False


def last_run_after(db, store_id: int, moment: datetime) -> bool:
    with db.session() as session:
        state = session.get(SyncState, store_id)
        return state.last_run_at is not None and state.last_run_at > moment


def lagging_now(minutes: float = 3.0):
    """Amazon's clock for stamping orders and their changes, a few minutes behind: a change
    is then older than Amazon's "two minutes before now" bound as soon as it happens."""
    return lambda: datetime.now(UTC) - timedelta(minutes=minutes)
