"""What the service counts for monitoring, in Prometheus's terms (``prometheus_client``).

Counters and histograms are kept by the process that does the work; under gunicorn (several
worker processes) set ``PROMETHEUS_MULTIPROC_DIR`` to an empty folder writable by all of them,
the same for every process, before they start: ``/metrics`` then adds up every process's
values. Per-store gauges (sync lag, orders by status, ...) are read from the database when
``/metrics`` is asked, so every process answers the same.

Labels stay few: a store's id, an operation's name (ids and SKUs left out), a result.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

AMAZON_CALLS = Counter("connector_amazon_calls", "SP-API answers, per operation and status "
                       "class (2xx, 4xx, 429, 5xx).", ["operation", "status"])
AMAZON_THROTTLED = Counter("connector_amazon_throttled", "SP-API 429 answers, per operation.",
                           ["operation"])
COMMERCE_SECONDS = Histogram(
    "connector_commerce_call_seconds", "Time of each Commerce REST call, per operation.",
    ["operation"], buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
COMMERCE_FAILURES = Counter("connector_commerce_failures", "Commerce calls answered 5xx or "
                            "not at all, per operation.", ["operation"])
IMPORTS = Counter("connector_imports", "Orders the import step handled, per store and result "
                  "(created, already_imported, blocked, failed, skipped, stopped).",
                  ["store", "result"])
CONFIRMATIONS = Counter("connector_shipment_confirmations", "Shipments confirmed to Amazon, "
                        "per store.", ["store"])
COMPLETIONS = Counter("connector_completions", "Shipped orders completed in Commerce, per "
                      "store.", ["store"])
STORE_RUNS = Counter("connector_store_runs", "Store runs, per outcome (ok, throttled, error, "
                     "stopped).", ["outcome"])
STORE_RUN_SECONDS = Histogram("connector_store_run_seconds", "Time of one store run.",
                              buckets=(0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600))
JOB_SECONDS = Histogram("connector_job_seconds", "Time of one scheduled job's round, per job.",
                        ["job"], buckets=(0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800))
LEASE_TAKEOVERS = Counter("connector_lease_takeovers", "Claims taken over from a process that "
                          "is gone, per kind (store, resync, import).", ["kind"])
HTTP_REQUESTS = Counter("connector_http_requests", "Requests answered, per status.",
                        ["status"])


def status_class(status: int) -> str:
    return "429" if status == 429 else f"{status // 100}xx" if status else "none"


def amazon_call(operation: str, status: int) -> None:
    AMAZON_CALLS.labels(operation, status_class(status)).inc()
    if status == 429:
        AMAZON_THROTTLED.labels(operation).inc()


def commerce_call(operation: str, seconds: float, status: int) -> None:
    COMMERCE_SECONDS.labels(operation).observe(seconds)
    if status == 0 or status >= 500:
        COMMERCE_FAILURES.labels(operation).inc()


#: One gauge read at scrape time: (name, help, label names, [(label values, value)]).
Gauge = tuple[str, str, tuple[str, ...], list[tuple[tuple[str, ...], float]]]


class _Gauges:
    def __init__(self, read: Callable[[], Iterable[Gauge]]):
        self.read = read

    def collect(self):
        for name, help_text, labels, samples in self.read():
            family = GaugeMetricFamily(name, help_text, labels=list(labels))
            for values, value in samples:
                family.add_metric(list(values), value)
            yield family


def serve_counters(host: str, port: int) -> None:
    """``/metrics`` of this process's counters on their own address, in a background thread
    (``connector scheduler``: its work is counted there, not in the web replicas)."""
    from prometheus_client import start_http_server

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        start_http_server(port, addr=host, registry=registry)
    else:
        start_http_server(port, addr=host)


def exposition(read_gauges: Callable[[], Iterable[Gauge]]) -> tuple[bytes, str]:
    """The text ``/metrics`` answers: this process's (or every process's) counters and
    histograms, and the gauges ``read_gauges`` gives now."""
    gauges = CollectorRegistry()
    gauges.register(_Gauges(read_gauges))
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        every_process = CollectorRegistry()
        multiprocess.MultiProcessCollector(every_process)
        counted = generate_latest(every_process)
    else:
        counted = generate_latest(REGISTRY)
    return counted + generate_latest(gauges), CONTENT_TYPE_LATEST
