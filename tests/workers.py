"""Real Huey workers for tests: consumers with worker threads on a SQLite or Redis queue."""

from __future__ import annotations

import os
import signal
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask

from partner_net.tasks import queue

#: Tests that need Redis use this database (emptied of their own keys only, never flushed).
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/4")


def redis_available(url: str = REDIS_URL) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


def queue_config(kind: str, tmp_path: Path) -> dict[str, object]:
    """App settings for a real queue of ``kind`` ("sqlite" or "redis"), unique to the test."""
    name = f"pn_test_{uuid.uuid4().hex[:12]}"
    if kind == "redis":
        if not redis_available():
            pytest.skip(f"no Redis at {REDIS_URL} (set TEST_REDIS_URL)")
        return {"QUEUE_URL": REDIS_URL, "QUEUE_NAME": name}
    return {"QUEUE_URL": f"sqlite:///{tmp_path / 'queue.sqlite'}", "QUEUE_NAME": name}


@contextmanager
def running_worker(app: Flask, threads: int = 2, periodic: bool = False) -> Iterator[object]:
    """A Huey consumer for ``app``'s queue running in this process until the block ends."""
    huey = queue(app).huey
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    consumer = huey.create_consumer(workers=threads, periodic=periodic, worker_type="thread",
                                    check_worker_health=False, initial_delay=0.05,
                                    max_delay=0.2)
    consumer.start()
    try:
        yield consumer
    finally:
        consumer.stop(graceful=True)
        for number, handler in saved.items():
            signal.signal(number, handler)
        if app.config["QUEUE_URL"].startswith("redis"):
            huey.flush()  # this test's own keys (the queue name is unique)


def wait_for(condition: Callable[[], object], timeout: float = 15.0) -> object:
    """Poll ``condition`` until it is truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"still not true after {timeout}s: {condition}")
