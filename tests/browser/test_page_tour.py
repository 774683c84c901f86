"""Every main page, as a member and as an organizer, on a phone, a tablet and a desk:

- a screenshot of each is saved under ``screenshots/pages/`` (git-ignored) to be looked at;
- no page is wider than the screen, with a 120-letter name without a space on it;
- axe-core (vendored in ``tests/browser/assets``) finds no serious or critical violation
  at 375 px and at 1280 px.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from partner_net import create_app
from partner_net.extensions import db
from tests.browser import pages
from tests.conftest import base_config, migrated
from tests.database import derived_url, drop_derived
from tests.live import live_server

pytestmark = pytest.mark.browser

AXE = Path(__file__).with_name("assets") / "axe.min.js"
AXE_SOURCE = AXE.read_text(encoding="utf-8") if AXE.exists() else ""
#: Full-page screenshots cost about a fifth of the tour's time: saved when asked
#: (``SCREENSHOTS=1 bin/test tests/browser/test_page_tour.py``), not in every run.
SAVE_SCREENSHOTS = os.environ.get("SCREENSHOTS", "") not in ("", "0")
#: axe-core's WCAG 2.1 A/AA rules and its best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture(scope="module")
def tour(database_url: str) -> Iterator[tuple[str, pages.Demo]]:
    """The demo and its extras in a database of its own, built once for all six tours
    (it took 22 s a tour) and served once; the pages only read, but for the week's
    suggestion slate and the next meeting's row, which every tour shares alike."""
    url = derived_url(database_url, "tour")
    migrated(url)
    app = create_app(base_config(url))
    with app.app_context():
        demo = pages.load()
        # What a deploy does: without it the match page's first query embeds every
        # profile sentence of the group (10 s on a quiet machine, past the page's 15 s
        # time-out on a loaded one). The model is loaded once per process, so the live
        # server below finds the vectors in memory.
        warmed = app.test_cli_runner().invoke(args=["matcher-warm"])
        assert warmed.exit_code == 0, warmed.output
        for row in (demo.harbour, demo.riverside, demo.organizer, demo.member, demo.long,
                    demo.received, demo.given, demo.others, demo.riverside_referral):
            db.session.refresh(row)  # loaded, then detached: readable after the session
        db.session.expunge_all()
        db.session.remove()
        db.engine.dispose()
    try:
        with live_server(url, WTF_CSRF_ENABLED=True) as base:
            yield base, demo
    finally:
        drop_derived(database_url, url)


def axe_problems(page) -> list[str]:
    # Through DevTools, not a <script> tag: the site's CSP (rightly) forbids inline ones.
    page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})", AXE_TAGS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
                    for n in v["nodes"][:4])
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("role", ["member", "organizer"])
@pytest.mark.parametrize("viewport", list(pages.VIEWPORTS))
def test_every_main_page(browser: Browser, tour: tuple[str, pages.Demo],
                         role: str, viewport: str) -> None:
    live_server, demo = tour
    width, height = pages.VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(15_000)
    pages.sign_in_as(page, live_server, demo.member if role == "member" else demo.organizer)
    pages.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for spec in pages.pages_for(role):
        response = page.goto(live_server + spec.url(demo))
        if response is None or response.status != 200:
            problems.append(f"{spec.name}: HTTP {response and response.status}")
            continue
        if SAVE_SCREENSHOTS:
            page.screenshot(path=str(pages.SCREENSHOTS / f"{role}-{viewport}-{spec.name}.png"),
                            full_page=True)
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > width:
            problems.append(f"{spec.name}: {wide} px wide on a {width} px screen")
        if viewport != "tablet":
            problems += [f"{spec.name}: {p}" for p in axe_problems(page)]
    context.close()
    assert problems == [], "\n".join(problems)
