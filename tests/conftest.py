"""Fixtures: a database built by the migrations once per run, emptied after each test.

Runs on SQLite (a file in a temporary folder) unless ``DATABASE_URL`` is set, in which
case that database is emptied at the start and the schema built from nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import pytest
import sqlalchemy as sa
from flask import Flask, g, request_started
from flask.testing import FlaskClient
from flask_migrate import upgrade
from hypothesis import HealthCheck, settings

from partner_net import clock, create_app
from partner_net.config import normalise_database_url
from partner_net.extensions import db
from partner_net.network.cache import cache as network_cache
from partner_net.network.service import received_memo
from tests import factories
from tests.database import derived_url, drop_derived, drop_everything
from tests.smtp_server import Mailbox, running_smtp_server
from tests.speedups import (
    memoize_url_builders,
    share_compiled_templates,
    share_fixture_engines,
)

# Property tests: the same examples every run (a CI failure can be re-run as it was), no
# time limits: a loaded machine (two suites side by side) once failed a health check.
settings.register_profile("suite", derandomize=True, database=None, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("suite")

# A fresh app per test, cheaply (tests/speedups.py).
memoize_url_builders()
share_compiled_templates()
share_fixture_engines()


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the deploy test's wheel build and install in the background now, so that it
    runs beside the rest of the suite (tests/deploy.py). Only in the SQLite run, and not
    under pytest-xdist (every worker collects every test; the test starts it itself)."""
    if (os.environ.get("DATABASE_URL") or session.config.option.collectonly
            or os.environ.get("PYTEST_XDIST_WORKER")):
        return
    if any(item.get_closest_marker("deploy") for item in session.items):
        from tests.deploy import start_install

        start_install()


def migrated(url: str) -> None:
    """Empty the database at ``url`` and build the schema with the migrations."""
    drop_everything(url)
    app = create_app(base_config(url))
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The test database: ``DATABASE_URL`` or a SQLite file. Under pytest-xdist each
    worker has its own (tmp folders are per worker; on PostgreSQL see
    :func:`tests.database.derived_url`)."""
    base = os.environ.get("DATABASE_URL")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if base:
        base = normalise_database_url(base)
        url = derived_url(base, worker) if worker else base
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    migrated(url)
    yield url
    if base and url != base:
        drop_derived(base, url)
    else:
        drop_everything(url)


@dataclass(frozen=True)
class DemoDatabase:
    url: str
    output: str  # what ``flask demo`` printed when it built it


@pytest.fixture(scope="session")
def demo_database(database_url: str) -> Iterator[DemoDatabase]:
    """A database of its own holding the demo (``flask demo``), built once per run for
    the tests that only read it (:func:`demo_app`). Never emptied between tests: a test
    that changes demo rows uses ``app`` and loads the demo itself."""
    url = derived_url(database_url, "demo")
    migrated(url)
    app = create_app(base_config(url))
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["demo"])
        assert result.exit_code == 0, result.output
        db.session.remove()  # the command read the group after its commit: give it back
        db.engine.dispose()
    yield DemoDatabase(url, result.output)
    drop_derived(database_url, url)


TEST_PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"


def base_config(url: str, **overrides: object) -> dict[str, object]:
    config: dict[str, object] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-not-for-production",
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "MAIL_SERVER": None,
        "MAIL_LOG_BODIES": True,
        # Deliveries run as they are enqueued (after the commit); tests/test_worker.py
        # runs real workers on a SQLite or Redis queue.
        "QUEUE_URL": "immediate",
        "SERVER_NAME": "partner.test",
        # Production hashes with scrypt (~0.1-1 s a hash); one round of PBKDF2 here, since
        # nearly every test signs someone in. tests/test_auth.py checks scrypt once.
        "PASSWORD_HASH_METHOD": TEST_PASSWORD_HASH_METHOD,
    }
    config.update(overrides)
    return config


def empty_tables() -> None:
    """Delete every row, children first, and start ids at 1 again (as SQLite does).

    DELETE rather than PostgreSQL's TRUNCATE: a test leaves a handful of rows, and
    TRUNCATE of ~35 tables (new files for each) took 0.3-0.6 s per test, DELETE 30 ms.
    On PostgreSQL the DELETEs and the sequences' restart go as one string of statements
    (no parameters, so psycopg sends it whole): one round trip, 15 -> 3 ms a test.
    """
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    deletes = [f"DELETE FROM {name}" for name in tables]
    if db.engine.dialect.name == "postgresql":
        restarts = ", ".join(f"setval(pg_get_serial_sequence('{name}', 'id'), 1, false)"
                             for name in tables if "id" in db.metadata.tables[name].c)
        db.session.execute(sa.text("; ".join([*deletes, f"SELECT {restarts}"])))
    else:  # SQLite runs one statement at a time
        for delete in deletes:
            db.session.execute(sa.text(delete))
    db.session.commit()


@pytest.fixture
def app_config() -> dict[str, object]:
    """Override in a test module (or parametrize) to change the app's settings."""
    return {}


