"""``flask --app partner_net worker``: the background worker (a Huey consumer)."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext
from flask.logging import default_handler

from partner_net.tasks import queue


@click.command("worker")
@click.option("--threads", default=2, show_default=True,
              help="Tasks run at once in this process (run more processes to scale out).")
@click.option("--periodic/--no-periodic", default=True, show_default=True,
              help="Also enqueue the periodic jobs (each still runs once per slot).")
@with_appcontext
def worker_command(threads: int, periodic: bool) -> None:
    """Deliver the outbox and run the periodic jobs until stopped (Ctrl+C, SIGTERM)."""
    app = current_app._get_current_object()
    huey = queue(app).huey
    if not logging.getLogger().handlers:  # development: JSON logs are set up in production
        app.logger.removeHandler(default_handler)  # one line per record, through the root
        logging.basicConfig(level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("huey").setLevel(logging.INFO)
    click.echo(f"Worker: {threads} thread(s), queue {describe(app.config['QUEUE_URL'])}, "
               f"periodic jobs {'on' if periodic else 'off'}.")
    consumer = huey.create_consumer(workers=threads, periodic=periodic, worker_type="thread",
                                    graceful_signal="TERM", shutdown_timeout=30)
    consumer.run()


def describe(url: str) -> str:
    """The queue's address without a password."""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.rpartition('@')[2]}"
