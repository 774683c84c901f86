"""Background work behind one interface, on Huey (https://huey.readthedocs.io).

``QUEUE_URL`` chooses the broker; the code is the same for each:

- ``sqlite:///path`` (the default, ``instance/queue.sqlite``): no other service; the
  worker is ``flask --app partner_net worker`` (``bin/serve`` starts one beside the site).
- ``redis://host:6379/0``: for production, as many worker processes on as many hosts as
  wanted (``pip install .[redis]``).
- ``immediate``: tasks run in the calling process as they are enqueued (tests).

Views never call these directly: ``partner_net.mail.send_email`` writes an outbox row and
the commit hook (``partner_net.outbox.hooks``) enqueues its delivery. The queue only carries
"deliver row N" and the periodic jobs; the outbox table is the record, so a message whose
queue entry is lost (Redis restarted, a worker killed) is picked up by the minute sweep.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, current_app
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey

EXTENSION = "partner_net.queue"


def make_huey(url: str, name: str = "partner_net") -> Huey:
    """A Huey instance for ``url`` (see the module's docstring). Results are not kept."""
    if url == "immediate":
        return MemoryHuey(name, results=False, immediate=True)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(name, results=False, url=url)
    if url.startswith("sqlite:///"):
        return SqliteHuey(name, results=False, filename=url.removeprefix("sqlite:///"))
    raise ValueError(f"QUEUE_URL must be sqlite:///<file>, redis://... or immediate, not {url!r}")


def in_app_context(app: Flask, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` run inside ``app``'s context, with a request context for ``url_for``
    (links in emails) based on ``EMAIL_BASE_URL`` when no ``SERVER_NAME`` is set."""

    @wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        with app.app_context(), app.test_request_context("/", base_url=base_url(app)):
            return function(*args, **kwargs)

    return run


def base_url(app: Flask) -> str:
    if app.config.get("SERVER_NAME"):
        return f"{app.config['PREFERRED_URL_SCHEME']}://{app.config['SERVER_NAME']}"
    return app.config["EMAIL_BASE_URL"]


class Queue:
    """The application's queue: its Huey instance with our tasks registered on it."""

    def __init__(self, app: Flask) -> None:
        from partner_net.outbox import delivery
        from partner_net.tasks import jobs

        self.huey = make_huey(app.config["QUEUE_URL"], app.config["QUEUE_NAME"])
        self.deliver = self.huey.task(name="deliver_email")(in_app_context(app, delivery.deliver))
        self.jobs = {
            job.name: self.huey.periodic_task(job.schedule, name=job.name)(
                in_app_context(app, job.run_once))
            for job in jobs.PERIODIC
        }

    def enqueue_delivery(self, message_id: int, delay_seconds: float | None = None) -> None:
        """Deliver outbox row ``message_id`` now, or after a delay (a retry's back-off)."""
        if delay_seconds is None:
            self.deliver(message_id)
        else:
            self.deliver.schedule((message_id,), delay=delay_seconds)


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = Queue(app)


def queue(app: Flask | None = None) -> Queue:
    return (app or current_app).extensions[EXTENSION]
