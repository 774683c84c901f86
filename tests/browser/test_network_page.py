"""In Chromium: the group's network is drawn, with its legend; a strategic partner is
marked through the real form (CSRF on)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from partner_net.extensions import db
from tests import factories
from tests.browser.conftest import sign_in
from tests.referral_factories import give

pytestmark = pytest.mark.browser

EVIL = "<script>alert(1)</script>"


@pytest.fixture
def busy_group(world):
    """North Star with a fourth member whose name is markup, and some referrals."""
    evil = factories.make_member(EVIL, category="Printer")
    factories.join(world.group, evil)
    db.session.commit()
    give(world.group, world.alice, world.bob)
    give(world.group, world.alice, world.bob)
    give(world.group, world.bob, world.alice)
    give(world.group, world.organizer, evil)
    return world




def test_the_network_is_drawn_with_its_legend(page: Page, live_server: str, busy_group) -> None:
    world = busy_group
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, live_server, world.alice)

    page.get_by_role("link", name="Network", exact=True).click()
    expect(page.get_by_role("heading", name="My reciprocity")).to_be_visible()
    page.get_by_role("link", name="The group's network").click()

    drawing = page.locator("svg.network")
    expect(drawing).to_be_visible()
    expect(drawing.locator("circle.node")).to_have_count(4)
    expect(drawing.locator("path.edge")).to_have_count(3)
    expect(drawing.locator("text", has_text="<script>alert(1)</scr")).to_have_count(1)
    legend = page.get_by_role("list", name="Legend")
    for text in ("Gives more than receives", "Balanced", "Receives more than gives",
                 "Bigger circle", "Thicker arrow"):
        expect(legend).to_contain_text(text)
    titles = drawing.locator("g.member > title").all_text_contents()
    assert "Alice Archer: gave 2, received 1 (net +1)" in titles
    box = drawing.bounding_box()
    assert box is not None and box["width"] > 500
    expect(page.locator("svg.bars g.bar")).to_have_count(4)
    assert dialogs == []  # the name was drawn as text, never run

    page.get_by_role("link", name="All time").click()
    expect(page.get_by_role("link", name="All time")).to_have_attribute("aria-current", "true")
    expect(drawing.locator("circle.node")).to_have_count(4)


def test_marking_a_strategic_partner(page: Page, live_server: str, busy_group) -> None:
    world = busy_group
    sign_in(page, live_server, world.alice)
    page.goto(f"{live_server}/g/{world.group.slug}/network/suggestions")
    expect(page.get_by_role("heading", name="Whom to refer first")).to_be_visible()
    page.get_by_label("Member to refer first").select_option(label="Olivia Organizer (Accountant)")
    page.get_by_role("button", name="Mark as strategic partner").click()
    expect(page.get_by_text("Olivia Organizer is now one of your strategic partners.")
           ).to_be_visible()
    first = page.locator(".suggestion").first
    expect(first).to_contain_text("Olivia Organizer is one of your strategic partners")
    page.locator("#strategic").locator("xpath=..").get_by_role("button", name="Remove").click()
    expect(page.get_by_text("no longer marked as a strategic partner")).to_be_visible()
