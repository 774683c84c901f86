"""On a 375-px phone: every section is visible or one tap away, the current one is
always shown, sub-menus show their current tab; the give-a-referral journey works with
the keyboard alone; the focus ring is visible and contrasts."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from partner_net.extensions import db
from tests import factories
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

SECTIONS = ["Home", "Referrals", "Give a referral", "Network", "Directory", "My sphere",
            "Meeting", "Group", "My profile", "Sign out"]


def in_view(page: Page, locator) -> bool:
    if not locator.is_visible():
        return False
    box = locator.bounding_box()
    size = page.viewport_size
    return (box is not None and locator.is_visible() and box["x"] >= 0 and box["y"] >= 0
            and box["x"] + box["width"] <= size["width"]
            and box["y"] + box["height"] <= size["height"])


def test_every_nav_item_is_visible_or_one_tap_away_at_375px(phone_page: Page,
                                                             live_server: str, world) -> None:
    page = phone_page
    sign_in(page, live_server, world.organizer)
    bar = page.get_by_role("navigation", name="Sections")
    more = page.locator(".tabbar__more > summary")
    one_tap, two_taps = [], []
    for name in SECTIONS:
        item = bar.get_by_role("button" if name == "Sign out" else "link", name=name,
                               exact=name != "Give a referral", include_hidden=True)
        if in_view(page, item):
            one_tap.append(name)
            continue
        more.click()  # one tap on More...
        assert in_view(page, item), f"{name} is neither in the tab bar nor under More"
        two_taps.append(name)
        more.click()  # ...closed again
    assert one_tap == ["Home", "Referrals", "Give a referral", "Network"]
    assert two_taps == ["Directory", "My sphere", "Meeting", "Group", "My profile", "Sign out"]
    # The page is not wider than the phone, and the bar covers none of the content:
    # the end of the page can be scrolled above it.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    footer = page.locator(".footer").bounding_box()
    bar_top = bar.bounding_box()["y"]
    assert footer["y"] + footer["height"] <= bar_top + 1


def test_the_current_section_is_always_shown(phone_page: Page, live_server: str,
                                             world) -> None:
    page = phone_page
    sign_in(page, live_server, world.alice)
    bar = page.get_by_role("navigation", name="Sections")
    expect(bar.get_by_role("link", name="Home")).to_have_attribute("aria-current", "page")
    bar.get_by_role("link", name="Network").click()
    expect(bar.get_by_role("link", name="Network")).to_have_attribute("aria-current", "page")
    # A section under More: the More tab takes its name.
    page.locator(".tabbar__more > summary").click()
    bar.get_by_role("link", name="Directory").click()
    summary = page.locator(".tabbar__more > summary")
    expect(summary).to_have_attribute("aria-current", "page")
    expect(summary).to_contain_text("Directory")
    assert in_view(page, summary)
    # The group being viewed is named at the top of every page.
    expect(page.locator("header [data-current-group]")).to_have_text(world.group.name)


@pytest.mark.parametrize(("path", "tab"), [
    ("/manage/settings", "Settings"), ("/manage/invitations", "Invitations"),
    ("/network/suggestions", "Whom to refer first"), ("/sphere/import", "Import"),
])
def test_a_sub_menu_never_hides_its_current_tab(phone_page: Page, live_server: str, world,
                                                path: str, tab: str) -> None:
    page = phone_page
    sign_in(page, live_server, world.organizer)
    page.goto(f"{live_server}/g/{world.group.slug}{path}")
    current = page.locator(".subnav [aria-current='page']")
    expect(current).to_have_text(tab)
    assert in_view(page, current)


def contrast(fore: str, back: str) -> float:
    def lum(rgb: str) -> float:
        parts = [int(x) / 255 for x in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
        f = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in parts]
        return 0.2126 * f[0] + 0.7152 * f[1] + 0.0722 * f[2]
    a, b = sorted([lum(fore), lum(back)], reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_give_a_referral_with_the_keyboard_alone(phone_page: Page, live_server: str,
                                                 world) -> None:
    page = phone_page
    sign_in(page, live_server, world.alice)

    def tab_to(selector: str, limit: int = 120) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("s => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to(".tabbar__give")
    # The focus ring is drawn, and contrasts at least 3:1 with the white around it.
    ring = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                         " return [s.outlineStyle, s.outlineColor, s.outlineWidth]; }")
    assert ring[0] == "solid" and float(ring[2].rstrip("px")) >= 2
    assert contrast(ring[1], "rgb(255, 255, 255)") >= 3
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Give a referral")).to_be_visible()
    tab_to("#receiver-filter")
    page.keyboard.type("insur")
    expect(page.locator("#receiver")).to_have_value(str(world.bob.id))
    tab_to("#prospect_name")
    page.keyboard.type("Kim Keys")
    # Submitting too early: the errors are announced and tied to their fields.
    tab_to("button[type=submit], input[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Please correct")
    need = page.locator("#need")
    expect(need).to_have_attribute("aria-invalid", "true")
    described = need.get_attribute("aria-describedby")
    assert described and page.locator(f"#{described.split()[-1]}").is_visible()
    expect(page.locator("#prospect_name")).to_have_value("Kim Keys")
    tab_to("#prospect_phone")
    page.keyboard.type("+44 20 7946 0099")
    tab_to("#need")
    page.keyboard.type("Needs cover for a new food van")
    tab_to("input[name=temperature]")
    page.keyboard.press("ArrowDown")
    tab_to("#expects_call")
    page.keyboard.press("Space")
    tab_to("button[type=submit], input[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Referral of Kim Keys given to Bob Baker")).to_be_visible()


def test_a_long_group_name_wraps_in_the_header(phone_page: Page, live_server: str,
                                               world) -> None:
    world.group.name = "Harbour" + "h" * 105 + "Partners"  # 120 characters, the most
    db.session.commit()
    factories.join(world.other_group, world.alice)
    db.session.commit()
    page = phone_page
    sign_in(page, live_server, world.alice)
    page.goto(f"{live_server}/g/{world.group.slug}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    expect(page.locator("header [data-current-group]")).to_contain_text("Partners")
