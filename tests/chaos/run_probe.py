"""``python -m tests.chaos.run_probe scheduler --tick 1``: the real scheduler, except that
each store run it makes while holding the store's lease is appended to ``$CHAOS_RUN_LOG``
(pid, store, start, end on the host's monotonic clock), so a test can prove that no two runs
of one store ever overlapped."""

from __future__ import annotations

import json
import os
import time
from contextlib import contextmanager

from connector.cli import main
from connector.orders import runner

_store_lease = runner.store_lease


@contextmanager
def _recorded_lease(db, store_id, owner, *args, **kwargs):
    with _store_lease(db, store_id, owner, *args, **kwargs) as held:
        if not held:
            yield held
            return
        start = time.monotonic()
        try:
            yield held
        finally:
            line = json.dumps({"pid": os.getpid(), "store": store_id, "start": start,
                               "end": time.monotonic()})
            with open(os.environ["CHAOS_RUN_LOG"], "a", encoding="utf-8") as log:
                log.write(line + "\n")


runner.store_lease = _recorded_lease

if __name__ == "__main__":
    main()
