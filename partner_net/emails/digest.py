"""The weekly digest: Monday from 07:00 in each member's own zone, once a week.

Its sections are pluggable. A capability adds one with a single function::

    from partner_net.emails.digest import DigestItem, DigestSection, digest_section

    @digest_section("agenda", order=30)
    def this_weeks_agenda(member, groups, now):
        items = [DigestItem(f"{g.name}: ...", link=...) for g in groups]
        return DigestSection("This week's meeting", items) if items else None

A section returns None (or no items) to be left out for that member. ``groups`` are the
member's active groups; ``now`` is the job's moment (UTC). Never put a prospect's name,
contacts or need in a section.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask import current_app, url_for

from partner_net import clock, formatting
from partner_net.emails.audience import Reader, already_written
from partner_net.extensions import db
from partner_net.mail import send_email
from partner_net.models import EmailOptOut, Group, Member, Membership


@dataclass(frozen=True)
class DigestItem:
    text: str
    link: str = ""


@dataclass
class DigestSection:
    title: str
    items: list[DigestItem] = field(default_factory=list)
    intro: str = ""


SectionBuilder = Callable[[Member, list[Group], datetime], DigestSection | None]
_sections: dict[str, tuple[int, SectionBuilder]] = {}


def digest_section(name: str, order: int = 50) -> Callable[[SectionBuilder], SectionBuilder]:
    """Register ``builder`` as the digest section ``name`` (lower ``order`` comes first).
    Registering the same name again replaces it."""

    def register(builder: SectionBuilder) -> SectionBuilder:
        _sections[name] = (order, builder)
        return builder

    return register


def sections_for(member: Member, groups: list[Group], now: datetime) -> list[DigestSection]:
    built = []
    for _order, builder in sorted(_sections.values(), key=lambda pair: pair[0]):
        section = builder(member, groups, now)
        if section is not None and section.items:
            built.append(section)
    return built


# --- who is due ----------------------------------------------------------------------

def effective_timezone() -> sa.ColumnElement[str]:
    """SQL for :attr:`Member.email_timezone`: the member's zone, else their first group's."""
    first_group_zone = (
        sa.select(Group.timezone).join(Membership, Membership.group_id == Group.id)
        .where(Membership.member_id == Member.id)
        .order_by(Membership.joined_at, Membership.id).limit(1)
        .correlate(Member).scalar_subquery())
    return sa.func.coalesce(Member.timezone, first_group_zone, "UTC")


def digest_week(now: datetime, timezone: str) -> str | None:
    """The local date of this week's digest day when it is due in ``timezone``, else None."""
    config = current_app.config
    local = now.astimezone(clock.zone(timezone))
    if local.weekday() != config["DIGEST_WEEKDAY"] or local.hour < config["DIGEST_HOUR"]:
        return None
    return local.date().isoformat()


def due_members(now: datetime) -> list[tuple[int, str]]:
    """(member id, dedupe key) for every member whose digest is due and not yet written."""
    has_group = sa.exists().where(Membership.member_id == Member.id, Membership.active)
    opted_out = sa.exists().where(EmailOptOut.member_id == Member.id,
                                  EmailOptOut.kind == "weekly_digest")
    rows = db.session.execute(
        sa.select(Member.id, effective_timezone())
        .where(Member.active, has_group, ~opted_out)).all()
    weeks: dict[str, str | None] = {}
    due = []
    for member_id, timezone in rows:
        if timezone not in weeks:
            weeks[timezone] = digest_week(now, timezone)
        if weeks[timezone] is not None:
            due.append((member_id, f"weekly-digest:{member_id}:{weeks[timezone]}"))
    done = already_written([key for _, key in due])
    return [(member_id, key) for member_id, key in due if key not in done]


def send_due(now: datetime) -> int:
    """Write every digest that is due now; returns how many. The caller commits."""
    written = 0
    for member_id, key in due_members(now):
        member = db.session.get(Member, member_id)
        written += send_digest(member, now, key) is not None
    return written


