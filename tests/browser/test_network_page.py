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

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Network", exact=True).click()
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
    # Slot 1 is the working relationship (Alice refers Bob); the marked partner comes
    # next, in the week's top 3, with the mark as the sentence's first reason.
    marked = page.locator(".suggestion").filter(
        has_text="Olivia Organizer is one of your strategic partners")
    expect(marked).to_have_count(1)
    top3 = page.locator(".suggestion").all_inner_texts()[:3]
    assert any("Olivia Organizer is one of your strategic partners" in t for t in top3), top3
    page.locator("#strategic").locator("xpath=..").get_by_role("button", name="Remove").click()
    expect(page.get_by_text("no longer marked as a strategic partner")).to_be_visible()


def test_node_colours_match_their_legend(page: Page, live_server: str, busy_group) -> None:
    """The member who gave 0 and received 1 is drawn in the legend's "receives" colour
    (it was grey, "balanced", while the bars showed them as a receiver)."""
    world = busy_group
    sign_in(page, live_server, world.alice)
    page.goto(f"{live_server}/g/{world.group.slug}/network")
    legend = page.get_by_role("list", name="Legend")
    receives = legend.locator("li", has_text="Receives more than gives").locator("circle")
    colour = receives.get_attribute("fill")
    node = page.locator("svg.network g.member", has_text=EVIL[:10]).locator("circle.node")
    assert node.get_attribute("fill") == colour
    # ... and the painted colour is that colour too (no stylesheet overrides it).
    painted = node.evaluate("c => getComputedStyle(c).fill")
    swatch = receives.evaluate("c => getComputedStyle(c).fill")
    assert painted == swatch
    for kind in ("gives", "balanced"):
        for circle in page.locator(f"svg.network circle.node--{kind}").all():
            label = {"gives": "Gives more", "balanced": "Balanced"}[kind]
            assert circle.get_attribute("fill") == legend.locator(
                "li", has_text=label).locator("circle").get_attribute("fill")


def test_centring_the_picture_on_one_member(page: Page, live_server: str,
                                            busy_group) -> None:
    world = busy_group
    sign_in(page, live_server, world.alice)
    page.goto(f"{live_server}/g/{world.group.slug}/network")
    page.get_by_label("Centre on a member").select_option(label="Bob Baker")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Who refers whom: Bob Baker")).to_be_visible()
    expect(page.locator("svg.network path.edge--focus")).to_have_count(2)  # Alice <-> Bob
    expect(page.locator("svg.network path.edge--faded")).to_have_count(1)
    # A click on a member centres on them (a plain link: no JavaScript needed).
    page.locator("svg.network g.member", has_text="Olivia").click()
    expect(page.get_by_role("heading", name="Who refers whom: Olivia Organizer")
           ).to_be_visible()


def test_on_a_phone_my_partners_fit_the_width(phone_page: Page, live_server: str,
                                              busy_group) -> None:
    world = busy_group
    page = phone_page
    sign_in(page, live_server, world.alice)
    page.goto(f"{live_server}/g/{world.group.slug}/network/me")
    ego = page.locator("svg.ego")
    expect(ego).to_be_visible()
    box = ego.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    ranked = page.get_by_role("list", name="My partners, most referrals exchanged first")
    expect(ranked.locator("li")).to_have_count(1)
    expect(ranked).to_contain_text("Bob Baker")
    expect(ranked).to_contain_text("referred you 1 · you referred them 2")
    # The group's node-link picture is for wide screens; the phone says where to look,
    # and never asks for the picture.
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{live_server}/g/{world.group.slug}/network")
    page.wait_for_load_state("networkidle")
    expect(page.locator("svg.network")).to_have_count(0)
    expect(page.get_by_text("The whole picture needs a wider screen")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert not [url for url in asked if "/network/picture" in url]
    # Turned to a wide screen, the page asks for it then.
    page.set_viewport_size({"width": 1024, "height": 768})
    expect(page.locator("svg.network g.member")).to_have_count(4)
    assert [url for url in asked if "/network/picture" in url] == [
        f"{live_server}/g/{world.group.slug}/network/picture"]


def test_a_picture_asked_for_after_signing_out_says_it_could_not_be_loaded(
        phone_page: Page, live_server: str, busy_group) -> None:
    """Signed out (in another tab, say) before the screen turns wide: the answer is the
    sign-in page, which must not land in the figure."""
    world = busy_group
    page = phone_page
    sign_in(page, live_server, world.alice)
    page.goto(f"{live_server}/g/{world.group.slug}/network")
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1024, "height": 768})
    figure = page.locator("figure.netfig")
    expect(figure).to_contain_text("The picture could not be loaded.")
    expect(figure.get_by_role("link", name="Show the picture")).to_be_visible()
    expect(figure.locator("svg")).to_have_count(0)
    expect(figure.locator("form")).to_have_count(0)


def test_the_organizers_matrix_comes_when_asked_on_a_phone_and_at_once_on_a_desk(
        phone_page: Page, page: Page, live_server: str, busy_group) -> None:
    world = busy_group
    sign_in(phone_page, live_server, world.organizer)
    asked: list[str] = []
    phone_page.on("request", lambda request: asked.append(request.url))
    url = f"{live_server}/g/{world.group.slug}/network"
    phone_page.goto(url)
    phone_page.wait_for_load_state("networkidle")
    assert not [u for u in asked if "/network/matrix" in u or "/network/picture" in u]
    expect(phone_page.locator("table.matrix")).to_have_count(0)
    phone_page.get_by_role("link", name="Show the matrix").click()
    expect(phone_page.locator("table.matrix th.matrix__name")).to_have_count(4)
    assert phone_page.url == url  # put in place, not a new page
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    sign_in(page, live_server, world.organizer)
    page.goto(url)
    expect(page.locator("table.matrix th.matrix__name")).to_have_count(4)
    expect(page.locator("svg.network g.member")).to_have_count(4)


def test_without_javascript_the_picture_and_the_matrix_are_a_tap_away(
        browser, live_server: str, busy_group) -> None:
    world = busy_group
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server, world.organizer)
        page.goto(f"{live_server}/g/{world.group.slug}/network")
        expect(page.locator("table.matrix")).to_have_count(0)
        page.get_by_role("link", name="Show the matrix").click()
        expect(page.locator("table.matrix th.matrix__name")).to_have_count(4)
        page.get_by_role("link", name="Show the picture").click()
        expect(page.locator("svg.network g.member")).to_have_count(4)
        expect(page.locator("table.matrix th.matrix__name")).to_have_count(4)  # kept
    finally:
        context.close()
