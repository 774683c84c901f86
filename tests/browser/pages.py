"""The main pages of the site, on the demo data, for the page tours (axe, screenshots,
page width): who sees them and where they are.

The demo is loaded into the test database, plus one member whose name is 120 letters
without a space (it must wrap, never widen a page) and who received and gave referrals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from playwright.sync_api import Page

from partner_net.demo.loader import load_demo
from partner_net.demo.people import DEMO_PASSWORD, PEOPLE
from partner_net.extensions import db
from partner_net.meetings import schedule
from partner_net.models import Group, Member, Referral
from partner_net.referrals import service
from tests import factories
from tests.referral_factories import prospect

LONG_NAME = "Maximiliana" + "x" * 99 + "Longwordia"  # the most a name takes, no space
assert len(LONG_NAME) == 120
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots" / "pages"
#: (width, height) of a phone, a tablet and a desk.
VIEWPORTS = {"phone": (375, 812), "tablet": (768, 1024), "desk": (1280, 900)}


@dataclass
class Demo:
    harbour: Group
    riverside: Group
    organizer: Member  # Priya: organizes Harbour, member of Riverside
    member: Member  # Ruby: a member of both
    long: Member  # the 120-letter name, in Harbour
    received: Referral  # Ruby received it (from the long name)
    given: Referral  # Ruby gave it (to the long name)
    others: Referral  # between two others: the organizer sees it without the prospect
    riverside_referral: Referral  # Ruby received it in Riverside
    meeting_id: int


def by_key(key: str) -> Member:
    email = next(p.email for p in PEOPLE if p.key == key)
    return db.session.scalar(sa.select(Member).filter_by(email=email))


def load() -> Demo:
    harbour = load_demo()
    riverside = db.session.scalar(sa.select(Group).filter_by(slug="riverside-circle"))
    organizer, member = by_key("priya"), by_key("ruby")
    long = factories.make_member(LONG_NAME, business="B" * 120, category="Signwriter")
    factories.join(harbour, long)
    db.session.flush()
    received = service.give(long, member, harbour, prospect(name="Priya " + "P" * 110))
    given = service.give(member, long, harbour, prospect(name="Dan Dawson", company="D" * 120))
    others = service.give(by_key("tom"), by_key("helen"), harbour, prospect())
    jamal = by_key("jamal")
    riverside_referral = service.give(jamal, member, riverside, prospect(name="Rita River"))
    meeting = schedule.materialise(harbour, schedule.next_meeting(harbour).scheduled_on)
    db.session.commit()
    return Demo(harbour, riverside, organizer, member, long, received, given, others,
                riverside_referral, meeting.id)


@dataclass(frozen=True)
class PageSpec:
    name: str
    url: Callable[[Demo], str]
    roles: tuple[str, ...] = ("member", "organizer")


def _g(path: str) -> Callable[[Demo], str]:
    return lambda d: f"/g/{d.harbour.slug}{path}"


PAGES: tuple[PageSpec, ...] = (
    PageSpec("dashboard", _g("/")),
    PageSpec("give", lambda d: f"/referrals/new?group={d.harbour.slug}"),
    PageSpec("referrals", lambda d: "/referrals"),
    PageSpec("referrals-given", lambda d: "/referrals?box=given"),
    PageSpec("referral-received", lambda d: f"/referrals/{d.received.id}", ("member",)),
    PageSpec("referral-given", lambda d: f"/referrals/{d.given.id}", ("member",)),
    PageSpec("referral-organizer", lambda d: f"/referrals/{d.others.id}", ("organizer",)),
    PageSpec("notifications", lambda d: "/notifications"),
    PageSpec("directory", _g("/members")),
    PageSpec("member-long-name", lambda d: f"/g/{d.harbour.slug}/members/{d.long.id}"),
    PageSpec("match", _g("/match?q=tiles+blew+off+my+mum%27s+roof")),
    PageSpec("network-me", _g("/network/me")),
    PageSpec("network-group", _g("/network")),
    PageSpec("network-suggestions", _g("/network/suggestions")),
    PageSpec("one-to-ones", _g("/one-to-ones")),
    PageSpec("sphere", _g("/sphere")),
    PageSpec("sphere-ladder", _g("/sphere/funnel")),
    PageSpec("sphere-referral-list", _g("/sphere/referral-list")),
    PageSpec("meetings", _g("/meetings")),
    PageSpec("meeting-console", lambda d: f"/g/{d.harbour.slug}/meetings/{d.meeting_id}/console",
             ("organizer",)),
    PageSpec("profile", lambda d: "/profile"),
    PageSpec("email-settings", lambda d: "/account/emails"),
    PageSpec("group-members", _g("/manage/members"), ("organizer",)),
    PageSpec("group-referrals", _g("/referrals"), ("organizer",)),
    PageSpec("group-invitations", _g("/manage/invitations"), ("organizer",)),
    PageSpec("group-settings", _g("/manage/settings"), ("organizer",)),
)


def pages_for(role: str) -> list[PageSpec]:
    return [p for p in PAGES if role in p.roles]


def sign_in_as(page: Page, base: str, member: Member, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base}/auth/signin")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/auth/signin" not in url)
