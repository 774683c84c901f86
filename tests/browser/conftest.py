"""Browser tests: the app served from a background thread, driven by Chromium.

The live server uses the same test database as the ``app`` fixture (which empties the
tables after each test), with CSRF protection on, as in production.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests import factories, live

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
    with live.live_server(database_url, WTF_CSRF_ENABLED=True, **live_server_config) as base:
        yield base


def sign_in(page: Page, base: str, member) -> None:
    """Sign ``member`` in through the form and wait for their dashboard."""
    page.goto(f"{base}/auth/signin")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name=f"Hello, {member.first_name}")).to_be_visible()
    # Its stylesheets too: until they are applied, the phone's tab bar is visible beside
    # the header's links, and a locator by name can find both.
    page.wait_for_load_state("load")
