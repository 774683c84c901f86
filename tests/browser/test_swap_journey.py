"""A member asks another to swap featured-speaker turns; the other accepts from the
notification. On a phone (375 px) and a desk (1280 px), without and with JavaScript's
help (the forms are plain POST forms with CSRF on).

Screenshots go to /tmp/pn-swap-*.png to be looked at (not kept in git).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import sign_in
from tests.browser.test_page_tour import axe_problems
from tests.meetings.helpers import NOW
from tests.meetings.swap_helpers import current_plan, make_crew, swaps

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("label", "width", "height"), [("phone", 375, 812),
                                                        ("desk", 1280, 800)])
def test_request_then_accept(browser: Browser, live_server: str, world, set_now, label,
                             width, height) -> None:
    set_now(NOW)
    crew = make_crew(world)
    asker, other = crew.on(0), crew.on(2)
    rota = f"{live_server}/g/{world.group.slug}/meetings/rota"

    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, asker)
    page.goto(rota)
    expect(page.get_by_role("heading", name="Featured speaker rota")).to_be_visible()
    page.screenshot(path=f"/tmp/pn-swap-rota-{label}.png", full_page=True)
    assert axe_problems(page) == []
    page.get_by_role("button", name=f"Ask to swap with {other.name}").click()
    expect(page.get_by_text(f"Asked: {other.name} can accept or decline")).to_be_visible()
    expect(page.get_by_text(f"You asked {other.name}")).to_be_visible()
    page.screenshot(path=f"/tmp/pn-swap-asked-{label}.png", full_page=True)
    assert [s.status for s in swaps()] == ["pending"]

    organizer = browser.new_context(viewport={"width": width, "height": height}).new_page()
    organizer.set_default_timeout(10_000)
    sign_in(organizer, live_server, world.organizer)
    organizer.goto(rota)
    expect(organizer.get_by_role("heading", name="Swap requests waiting in the group")
           ).to_be_visible()
    expect(organizer.get_by_text(f"{asker.name} (")).to_be_visible()
    organizer.screenshot(path=f"/tmp/pn-swap-organizer-{label}.png", full_page=True)
    assert axe_problems(organizer) == []
    organizer.context.close()

    taker = browser.new_context(viewport={"width": width, "height": height}).new_page()
    taker.set_default_timeout(10_000)
    sign_in(taker, live_server, other)
    taker.goto(f"{live_server}/notifications")
    expect(taker.get_by_text(f"{asker.name} asks to swap")).to_be_visible()
    taker.screenshot(path=f"/tmp/pn-swap-notification-{label}.png", full_page=True)
    taker.goto(rota)
    expect(taker.get_by_text(f"{asker.name} asks to swap")).to_be_visible()
    taker.screenshot(path=f"/tmp/pn-swap-incoming-{label}.png", full_page=True)
    assert axe_problems(taker) == []
    taker.get_by_role("button", name="Accept", exact=True).click()
    expect(taker.get_by_text("Swapped: you now speak on")).to_be_visible()
    expect(taker.get_by_text(f"Swapped: {asker.name} asked, {other.name} accepted").first
           ).to_be_visible()
    taker.screenshot(path=f"/tmp/pn-swap-accepted-{label}.png", full_page=True)
    assert [s.status for s in swaps()] == ["accepted"]
    _, plan = current_plan(world.group)
    assert plan[crew.dates[0]] == other.id and plan[crew.dates[2]] == asker.id

    page.goto(f"{live_server}/notifications")
    expect(page.get_by_text(f"{other.name} accepted your swap")).to_be_visible()
    page.context.close()
    taker.context.close()
