"""Database connection settings: SQLite made safe for a real site.

SQLite leaves foreign keys unenforced unless each connection asks (the schema's
``ON DELETE CASCADE`` would do nothing), uses a rollback journal that blocks readers
while one request writes, and fails at once with "database is locked" when two requests
write together. Each new connection therefore sets ``foreign_keys=ON``, WAL and a busy
timeout. The database file is created readable by its owner only (mode 600): it holds
password hashes and prospects' contact details.
"""

from __future__ import annotations

import contextlib
import functools
import os
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from partner_net.extensions import db


def sqlite_file(database: str | None) -> Path | None:
    """The file a pysqlite ``database`` argument names, or None for memory / URIs."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def create_private_file(_dialect, _record, cargs, cparams) -> None:
    """Before the first connection makes it: create the database file with mode 600."""
    path = sqlite_file(cparams.get("database") or (cargs[0] if cargs else None))
    if path is None or path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):  # another worker created it meanwhile
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


@functools.cache
def pragmas(busy_timeout_ms: int):
    """The connect listener for a busy timeout: one function per value, so that an engine
    serving a second app (the tests share one, tests/speedups.py) is not given a second
    listener (SQLAlchemy adds a function to the same engine once)."""

    def set_pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    return set_pragmas


def init_app(app: Flask) -> None:
    with app.app_context():
        engines = list(db.engines.values())
    for engine in engines:
        if engine.dialect.name == "sqlite":
            sa.event.listen(engine, "do_connect", create_private_file)
            sa.event.listen(engine, "connect",
                            pragmas(app.config["SQLITE_BUSY_TIMEOUT_MS"]))