@pytest.fixture
def app(database_url: str, app_config: dict[str, object]) -> Iterator[Flask]:
    app = create_app(base_config(database_url, TESTS_SHARE_ENGINE=True, **app_config))
    with app.app_context():
        yield app
        network_cache.clear()  # per-process state must not outlive the rows it came from
        received_memo.clear()
        db.session.rollback()
        empty_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def demo_app(demo_database: DemoDatabase, app_config: dict[str, object]) -> Iterator[Flask]:
    """The app on the shared demo database, for tests that only read it (not with
    ``app`` in the same test)."""
    app = create_app(base_config(demo_database.url, TESTS_SHARE_ENGINE=True, **app_config))
    with app.app_context():
        yield app
        network_cache.clear()
        received_memo.clear()
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def demo_client(demo_app: Flask) -> FlaskClient:
    return demo_app.test_client()


@pytest.fixture
def demo_auth(demo_client: FlaskClient) -> AuthActions:
    return AuthActions(demo_client)


@pytest.fixture
def live(app: Flask, database_url: str) -> Iterator[str]:
    """The app served in threads on the test database (``tests.live``), for real parallel
    requests; ``app`` empties the tables after it stops."""
    from tests.live import live_server  # tests.live imports this module

    with live_server(database_url) as base:
        yield base


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def fresh_g(app: Flask) -> Iterator[None]:
    """Every request starts with an empty ``g``, as it does in production.

    The ``app`` fixture keeps one app context open for the whole test and Flask reuses it
    for the test client's requests, so ``g`` - and the member Flask-Login caches in it -
    would otherwise carry over from one request to the next and hide whether a replayed
    cookie still signs in.
    """

    def empty_g(sender: Flask, **extra: object) -> None:
        for key in list(g):
            g.pop(key)

    request_started.connect(empty_g, app)
    yield
    request_started.disconnect(empty_g, app)


@pytest.fixture
def set_now(monkeypatch: pytest.MonkeyPatch):
    """Call with a moment to make ``clock.now()`` return it for the rest of the test."""

    def set_to(moment: datetime) -> None:
        monkeypatch.setattr(clock, "now", lambda: moment)

    return set_to


@pytest.fixture
def smtp_server() -> Iterator[Mailbox]:
    """A real SMTP server on 127.0.0.1; point the app at it with ``app_config``."""
    with running_smtp_server() as mailbox:
        yield mailbox


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


class AuthActions:
    """Sign a member in and out through the real forms."""

    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, member_or_email, password: str = factories.PASSWORD, remember: bool = False):
        email = getattr(member_or_email, "email", member_or_email)
        data = {"email": email, "password": password}
        if remember:
            data["remember"] = "y"
        return self._client.post("/auth/signin", data=data)

    def logout(self):
        return self._client.post("/auth/signout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def world(app: Flask) -> factories.World:
    """Two groups: an organizer and two members in the first, an organizer in the second."""
    return factories.make_world()
