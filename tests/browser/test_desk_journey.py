"""The member's health on a 375-px phone, and the organizer's import preview on a desktop
(1280 px): pages that fit, a light, the one action, figures that open their rows, a CSV
uploaded through the form, previewed, confirmed. Screenshots go to DESK_SCREENSHOTS."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from partner_net.extensions import db
from partner_net.models import Membership, Referral
from tests.browser.conftest import sign_in
from tests.referral_factories import give

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("DESK_SCREENSHOTS")


def shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_my_health_on_a_phone(phone_page: Page, live_server: str, world) -> None:
    db.session.execute(sa.update(Membership).values(
        joined_at=datetime.now(UTC) - timedelta(days=400)))
    for _ in range(6):
        give(world.group, world.alice, world.bob)
    db.session.commit()
    page = phone_page
    sign_in(page, live_server, world.alice)
    page.get_by_role("link", name="My health").click()
    expect(page.get_by_role("heading", name="My health in North Star")).to_be_visible()
    expect(page.locator(".health-hero .light")).to_be_visible()
    expect(page.locator(".health-hero__action")).to_contain_text("more")
    shot(page, "health-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    figure = page.locator(".health-figure a").nth(1)
    box = figure.bounding_box()
    assert box and box["height"] >= 44
    figure.click()
    expect(page.get_by_role("heading", name="Referrals given: Alice Archer")).to_be_visible()
    expect(page.get_by_role("cell", name="To Bob Baker").first).to_be_visible()
    shot(page, "health-rows-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_import_preview_on_a_desktop(browser, live_server: str, world, tmp_path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, live_server, world.organizer)
        page.goto(f"{live_server}/g/{world.group.slug}/import")
        shot(page, "import-upload-1280")
        good = tmp_path / "referrals.csv"
        good.write_bytes(
            "\ufeffDate;Given by;Given to;Status;Value\r\n"
            f"02/03/2026;{world.alice.email};Bob Baker;Won;1.200,00\r\n"
            "03/03/2026;Bob Baker;Alice Archer;Contacted;\r\n"
            "04/03/2026;Zed Nobody;Alice Archer;given;\r\n".encode())
        page.get_by_label("What does the file hold?").select_option("referrals")
        page.get_by_label("CSV file").set_input_files(str(good))
        page.get_by_role("button", name="Upload and check").click()
        expect(page.get_by_role("heading", name="Match the columns")).to_be_visible()
        expect(page.get_by_text("semicolon separated")).to_be_visible()
        page.get_by_label("Given by (email or name) *").select_option(label="Given by")
        page.get_by_label("Given to (email or name) *").select_option(label="Given to")
        shot(page, "import-columns-1280")
        page.get_by_role("button", name="Preview the import").click()
        expect(page.get_by_text("1 problem in 3 rows")).to_be_visible()
        expect(page.locator(".import-row--bad")).to_have_count(1)
        expect(page.get_by_text("no member of the group is called Zed Nobody").first
               ).to_be_visible()
        shot(page, "import-preview-errors-1280")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280

        fixed = tmp_path / "referrals-fixed.csv"
        fixed.write_bytes(good.read_bytes().replace(b"Zed Nobody", b"Olivia Organizer"))
        page.goto(f"{live_server}/g/{world.group.slug}/import")
        page.get_by_label("What does the file hold?").select_option("referrals")
        page.get_by_label("CSV file").set_input_files(str(fixed))
        page.get_by_role("button", name="Upload and check").click()
        page.get_by_label("Given by (email or name) *").select_option(label="Given by")
        page.get_by_label("Given to (email or name) *").select_option(label="Given to")
        page.get_by_role("button", name="Preview the import").click()
        expect(page.get_by_text("All 3 rows are ready.")).to_be_visible()
        shot(page, "import-preview-1280")
        page.get_by_role("button", name="Import 3 rows").click()
        expect(page.get_by_text("3 referrals imported.")).to_be_visible()
        db.session.expire_all()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Referral)) == 3
    finally:
        context.close()


def test_the_groups_health_on_a_desktop(browser, live_server: str, world) -> None:
    db.session.execute(sa.update(Membership).values(
        joined_at=datetime.now(UTC) - timedelta(days=400)))
    for _ in range(30):
        give(world.group, world.bob, world.alice)
    db.session.commit()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, live_server, world.organizer)
        page.get_by_role("link", name="Group", exact=True).click()
        page.get_by_role("link", name="Health", exact=True).click()
        expect(page.get_by_role("heading", name="Member health")).to_be_visible()
        expect(page.locator(".health-table tbody tr")).to_have_count(3)
        shot(page, "health-group-1280")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        page.get_by_role("link", name="Referrals given of Bob Baker: show the rows").click()
        expect(page.get_by_role("heading", name="Referrals given: Bob Baker")).to_be_visible()
    finally:
        context.close()
