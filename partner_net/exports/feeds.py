"""A member's private iCalendar feed of their groups' meetings (the ``icalendar`` package).

The link carries a random token; only its hash is stored. A new link replaces the old
one; revoking deletes it, and the old link answers 404.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import icalendar
import sqlalchemy as sa

from partner_net import clock
from partner_net.extensions import db
from partner_net.meetings import schedule
from partner_net.models import CalendarFeed, Meeting, Member
from partner_net.models.base import hash_token, new_token

#: Meetings in the feed: this many weeks ahead, and the past ones held this many weeks back.
WEEKS_AHEAD = 12
WEEKS_BACK = 8
PRODID = "-//Partner Net//Meetings//EN"
#: How long a meeting lasts in the calendar.
EVENT_LENGTH = timedelta(minutes=90)


def issue(member: Member) -> str:
    """A new feed token for ``member`` (the old link stops working). The caller commits."""
    token, digest = new_token()
    row = db.session.get(CalendarFeed, member.id)
    if row is None:
        db.session.add(CalendarFeed(member_id=member.id, token_hash=digest,
                                    created_at=clock.now()))
    else:
        row.token_hash, row.created_at, row.last_used_at = digest, clock.now(), None
    return token


def revoke(member: Member) -> bool:
    return db.session.execute(
        sa.delete(CalendarFeed).where(CalendarFeed.member_id == member.id)).rowcount == 1


def has_feed(member: Member) -> CalendarFeed | None:
    return db.session.get(CalendarFeed, member.id)


def member_for(token: str) -> Member | None:
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(sa.select(CalendarFeed).filter_by(token_hash=hash_token(token)))
    if row is None:
        return None
    member = db.session.get(Member, row.member_id)
    if member is None or not member.may_sign_in:
        return None
    row.last_used_at = clock.now()
    return member


def calendar_for(member: Member, link_for) -> bytes:
    """The feed: each active group's meetings, ``link_for(group, day)`` their page."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Partner Net meetings")
    stamp = clock.now()
    for membership in member.active_memberships:
        group = membership.group
        seen = set()
        for slot in schedule.upcoming(group, weeks=WEEKS_AHEAD):
            seen.add(slot.scheduled_on)
            cal.add_component(_event(group, slot.scheduled_on, slot.starts_at, slot.place,
                                     slot.cancelled, stamp, link_for(group, slot.scheduled_on)))
        since = clock.local_today(group.timezone).toordinal() - 7 * WEEKS_BACK
        for meeting in db.session.scalars(sa.select(Meeting).where(
                Meeting.group_id == group.id, Meeting.starts_at < clock.now())):
            if meeting.scheduled_on.toordinal() >= since and meeting.scheduled_on not in seen:
                cal.add_component(_event(group, meeting.scheduled_on, meeting.starts_at,
                                         meeting.place, meeting.cancelled, stamp,
                                         link_for(group, meeting.scheduled_on)))
    return cal.to_ical()


def _event(group, day, starts_at: datetime, place: str, cancelled: bool, stamp: datetime,
           url: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{group.slug}-{day.isoformat()}@partner-net")
    event.add("dtstamp", stamp)
    event.add("dtstart", starts_at)
    event.add("dtend", starts_at + EVENT_LENGTH)
    event.add("summary", f"{group.name} meeting" + (" (cancelled)" if cancelled else ""))
    if place:
        event.add("location", place)
    event.add("url", url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event
