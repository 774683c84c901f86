"""On a phone: ask who fits a need, say "Good fit" on the page and on the give form."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from partner_net.extensions import db
from partner_net.models import MatchFeedback
from tests import factories
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def live_server_config():
    return {"MATCHER_BACKEND": "onnx"}


def test_match_page_and_give_hint_feedback(phone_page: Page, live_server: str, world) -> None:
    factories.make_profile(world.alice, "Owners of warehouses", keywords="flat roofing, slate",
                           frustration="Leaks after every storm.")
    db.session.commit()
    page = phone_page
    sign_in(page, live_server, world.bob)

    page.goto(f"{live_server}/g/{world.group.slug}/match")
    page.get_by_label("What does the prospect need?").fill("water pours in after every storm")
    page.get_by_role("button", name="Find members").click()
    result = page.locator("li.match").first
    expect(result.get_by_role("link", name="Alice Archer")).to_be_visible()
    expect(result.locator(".match__sentence")).to_contain_text("Leaks after every storm.")
    result.get_by_role("button", name="Good fit").click()
    expect(page.get_by_text("Thank you: noted that Alice is a good fit for this.")).to_be_visible()
    expect(page.get_by_text("You said Alice is a good fit for this.")).to_be_visible()

    page.goto(f"{live_server}/referrals/new")
    page.get_by_label("What they need").fill("roof leaking into the stock room")
    page.get_by_role("button", name="Who fits this need?").click()
    page.get_by_role("button", name="Wrong person: Alice Archer").click()
    expect(page.get_by_text("noted that Alice is the wrong person")).to_be_visible()

    rows = db.session.scalars(sa.select(MatchFeedback).order_by(MatchFeedback.id)).all()
    assert [(r.verdict, r.source, r.need) for r in rows] == [
        ("good", "page", "water pours in after every storm"), ("wrong", "give", "")]
