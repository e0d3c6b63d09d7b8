"""``connector serve`` (the web app with the scheduler beside it, or the demo) and
``connector scheduler`` (the scheduled jobs alone)."""

from __future__ import annotations

import click

from connector.cli.common import build_app

JOBS = "Scheduler started (sync, shipments, completion, retention, resyncs, notifications)."


@click.command(help="Run the web app (and the scheduler unless CONNECTOR_SCHEDULER=off). With "
                    "nothing configured and no store (or CONNECTOR_SANDBOX=on) it runs as a "
                    "demo, with stand-ins for Amazon and Commerce on the same port, on "
                    "127.0.0.1 only.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--tick", type=click.IntRange(1, 3600), default=None,
              help="Seconds between checks for due stores (default 30; 5 in sandbox mode).")
def serve(host: str, port: int, tick: int | None) -> None:
    from connector import db, serving
    from connector.cli import sandbox
    from connector.orders import services_for
    from jobs import scheduler as jobs

    app = build_app()
    settings = app.extensions["connector_settings"]
    db.upgrade(settings.database_url)
    if sandbox.demo_wanted(settings):
        app.extensions["connector_db"].dispose()
        sandbox.serve_demo(settings, host, port, tick)
        return
    running = jobs.start(app, tick) if settings.scheduler else None
    if running is not None:
        click.echo(JOBS)

    def stop_work() -> bool:
        return jobs.stop(running, services_for(app), settings.shutdown_grace)

    code = serving.serve_until_stopped(app, host, port, threads=settings.web_threads,
                                       stop_work=stop_work, announce=click.echo)
    exit_after_stop(app, code)


@click.command(help="Run the scheduled jobs alone (for deployments serving the web app with "
                    "gunicorn).")
@click.option("--tick", type=click.IntRange(1, 3600), default=None,
              help="Seconds between checks for due stores (default 30).")
def scheduler(tick: int | None) -> None:
    from connector import db, serving
    from connector.orders import services_for
    from jobs import scheduler as jobs

    app = build_app()
    settings = app.extensions["connector_settings"]
    db.upgrade(settings.database_url)
    running = jobs.start(app, tick)
    click.echo(JOBS)
    if settings.metrics_address is not None:
        from connector.metrics import serve_counters

        host, port = settings.metrics_address
        serve_counters(host, port)
        click.echo(f"Metrics on http://{host}:{port}/metrics")
    code = serving.wait_until_stopped(
        lambda: jobs.stop(running, services_for(app), settings.shutdown_grace), click.echo)
    exit_after_stop(app, code)


def exit_after_stop(app, code: int) -> None:
    """Exit 0 after a clean stop. Otherwise at once: a run still working past the grace must
    not hold the exit up (the interpreter would wait for its thread)."""
    import os
    import sys

    if code == 0:
        app.extensions["connector_db"].dispose()
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
