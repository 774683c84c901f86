"""On a 375-px phone: open My sphere from the menu, quick-add a contact, log a touch in
one tap; screenshots at 375 and 1280 px go to /tmp for a look."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from partner_net import clock
from partner_net.extensions import db
from partner_net.models import Contact
from tests.browser.conftest import sign_in
from tests.sphere_factories import contact as make_contact

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SPHERE_SCREENSHOTS")  # a folder, e.g. /tmp/sphere-shots


def shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_quick_add_and_log_a_touch_on_a_phone(phone_page: Page, live_server: str, world,
                                              browser) -> None:
    make_contact(world.alice, "Late Larry", rung="advocate", company="Larry's Locks",
                 today=clock.local_today("Europe/London") - timedelta(days=60))
    page = phone_page
    sign_in(page, live_server, world.alice)
    expect(page.get_by_role("heading", name="Due a touch")).to_be_visible()
    shot(page, "dashboard-375")

    page.get_by_role("link", name="My sphere", exact=True).first.click()
    expect(page.get_by_role("heading", name="My sphere", exact=True)).to_be_visible()
    page.get_by_label("Name").fill("Dev Patel")
    page.get_by_label("Phone").fill("07700 900123")
    page.get_by_role("button", name="Add to my sphere").click()
    expect(page.get_by_text("Dev Patel added to your sphere.")).to_be_visible()
    expect(page.get_by_role("heading", name="Dev Patel")).to_be_visible()
    shot(page, "contact-375")

    call = page.get_by_role("button", name="Call", exact=True)
    box = call.bounding_box()
    assert box and box["height"] >= 44 and box["width"] >= 44
    call.click()
    expect(page.get_by_text("Call with Dev Patel logged.")).to_be_visible()
    expect(page.locator(".timeline li")).to_have_count(1)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the contact page scrolls sideways ({width} px)"
    with db.session.no_autoflush:
        db.session.expire_all()
        saved = db.session.query(Contact).filter_by(name="Dev Patel").one()
        assert saved.last_touch_on is not None

    page.goto(f"{live_server}/g/{world.group.slug}/sphere")
    shot(page, "sphere-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    if SHOTS:
        wide = browser.new_context(viewport={"width": 1280, "height": 900})
        desk = wide.new_page()
        sign_in(desk, live_server, world.alice)
        for path, name in [("/sphere", "sphere-1280"),
                           (f"/sphere/contacts/{saved.id}", "contact-1280"),
                           ("/sphere/funnel", "funnel-1280"),
                           ("/sphere/referral-list", "list-1280")]:
            desk.goto(f"{live_server}/g/{world.group.slug}{path}")
            shot(desk, name)
        page.goto(f"{live_server}/g/{world.group.slug}/sphere/funnel")
        shot(page, "funnel-375")
        wide.close()
