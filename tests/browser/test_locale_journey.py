"""On a phone and a desktop: the organizer writes the group's dates the German way and
types its time zone in lower case; the members page follows, and the site's words stay
English (a number that cannot be read gets one English message)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from partner_net import formatting
from partner_net.extensions import db
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

#: Set to a folder to keep the screenshots (375 × 812 and 1280 × 900) for a look.
SHOTS = os.environ.get("SCREENSHOTS_DIR")


@pytest.mark.parametrize("width, height", [(375, 812), (1280, 900)])
def test_the_organizer_sets_locale_and_zone(browser, live_server: str, world, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page: Page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, live_server, world.organizer)
        page.goto(f"{live_server}/g/{world.group.slug}/manage/settings")
        page.get_by_label("Write amounts and dates as in").select_option("de_DE")
        page.get_by_label("Time zone").fill("europe/berlin")
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / f"settings-{width}.png"), full_page=True)
        page.get_by_role("button", name="Save settings").click()
        expect(page.get_by_text("Settings saved.")).to_be_visible()
        expect(page.get_by_label("Time zone")).to_have_value("Europe/Berlin")
        expect(page.get_by_label("Write amounts and dates as in")).to_have_value("de_DE")

        db.session.refresh(world.group)
        joined = formatting.day(world.organizer.memberships[0].joined_at, world.group)
        page.goto(f"{live_server}/g/{world.group.slug}/manage/members")
        expect(page.get_by_text(joined).first).to_be_visible()
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / f"members-{width}.png"), full_page=True)

        # A number out of range (the browser lets it through to the server's message):
        # English, once, with what was typed kept; WTForms' own message came out German.
        page.goto(f"{live_server}/g/{world.group.slug}/health/bands")
        page.get_by_label("Green from (points)").fill("7000")
        page.get_by_role("button", name="Save the bands").click()
        expect(page.locator("#green-error")).to_have_text("Number must be between 0 and 6000.")
        expect(page.get_by_label("Green from (points)")).to_have_value("7000")
        expect(page.get_by_text("Zahl")).to_have_count(0)
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / f"bands-error-{width}.png"),
                            full_page=True)
    finally:
        context.close()
