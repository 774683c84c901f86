"""Two phones of the same receiver on one referral: the stale one is told the referral
changed meanwhile, sees its current state and keeps what was typed; then the value is
corrected and the giver sees the correction."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import sign_in
from tests.referral_factories import give

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SCREENSHOTS_DIR")


def device(browser: Browser, width: int = 375, height: int = 812) -> Page:
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.set_default_timeout(10_000)
    return page


def shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_the_stale_phone_is_told_and_keeps_its_words(browser: Browser, live_server: str,
                                                     world) -> None:
    referral = give(world.group, world.alice, world.bob)
    url = f"{live_server}/referrals/{referral.id}"
    first, second = device(browser), device(browser, 1280, 900)
    for page in (first, second):
        sign_in(page, live_server, world.bob)
        page.goto(url)

    first.get_by_label("New status").select_option("won")
    first.get_by_label("Value of the business closed").fill("2,400")
    first.get_by_role("button", name="Update").click()
    expect(first.get_by_text("Marked “Won”.")).to_be_visible()

    second.get_by_label("New status").select_option("lost")
    second.get_by_label("Note", exact=True).fill("They chose a cheaper broker")
    second.get_by_role("button", name="Update").click()
    expect(second.get_by_text("This referral changed meanwhile")).to_be_visible()
    expect(second.get_by_text("it is now “Won”", exact=False)).to_be_visible()
    expect(second.locator(".unsaved textarea")).to_have_value(
        "Note: They chose a cheaper broker")
    shot(second, "referral-conflict-1280")
    assert second.evaluate("document.documentElement.scrollWidth") <= 1280

    first.get_by_text("Correct the value closed").click()
    first.get_by_label("Corrected value").fill("2600")
    first.get_by_label("Why it changed").fill("A second office")
    first.get_by_role("button", name="Correct the value").click()
    expect(first.get_by_text("Value corrected; Alice Archer has been told.")).to_be_visible()
    expect(first.get_by_text("£2,600.00").first).to_be_visible()
    shot(first, "referral-value-corrected-375")
    assert first.evaluate("document.documentElement.scrollWidth") <= 375

    giver = device(browser)
    sign_in(giver, live_server, world.alice)
    giver.goto(url)
    expect(giver.get_by_text("Closed value corrected from £2,400.00 to £2,600.00")).to_be_visible()
