"""Which meetings a group has: the schedule's next weeks, one-offs, moves and cancellations.

A meeting row is made the first time a meeting is touched (opened, asked for, moved);
until then a scheduled meeting is only a date. ``(group, scheduled_on)`` is unique, so
two people opening the same meeting at once still make one row.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app, url_for
from sqlalchemy.exc import IntegrityError

from partner_net import clock
from partner_net.extensions import db
from partner_net.formatting import day as day_text
from partner_net.formatting import when
from partner_net.mail import send_email
from partner_net.models import Group, Meeting, Member, Membership, Notification

#: How many weeks ahead the schedule is listed.
WEEKS_AHEAD = 8
#: A meeting counts as over (visitors' link closed, asks frozen) this long after it starts,
#: unless the organizer ended it earlier.
MEETING_LENGTH = timedelta(hours=3)
#: How far from today a scheduled date may be opened (a typo guard for URLs).
FURTHEST = timedelta(days=400)


class MeetingError(ValueError):
    """A request the rules refuse; the message is shown to the organizer."""


def local_start(group: Group, day: date, at: time | None = None) -> datetime:
    """``day`` at ``at`` (the group's meeting time) in the group's zone, as UTC."""
    moment = datetime.combine(day, at or group.meeting_time, tzinfo=clock.zone(group.timezone))
    return moment.astimezone(UTC)


def local_date(group: Group, moment: datetime) -> date:
    return moment.astimezone(clock.zone(group.timezone)).date()


def is_schedule_date(group: Group, day: date) -> bool:
    return day.weekday() == group.meeting_weekday


def schedule_dates(group: Group, start: date, weeks: int = WEEKS_AHEAD) -> list[date]:
    """The group's weekday from ``start`` (included) for ``weeks`` weeks."""
    first = start + timedelta(days=(group.meeting_weekday - start.weekday()) % 7)
    return [first + timedelta(weeks=w) for w in range(weeks)]


@dataclass
class Slot:
    """One meeting in a list: a materialised row or only the schedule's date."""

    scheduled_on: date
    starts_at: datetime
    place: str
    meeting: Meeting | None = None
    by_schedule: datetime | None = None  # when the schedule says it starts

    @property
    def cancelled(self) -> bool:
        return self.meeting is not None and self.meeting.cancelled

    @property
    def moved(self) -> bool:
        return (self.meeting is not None and not self.meeting.one_off
                and self.meeting.starts_at != self.by_schedule)


def upcoming(group: Group, weeks: int = WEEKS_AHEAD) -> list[Slot]:
    """The next ``weeks`` weeks of meetings, today's included until it is over."""
    now = clock.now()
    today = clock.local_today(group.timezone)
    dates = schedule_dates(group, today, weeks)
    horizon_end = local_start(group, dates[-1] + timedelta(days=1), time(0))
    rows = db.session.scalars(
        sa.select(Meeting).where(
            Meeting.group_id == group.id,
            sa.or_(Meeting.scheduled_on.in_(dates),
                   sa.and_(Meeting.starts_at >= now - MEETING_LENGTH,
                           Meeting.starts_at < horizon_end)))
    ).all()
    by_date = {m.scheduled_on: m for m in rows}
    slots = []
    for day in sorted(set(dates) | set(by_date)):
        meeting = by_date.get(day)
        by_schedule = local_start(group, day)
        slot = Slot(day, meeting.starts_at if meeting else by_schedule,
                    meeting.place if meeting else group.meeting_place, meeting, by_schedule)
        if meeting is None or not is_over(meeting, now):
            slots.append(slot)
    return sorted(slots, key=lambda s: s.starts_at)


def is_over(meeting: Meeting, now: datetime | None = None) -> bool:
    now = now or clock.now()
    return meeting.ended_at is not None or now >= meeting.starts_at + MEETING_LENGTH


def has_started(meeting: Meeting, now: datetime | None = None) -> bool:
    now = now or clock.now()
    return meeting.started_at is not None or now >= meeting.starts_at


def next_meeting(group: Group) -> Slot | None:
    """The next meeting that is not cancelled (today's until it is over)."""
    return next((s for s in upcoming(group) if not s.cancelled), None)


def materialise(group: Group, day: date) -> Meeting:
    """The meeting of ``group`` on schedule date ``day``, made now if it is not a row yet.

    Raises :class:`MeetingError` for a date that is neither a schedule date nor a meeting.
    """
    found = find(group, day)
    if found is not None:
        return found
    today = clock.local_today(group.timezone)
    if not is_schedule_date(group, day) or abs(day - today) > FURTHEST:
        raise MeetingError("The group does not meet on that date.")
    meeting = Meeting(group=group, scheduled_on=day, starts_at=local_start(group, day),
                      place=group.meeting_place, registration_token=secrets.token_urlsafe(24),
                      created_at=clock.now())
    try:
        with db.session.begin_nested():
            db.session.add(meeting)
    except IntegrityError:  # opened by someone else at the same moment
        found = find(group, day)
        if found is None:
            raise
        return found
    return meeting


def find(group: Group, day: date) -> Meeting | None:
    return db.session.scalar(sa.select(Meeting).filter_by(group_id=group.id, scheduled_on=day))


def add_one_off(group: Group, day: date, at: time, place: str, note: str,
                by: Member) -> Meeting:
    today = clock.local_today(group.timezone)
    if day < today:
        raise MeetingError("Choose a date from today on.")
    if day - today > FURTHEST:
        raise MeetingError("Choose a date within the next year.")
    if find(group, day) is not None or is_schedule_date(group, day):
        raise MeetingError(f"The group already meets on {day_text(day, group, 'yMMMMd')}; "
                           "open that meeting and move it instead.")
    meeting = Meeting(group=group, scheduled_on=day, starts_at=local_start(group, day, at),
                      place=place or group.meeting_place, one_off=True, change_note=note,
                      registration_token=secrets.token_urlsafe(24), created_at=clock.now())
    try:
        with db.session.begin_nested():
            db.session.add(meeting)
    except IntegrityError as error:
        raise MeetingError("A meeting on that date was added meanwhile.") from error
    tell_members(group, by, "Extra meeting", meeting,
                 f"{group.name} adds a meeting", note)
    return meeting


def move(meeting: Meeting, day: date, at: time, place: str, note: str, by: Member) -> None:
    """Move a meeting that has not started; the members are told (site and email)."""
    group = meeting.group
    today = clock.local_today(group.timezone)
    if day < today or day - today > FURTHEST:
        raise MeetingError("Choose a date from today and within the next year.")
    starts_at = local_start(group, day, at)
    clash = db.session.scalar(sa.select(Meeting.id).where(
        Meeting.group_id == group.id, Meeting.id != meeting.id, Meeting.cancelled_at.is_(None),
        Meeting.starts_at >= local_start(group, day, time(0)),
        Meeting.starts_at < local_start(group, day + timedelta(days=1), time(0))))
    if clash is not None or (day != meeting.scheduled_on and is_schedule_date(group, day)
                             and find(group, day) is None):
        raise MeetingError(f"There is already a meeting on {day_text(day, group, 'yMMMMd')}.")
    changed = _update_unstarted(meeting, starts_at=starts_at, place=place or meeting.place,
                                change_note=note)
    if not changed:
        raise MeetingError("This meeting was started or cancelled meanwhile; nothing moved.")
    tell_members(group, by, "Meeting moved", meeting,
                 f"{group.name}: the meeting of {day_text(meeting.scheduled_on, group, 'MMMd')} "
                 "has moved", note)


def cancel(meeting: Meeting, note: str, by: Member) -> None:
    if not _update_unstarted(meeting, cancelled_at=clock.now(), change_note=note):
        raise MeetingError("This meeting was started or cancelled meanwhile.")
    tell_members(meeting.group, by, "Meeting cancelled", meeting,
                 f"{meeting.group.name}: the meeting of "
                 f"{day_text(meeting.scheduled_on, meeting.group, 'MMMd')} is "
                 "cancelled", note)


def _update_unstarted(meeting: Meeting, **values: object) -> bool:
    """Compare-and-set: change a meeting only while it is neither started nor cancelled."""
    result = db.session.execute(
        sa.update(Meeting)
        .where(Meeting.id == meeting.id, Meeting.started_at.is_(None),
               Meeting.cancelled_at.is_(None))
        .values(live_version=Meeting.live_version + 1, **values)
        .execution_options(synchronize_session=False))
    db.session.refresh(meeting)
    return result.rowcount == 1


def tell_members(group: Group, by: Member, headline: str, meeting: Meeting, subject: str,
                 note: str) -> None:
    """A notification on the site and an email to every active member but the organizer."""
    members = db.session.scalars(
        sa.select(Member).join(Membership, Membership.member_id == Member.id)
        .where(Membership.group_id == group.id, Membership.active, Member.active,
               Member.id != by.id)).all()
    moment = when(meeting.starts_at, group, "MMMMEEEEd")
    text = (f"{headline}: {group.name}, {moment} at {meeting.place}" if not meeting.cancelled
            else f"{headline}: {group.name}, {day_text(meeting.scheduled_on, group, 'MMMMd')}")
    if note:
        text += f" ({note})"
    link = url_for("meetings.show", slug=group.slug, day=meeting.scheduled_on.isoformat(),
                   _external=True)
    for member in members:
        db.session.add(Notification(member=member, kind="meeting", text=text[:300],
                                    meeting_id=meeting.id, created_at=clock.now()))
        try:
            send_email(member.email, subject, "meeting_changed", member=member, group=group,
                       meeting=meeting, moment=moment, note=note, headline=headline, link=link)
        except OSError:
            current_app.logger.exception("Could not email %s", member.email)