def send_digest(member: Member, now: datetime, dedupe_key: str) -> int | None:
    groups = sorted((m.group for m in member.active_memberships), key=lambda g: g.name.lower())
    sections = sections_for(member, groups, now)
    reader = Reader(member.email_timezone, member.email_locale)
    week = formatting.day(now, reader, "MMMMd")
    return send_email(member.email, f"Your week on Partner Net, {week}", "weekly_digest",
                      dedupe_key=dedupe_key, member=member, sections=sections, groups=groups,
                      reader=reader)


# --- the sections every digest has ---------------------------------------------------

@digest_section("needs_you", order=10)
def what_needs_you(member: Member, groups: list[Group], now: datetime) -> DigestSection:
    from partner_net.referrals import queries
    from partner_net.referrals.pipeline import CONTACT_DEADLINE

    board = queries.dashboard(member, now)
    reader = Reader(member.email_timezone, member.email_locale)
    items = []
    for r in board.to_contact:
        late = " (over 48 hours: call today)" if now - r.created_at >= CONTACT_DEADLINE else ""
        items.append(DigestItem(
            f"Contact the referral {r.partner_name} gave you on "
            f"{formatting.day(r.created_at, reader, 'MMMEd')}{late}", link=_referral_link(r)))
    items += _more(board.to_contact, board.to_contact_total, "given",
                   "more referral to contact", "more referrals to contact")
    for r in board.thanks_owed:
        items.append(DigestItem(f"Thank {r.partner_name} for the referral of "
                                f"{formatting.day(r.created_at, reader, 'MMMd')}",
                                link=_referral_link(r)))
    items += _more(board.thanks_owed, board.thanks_owed_total, queries.UNTHANKED,
                   "more thank-you owed", "more thank-yous owed")
    return DigestSection("What needs you", items)


def _more(shown: list, total: int, status: str, one: str, many: str) -> list[DigestItem]:
    """"And 9 more ...", linking to them in the received list, when the digest listed
    only the oldest of them."""
    hidden = total - len(shown)
    if hidden <= 0:
        return []
    link = url_for("referrals.index", box="received", status=status, period="all",
                   _external=True)
    return [DigestItem(f"And {hidden} {one if hidden == 1 else many}", link=link)]


@digest_section("refer_first", order=20)
def whom_to_refer_first(member: Member, groups: list[Group], now: datetime) -> DigestSection:
    from partner_net.network.service import suggestions_for

    items = []
    for group in groups:
        for s in suggestions_for(member, group, now, limit=3).rows:
            prefix = f"{group.name}: " if len(groups) > 1 else ""
            items.append(DigestItem(
                f"{prefix}{s.name}. {s.sentence}",
                link=url_for("referrals.give", to=s.member_id, group=group.slug, _external=True)))
    return DigestSection("Whom to refer first", items,
                         intro="Give first: these partners are owed, strategic or under-served.")


#: The digest lists at most this many people due a touch; the sphere page has the rest.
TOUCH_LIMIT = 5


@digest_section("due_a_touch", order=30)
def who_is_due_a_touch(member: Member, groups: list[Group], now: datetime) -> DigestSection | None:
    """From My sphere (private to the member, and this email goes to the member only)."""
    from partner_net.sphere.service import due_touches

    if not groups:
        return None
    reader = Reader(member.email_timezone, member.email_locale)
    due = due_touches(member, clock.local_today(reader.timezone), limit=TOUCH_LIMIT + 1)
    slug = groups[0].slug
    items = []
    for touch in due[:TOUCH_LIMIT]:
        who = f"{touch.name} ({touch.company})" if touch.company else touch.name
        when = formatting.day(touch.due_on, reader, "MMMd")
        state = f"overdue since {when}" if touch.status == "overdue" else f"due {when}"
        link = (url_for("sphere.contact", slug=slug, contact_id=touch.id, _external=True)
                if touch.kind == "contact" else "")
        items.append(DigestItem(f"{who}: {state}", link=link))
    if len(due) > TOUCH_LIMIT:
        items.append(DigestItem("More in your sphere",
                                link=url_for("sphere.index", slug=slug, _external=True)))
    return DigestSection("Who is due a touch", items,
                         intro="Stay top of mind: a call, a note, a coffee.")


def _referral_link(referral) -> str:
    return url_for("referrals.show", referral_id=referral.id, _external=True)


