"""``connector serve`` (the web app with the scheduler beside it, or the demo) and
``connector scheduler`` (the scheduled jobs alone)."""

from __future__ import annotations

import click

from connector.cli.common import build_app

JOBS = "Scheduler started (sync, shipments, completion, retention, resyncs)."


@click.command(help="Run the web app (and the scheduler unless CONNECTOR_SCHEDULER=off). With "
                    "nothing configured and no store (or CONNECTOR_SANDBOX=on) it runs as a "
                    "demo, with stand-ins for Amazon and Commerce on the same port, on "
                    "127.0.0.1 only.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--tick", type=click.IntRange(1, 3600), default=None,
              help="Seconds between checks for due stores (default 30; 5 in sandbox mode).")
def serve(host: str, port: int, tick: int | None) -> None:
    from connector import db
    from connector.cli import sandbox
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
    click.echo(f"Serving on http://{host}:{port}/  (health: http://{host}:{port}/health)")
    try:
        app.run(host=host, port=port, threaded=True, use_reloader=False)
    finally:
        if running is not None:
            running.shutdown(wait=False)


@click.command(help="Run the scheduled jobs alone (for deployments serving the web app with "
                    "gunicorn).")
@click.option("--tick", type=click.IntRange(1, 3600), default=None,
              help="Seconds between checks for due stores (default 30).")
def scheduler(tick: int | None) -> None:
    import signal
    import threading

    from connector import db
    from jobs import scheduler as jobs

    app = build_app()
    db.upgrade(app.extensions["connector_settings"].database_url)
    running = jobs.start(app, tick)
    click.echo(JOBS)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    running.shutdown(wait=True)
    app.extensions["connector_db"].dispose()
