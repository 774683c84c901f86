"""On a phone: sign in, describe yourself, add an ideal client, be found in the directory."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests import factories

pytestmark = pytest.mark.browser


def test_profile_to_directory_journey(phone_page: Page, live_server: str, world) -> None:
    page = phone_page
    page.goto(f"{live_server}/auth/signin")
    page.get_by_label("Email").fill(world.alice.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Hello, Alice")).to_be_visible()

    # Profile: a taken category is refused, naming the holder, and nothing typed is lost.
    page.get_by_text("More", exact=True).click()  # the tab bar's menu on a phone
    page.get_by_role("link", name="My profile", exact=True).click()
    page.get_by_label("Category or profession").fill("Commercial insurance")
    talkable = "I send a drone video of your roof before I quote."
    page.get_by_label("What makes you worth talking about").fill(talkable)
    expect(page.get_by_text(f"{len(talkable)} of 500 characters")).to_be_visible()
    page.get_by_role("button", name="Save my profile").click()
    expect(page.get_by_text("Bob Baker (Baker Cover) already holds")).to_be_visible()
    expect(page.get_by_label("What makes you worth talking about")).to_have_value(talkable)

    page.get_by_label("Category or profession").fill("Heritage roofer")
    page.get_by_role("button", name="Save my profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    expect(page.get_by_label("Category or profession")).to_have_value("Heritage roofer")

    # An ideal client.
    page.get_by_role("link", name="Add an ideal client").click()
    page.get_by_label("Who they are").fill("Owners of thatched cottages")
    page.get_by_label("Their common frustration").fill("Nobody local repairs thatch any more.")
    page.get_by_label("Keywords").fill("thatch,  cottages, Thatch")
    page.get_by_role("button", name="Add ideal client").click()
    expect(page.get_by_text("Ideal client “Owners of thatched cottages” added.")).to_be_visible()
    expect(page.locator("#ideal-clients h3")).to_have_text(["Owners of thatched cottages"])

    # The directory finds her by a word from that profile, highlighted.
    # The More tab now carries the current section's name, "My profile".
    expect(page.locator(".tabbar__more > summary")).to_contain_text("My profile")
    page.locator(".tabbar__more > summary").click()
    page.get_by_role("link", name="Directory", exact=True).click()
    search = page.get_by_role("searchbox", name="Search members")
    search.fill("THATCHED")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"q=THATCHED"))
    results = page.locator(".people > li")
    expect(results).to_have_count(1)
    expect(results.first.locator(".person__name")).to_have_text("Alice Archer")
    expect(results.first.locator("mark")).to_have_text(["thatched"])
    expect(page.get_by_text("Serves:")).to_be_visible()
    # Usable at 375px: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # Her page, with the contact download.
    results.first.locator(".person__name").click()
    expect(page.get_by_role("heading", name="Alice Archer", level=1)).to_be_visible()
    expect(page.locator("blockquote")).to_have_text(talkable)
    with page.expect_download() as download:
        page.get_by_role("link", name="Save contact").click()
    assert download.value.suggested_filename == "alice-archer.vcf"
