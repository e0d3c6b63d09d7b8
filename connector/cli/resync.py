"""``connector resync``: the API's resync from the command line, run in this process with a
progress bar. It is recorded like an API resync, so ``GET /api/v1/resyncs/<id>`` shows it."""

from __future__ import annotations

import re
import sys

import click
from marshmallow import ValidationError

from connector.cli.common import app_context, exit_with_field_errors, fail
from connector.domain import ResyncState

FAILED_EXIT = 1
LABELS = {"fetched": "fetched", "created": "created", "already_imported": "already imported",
          "blocked": "blocked", "failed": "failed", "skipped": "skipped",
          "not_found": "not found"}


class _Bars:
    """One progress bar per stage whose size is known; a running count otherwise."""

    def __init__(self):
        self.bar = None
        self.stage = None
        self.shown = 0

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if stage != self.stage:
            self.close()
            self.stage = stage
            if total is not None:
                label = "Fetching from Amazon" if stage == "fetch" else "Importing into Commerce"
                self.bar = click.progressbar(length=total, label=label, file=sys.stderr,
                                             show_pos=True)
                self.bar.__enter__()
        if self.bar is not None:
            self.bar.update(done - self.shown)
            self.shown = done
        else:
            click.echo(f"\rFetched {done} order(s) from Amazon", nl=False, err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
        elif self.stage is not None:
            click.echo(err=True)
        self.bar, self.shown = None, 0


def _as_options(line: str) -> str:
    """``amazon_order_ids.0: ...`` -> ``--order: ...``: name the options, not the API fields."""
    line = re.sub(r"^_schema: ", "", line)
    line = re.sub(r"\bamazon_order_ids(\.\d+)?", "--order", line)
    return re.sub(r"(?<!-)\b(since|until)\b", r"--\1", line)


def summary(row) -> str:
    counts = ", ".join(f"{LABELS[k]} {row.counts.get(k, 0)}" for k in LABELS)
    line = f"resync {row.id} {row.state}: {counts}"
    return f"{line}\nerror: {row.error}" if row.error else line


@click.command(help="Fetch orders from Amazon again and import what is importable. Give "
                    "--order (repeatable) or a window of Amazon's last-update time (--since, "
                    "--until; ISO-8601, UTC unless a zone is given). Safe to repeat: no order "
                    "is imported twice.")
@click.option("--store", "store_id", required=True, type=int, help="Store id.")
@click.option("--since", default=None, help="Start of the window, e.g. 2026-11-02T09:00:00Z.")
@click.option("--until", default=None, help="End of the window (default: now minus 2 "
                                            "minutes).")
@click.option("--order", "orders", multiple=True, help="Amazon order id; repeat for several.")
def resync(store_id: int, since: str | None, until: str | None, orders: tuple[str, ...]) -> None:
    from connector.orders import (
        ResyncBodySchema,
        ResyncRefused,
        normalise_params,
        request_and_claim,
        run_resync,
        services_for,
    )

    payload: dict = {}
    if orders:
        payload["amazon_order_ids"] = list(orders)
    if since is not None:
        payload["since"] = since
    if until is not None:
        payload["until"] = until
    try:
        body = ResyncBodySchema().load(payload)
    except ValidationError as exc:
        exit_with_field_errors(exc.messages, _as_options)
    params = normalise_params(body.get("amazon_order_ids"), body.get("since"),
                              body.get("until"))
    with app_context() as app:
        services = services_for(app)
        try:
            claim = request_and_claim(services, store_id, params)  # no scheduler takes it first
        except LookupError:
            fail(f"no store with id {store_id}")
        except ResyncRefused as refused:
            fail(str(refused))
        bars = _Bars()
        try:
            row = run_resync(services, claim.resync_id, claim=claim, progress=bars, on_wait=lambda:
                             click.echo("The store is busy with a scheduled run; waiting for "
                                        "it to finish...", err=True))
        finally:
            bars.close()
    click.echo(summary(row))
    if row.state != ResyncState.DONE:
        sys.exit(FAILED_EXIT)
