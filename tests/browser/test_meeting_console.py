"""The meeting on a 1024×768 tablet and the room screen; visitors register on a phone.

Screenshots go to /tmp/pn-meeting-*.png to be looked at (not kept in git).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from partner_net.extensions import db
from partner_net.meetings import schedule
from tests import factories
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

NAMES = ["Amara Okafor", "Ben Carter", "Chloe Dubois", "Dev Sharma", "Elena Rossi",
         "Femi Adeyemi", "Grace Liu", "Harry Walsh", "Isla Murray", "Jonas Berg", "Kira Novak",
         "Liam O'Brien", "Maya Patel", "Nico Santos", "Olga Ivanova", "Pete Hughes",
         "Quinn Taylor", "Rosa Martin", "Sami Haddad", "Tara Byrne", "Umar Siddiqui",
         "Vera Costa", "Will Turner", "Xia Chen", "Yusuf Demir", "Zoe Clarke", "Arjun Rao",
         "Beth Lloyd", "Carl Jensen", "Dina Levi", "Eoin Kelly", "Fay Morgan", "Gus Novak",
         "Hana Sato", "Ivan Petrov", "Jade Evans", "Kofi Boateng"]


def big_group(world) -> None:
    for n, name in enumerate(NAMES):
        member = factories.make_member(name, business=f"{name.split()[1]} & Co",
                                       category=f"Trade {n}")
        factories.join(world.group, member)
    db.session.commit()


def test_console_on_a_tablet_and_the_room_screen(browser: Browser, live_server: str,
                                                 world) -> None:
    big_group(world)
    slot = schedule.next_meeting(world.group)
    meeting = schedule.materialise(world.group, slot.scheduled_on)
    db.session.commit()
    tablet = browser.new_context(viewport={"width": 1024, "height": 768}).new_page()
    tablet.set_default_timeout(10_000)
    sign_in(tablet, live_server, world.organizer)
    tablet.get_by_role("link", name="Meeting", exact=True).click()
    expect(tablet.get_by_role("heading", name="The next 8 meetings")).to_be_visible()
    tablet.screenshot(path="/tmp/pn-meeting-index-tablet.png", full_page=True)

    # Roll call: one tap each, the marks show at once (no reload), and survive a reload.
    base = f"{live_server}/g/{world.group.slug}/meetings/{meeting.id}"
    tablet.goto(f"{base}/roll")
    alice = tablet.get_by_role("button", name="Alice Archer: not marked")
    alice.click()
    expect(tablet.get_by_role("button", name="Alice Archer: Present")).to_be_visible()
    tablet.get_by_role("button", name="Alice Archer: Present").click()  # quick second tap
    expect(tablet.get_by_role("button", name="Alice Archer: Late")).to_be_visible()
    for name in NAMES[:20]:
        tablet.get_by_role("button", name=f"{name}: not marked").click()
    expect(tablet.locator("[data-marked]")).to_have_text("21/40 marked")
    expect(tablet.locator("[data-netstate]")).to_be_hidden()  # every tap saved
    tablet.screenshot(path="/tmp/pn-meeting-roll-tablet.png")
    tablet.reload()
    expect(tablet.get_by_role("button", name="Alice Archer: Late")).to_be_visible()

    # The room screen, on the projector.
    room = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    sign_in(room, live_server, world.organizer)
    room.goto(f"{base}/room")
    expect(room.locator(".room__item")).to_contain_text("Starts")
    # A late arrival marked on the tablet: the room's count follows at its next poll (the
    # screens polled for a version that marks did not move, and kept "21/40").
    expect(room.get_by_text("21/40")).to_be_visible()
    tablet.get_by_role("button", name=f"{NAMES[20]}: not marked").click()
    expect(room.get_by_text("22/40")).to_be_visible(timeout=8_000)

    # Start, jump to the 60-second round; the room follows without reloading.
    tablet.goto(f"{base}/console")
    tablet.get_by_role("button", name="Start the meeting").click()
    tablet.get_by_role("button", name="60-second round · 30′").click()
    expect(tablet.locator(".speaker__name")).to_be_visible()
    first = tablet.locator(".speaker__name").inner_text()
    expect(tablet.locator(".timer--big")).to_be_visible()
    tablet.screenshot(path="/tmp/pn-meeting-console-tablet.png")
    expect(room.locator(".room__name")).to_have_text(first, timeout=8_000)
    room.screenshot(path="/tmp/pn-meeting-room.png")
    room_url = room.url
    tablet.get_by_role("button", name="Next speaker →").click()
    expect(tablet.locator(".speaker__name")).not_to_have_text(first)
    second = tablet.locator(".speaker__name").inner_text()
    expect(room.locator(".room__name")).to_have_text(second, timeout=8_000)
    assert room.url == room_url  # updated in place

    # The network drops for a moment: the tap waits and goes through when it is back.
    tablet.context.set_offline(True)
    tablet.get_by_role("button", name="Next speaker →").click()
    expect(tablet.locator("[data-netstate]")).to_contain_text("waiting")
    tablet.context.set_offline(False)
    expect(tablet.locator(".speaker__name")).not_to_have_text(second, timeout=8_000)
    db.session.refresh(meeting)
    assert meeting.current_speaker_id is not None


def test_self_registration_on_a_phone(browser: Browser, live_server: str, world) -> None:
    slot = schedule.next_meeting(world.group)
    meeting = schedule.materialise(world.group, slot.scheduled_on)
    db.session.commit()
    phone = browser.new_context(viewport={"width": 375, "height": 812}).new_page()
    phone.set_default_timeout(10_000)
    phone.goto(f"{live_server}/visit/{meeting.registration_token}")
    expect(phone.get_by_role("heading", name=f"Visit {world.group.name}")).to_be_visible()
    phone.screenshot(path="/tmp/pn-meeting-register-phone.png", full_page=True)
    phone.get_by_label("Name").fill("Vera Visitor")
    phone.get_by_label("Business").fill("Vera's Bakery")
    phone.get_by_role("button", name="Register").click()
    expect(phone.get_by_text("Give an email or a phone number.")).to_be_visible()
    expect(phone.get_by_label("Name")).to_have_value("Vera Visitor")
    phone.get_by_label("Phone").fill("+44 7700 900123")
    phone.get_by_role("button", name="Register").click()
    expect(phone.get_by_text("you are registered")).to_be_visible()
    phone.screenshot(path="/tmp/pn-meeting-registered-phone.png", full_page=True)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375


def test_the_report_of_a_40_member_meeting_prints_on_one_a4_page(browser: Browser,
                                                                 live_server: str,
                                                                 world) -> None:
    import re
    from decimal import Decimal

    from partner_net.models import Attendance, ClosedBusiness, Visitor

    big_group(world)
    slot = schedule.next_meeting(world.group)
    meeting = schedule.materialise(world.group, slot.scheduled_on)
    meeting.started_at = meeting.ended_at = meeting.starts_at
    meeting.speaker_id, meeting.speaker_topic = world.alice.id, "Roofs that survive winter"
    meeting.education_topic = "Givers gain: give first, and keep track of it"
    meeting.highlights = "A record week for thank-yous.\n\nTwo visitors asked to apply."
    marks = ["present"] * 6 + ["late", "absent", "substitute", "medical"]
    for n, membership in enumerate(world.group.memberships):
        db.session.add(Attendance(meeting_id=meeting.id, member_id=membership.member_id,
                                  status=marks[n % len(marks)],
                                  substitute_name="Sam Stand-in" if n % 10 == 8 else ""))
    for n in range(6):
        db.session.add(Visitor(meeting_id=meeting.id, name=f"Visitor Number {n}",
                               business="A Business With A Long Name Ltd",
                               invited_by_id=world.bob.id, status="followed_up"))
    for n in range(5):
        db.session.add(ClosedBusiness(meeting_id=meeting.id, member_id=world.alice.id,
                                      thanked_id=world.bob.id, amount=Decimal("1250"),
                                      currency="GBP", form_token=f"print-test-{n}-xxxxxxxx"))
    db.session.commit()
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, live_server, world.organizer)
    page.goto(f"{live_server}/g/{world.group.slug}/meetings/{meeting.id}/report")
    page.screenshot(path="/tmp/pn-meeting-report.png", full_page=True)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 718, "height": 1000})
    page.screenshot(path="/tmp/pn-meeting-report-print.png", full_page=True)
    pdf = page.pdf(format="A4", path="/tmp/pn-meeting-report.pdf")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1
