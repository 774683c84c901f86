"""On phones: Alice gives Bob a referral; Bob calls, wins it and thanks her; Alice sees it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from partner_net import clock
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def phone(browser: Browser) -> Page:
    page = browser.new_context(viewport={"width": 375, "height": 812}).new_page()
    page.set_default_timeout(10_000)
    return page




def test_give_work_win_and_thank_on_phones(browser: Browser, live_server: str, world) -> None:
    alice, bob = phone(browser), phone(browser)

    # Alice gives the referral from the button on every page, finding Bob by typing.
    sign_in(alice, live_server, world.alice)
    alice.get_by_role("navigation", name="Sections").get_by_role(
        "link", name="Give a referral").click()
    alice.get_by_label("Filter members").fill("insur")
    expect(alice.locator("#receiver")).to_have_value(str(world.bob.id))
    alice.get_by_label("Prospect's name").fill("Priya Prospect")
    alice.get_by_role("button", name="Give the referral").click()
    # Nothing typed is lost on an error.
    expect(alice.get_by_text("Give an email or a phone number")).to_be_visible()
    expect(alice.get_by_label("Prospect's name")).to_have_value("Priya Prospect")
    alice.get_by_label("Their phone").fill("+44 20 7946 0018")
    alice.get_by_label("What they need").fill("Taco place's insurance went up 40%")
    alice.get_by_text("5 · Red hot").click()
    alice.get_by_label("They expect the call").check()
    alice.get_by_role("button", name="Give the referral").click()
    expect(alice.get_by_text("Referral of Priya Prospect given to Bob Baker")).to_be_visible()
    referral_url = alice.url
    assert alice.evaluate("document.documentElement.scrollWidth") <= 375

    # Bob sees it on his dashboard, calls, and takes it to won.
    sign_in(bob, live_server, world.bob)
    bob.get_by_role("link", name="Priya Prospect").click()
    expect(bob.get_by_role("link", name="Call Priya")).to_have_attribute(
        "href", "tel:+442079460018")
    bob.get_by_label("New status").select_option("contacted")
    expect(bob.get_by_label("Value of the business closed")).to_be_hidden()
    bob.get_by_label("Note", exact=True).fill("Called, meeting on Friday")
    bob.get_by_role("button", name="Update").click()
    expect(bob.get_by_text("Marked “Contacted”.")).to_be_visible()
    bob.get_by_text("Update the status").click()
    bob.get_by_label("New status").select_option("won")
    bob.get_by_label("Value of the business closed").fill("2400")
    bob.get_by_role("button", name="Update").click()
    expect(bob.get_by_text("Marked “Won”.")).to_be_visible()
    bob.get_by_text("Record your thank-you to Alice").click()
    bob.get_by_label("How").select_option("card")
    bob.get_by_label("When").fill(clock.now().date().isoformat())
    bob.get_by_role("button", name="Record the thank-you").click()
    expect(bob.get_by_text("Thank-you recorded; Alice Archer can see it.")).to_be_visible()

    # Alice sees the outcome, the value credited to her, and the thank-you.
    alice.goto(referral_url)
    expect(alice.locator(".pagehead .status")).to_have_text("Won")
    expect(alice.get_by_text("£2,400.00")).to_be_visible()  # Babel, the group's locale
    expect(alice.get_by_text("Called, meeting on Friday")).to_be_visible()
    expect(alice.get_by_text(re.compile("said thank you"))).to_be_visible()
