"""Browser tests: the app served from a background thread, driven by Chromium.

The live server uses the same test database as the ``app`` fixture (which empties the
tables after each test), with CSRF protection on, as in production.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from partner_net import create_app
from partner_net.extensions import db
from tests import factories
from tests.conftest import base_config

CHROMIUM = Path("/usr/bin/chromium")


def browser_skip_reason() -> str | None:
    """Why the browser tests do not run here, or None.

    They drive pages and scripts through Chromium; what the database does under them
    (constraints, compare-and-set, locks) is tested on both databases by the tests
    outside ``tests/browser``. So on PostgreSQL they are left to the SQLite run (a third
    of the suite's time) unless ``BROWSER_ON_POSTGRES=1``.
    """
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM}; browser tests skipped"
    if os.environ.get("DATABASE_URL", "").startswith("postgres") \
            and os.environ.get("BROWSER_ON_POSTGRES") != "1":
        return "browser tests run in the SQLite run (BROWSER_ON_POSTGRES=1 runs them here)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip (rather than fail) the browser tests where they cannot or need not run."""
    reason = browser_skip_reason()
    if reason is None:
        return
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, object]:
    return {
        "executable_path": str(CHROMIUM),
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"],
    }


@pytest.fixture
def phone_page(browser):
    """A page the size of a phone (375 × 812)."""
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def live_server_config() -> dict[str, object]:
    """Override in a test module to change the live server's settings."""
    return {}


@pytest.fixture
def live_server(app: Flask, database_url: str, live_server_config: dict[str, object],
                ) -> Iterator[str]:
    """The base URL of the app running in a thread; stopped before ``app`` empties tables."""
    with serving(database_url, **live_server_config) as base:
        yield base


@contextmanager
def serving(database_url: str, **config: object) -> Iterator[str]:
    """The app on ``database_url`` running in a thread, as the browser sees it (CSRF on)."""
    live_app = create_app(base_config(database_url, SERVER_NAME=None, WTF_CSRF_ENABLED=True,
                                      **config))
    in_flight = InFlight(live_app.wsgi_app)
    live_app.wsgi_app = in_flight
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        # A request may still run after the test (the give form's debounced "who fits"
        # fetch): let it return its database connection before the engine is disposed.
        in_flight.wait_idle(timeout=60)
        with live_app.app_context():
            db.session.remove()
            db.engine.dispose()


class InFlight:
    """WSGI middleware counting the requests inside the app.

    Flask pops the app context - and Flask-SQLAlchemy returns the request's connection -
    before the app returns its (unstreamed) response, so a request counts until then.
    Not until the response's ``close()``: werkzeug's server drains the client socket
    before calling it, and Chromium's open connections made that wait until the browser
    context closed, after this fixture's teardown (60 s per test); it also never calls
    it when that drain fails.
    """

    def __init__(self, app) -> None:
        self.app = app
        self.count = 0
        self.idle = threading.Condition()

    def __call__(self, environ, start_response):
        with self.idle:
            self.count += 1
        try:
            return self.app(environ, start_response)
        finally:
            self._done()

    def _done(self) -> None:
        with self.idle:
            self.count -= 1
            self.idle.notify_all()

    def wait_idle(self, timeout: float) -> None:
        with self.idle:
            self.idle.wait_for(lambda: self.count == 0, timeout=timeout)


def sign_in(page: Page, base: str, member) -> None:
    """Sign ``member`` in through the form and wait for their dashboard."""
    page.goto(f"{base}/auth/signin")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name=f"Hello, {member.first_name}")).to_be_visible()
