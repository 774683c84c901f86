"""The dashboard's "Needs you now" on a phone: a few of each kind under the true count,
and the link to all of them opens the filtered referrals list."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from partner_net.extensions import db
from partner_net.referrals import service
from partner_net.referrals.service import Move
from tests.browser.conftest import sign_in
from tests.referral_factories import give

pytestmark = pytest.mark.browser


def test_a_phone_shows_five_under_the_true_count_and_links_to_all(
        phone_page: Page, live_server: str, world) -> None:
    made = [give(world.group, world.alice, world.bob, name=f"Prospect {n:02d}")
            for n in range(8)]
    service.move(made[0], world.bob, Move(to="contacted"))  # no longer to contact
    db.session.commit()
    page = phone_page
    sign_in(page, live_server, world.bob)
    expect(page.get_by_role("heading", name="Referrals to contact (7)")).to_be_visible()
    listed = page.locator("h3:has-text('Referrals to contact') + ul.rlist > li")
    expect(listed).to_have_count(5)
    expect(listed.first).to_contain_text("Prospect 01")  # the oldest first
    page.get_by_role("link", name="All 7 to contact").click()
    expect(page.get_by_label("Status")).to_have_value("given")
    expect(page.locator("ul.rlist > li")).to_have_count(7)
    expect(page.get_by_text("Prospect 00")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
