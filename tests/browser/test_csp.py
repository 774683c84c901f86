"""In Chromium, with the real Content-Security-Policy: no page breaks a rule, and what the
inline code used to do (confirm before deleting, the legend's colours) still works."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from partner_net.extensions import db
from tests import factories
from tests.browser.conftest import sign_in
from tests.referral_factories import give

pytestmark = pytest.mark.browser


def watch_violations(page: Page) -> list[str]:
    """Every CSP violation the page reports (console errors and the DOM event)."""
    found: list[str] = []
    page.on("console", lambda m: found.append(m.text)
            if "Content Security Policy" in m.text else None)
    page.add_init_script("""document.addEventListener("securitypolicyviolation", e =>
        console.error("Content Security Policy: " + e.violatedDirective + " " + e.blockedURI));""")
    return found


def test_no_page_breaks_the_policy(phone_page: Page, live_server: str, world) -> None:
    page = phone_page
    violations = watch_violations(page)
    factories.make_profile(world.alice, "Owners of old houses")
    referral = give(world.group, world.bob, world.alice)
    sign_in(page, live_server, world.alice)
    slug = world.group.slug
    for path in ("/profile", f"/g/{slug}/network", f"/g/{slug}/network/me",
                 f"/g/{slug}/members", "/referrals/new", f"/referrals/{referral.id}",
                 f"/g/{slug}/match?q=roof+leak", "/auth/signin?next=/profile"):
        page.goto(live_server + path)
        page.wait_for_load_state("load")
    assert violations == []
    # The legend's swatches have their colours without style attributes.
    page.goto(f"{live_server}/g/{slug}/network")
    fill = page.locator(".legend .swatch circle").first.get_attribute("fill")
    assert fill == "#1f6fb2"


def test_deleting_asks_first_from_a_static_script(phone_page: Page, live_server: str,
                                                  world) -> None:
    page = phone_page
    violations = watch_violations(page)
    factories.make_profile(world.alice, "Owners of old houses")
    db.session.commit()
    sign_in(page, live_server, world.alice)
    page.goto(f"{live_server}/profile")
    asked: list[str] = []

    def answer(dialog, accept: bool) -> None:
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda d: answer(d, False))
    page.get_by_role("button", name="Delete").click()
    expect(page.locator("#ideal-clients h3")).to_have_text(["Owners of old houses"])
    page.once("dialog", lambda d: answer(d, True))
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_text("deleted")).to_be_visible()
    assert asked == ["Delete the ideal client “Owners of old houses”? This cannot be undone."] * 2
    assert violations == []
