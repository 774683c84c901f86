"""The featured-speaker rota from the database: history, swaps and known absences fed to
:mod:`partner_net.domain.rota`."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask_babel import gettext

from partner_net import clock
from partner_net.domain.attendance import Mark
from partner_net.domain.rota import RotaMember, plan, swap
from partner_net.extensions import db
from partner_net.meetings import schedule
from partner_net.models import (
    Attendance,
    Group,
    Meeting,
    Member,
    Membership,
    SpeakerPin,
    SpeakerSwap,
)


def _last_turns_statement() -> sa.Select:
    """Each speaker's last turn in a group before a date (binds ``group_id``, ``before``).
    Built once: a new alias per request cost more than running the statement."""
    speaker_mark = sa.orm.aliased(Attendance)
    return (
        sa.select(Meeting.speaker_id, sa.func.max(Meeting.scheduled_on))
        .outerjoin(speaker_mark, sa.and_(speaker_mark.meeting_id == Meeting.id,
                                         speaker_mark.member_id == Meeting.speaker_id))
        .where(Meeting.group_id == sa.bindparam("group_id"), Meeting.speaker_id.is_not(None),
               Meeting.cancelled_at.is_(None), Meeting.scheduled_on < sa.bindparam("before"),
               sa.or_(speaker_mark.status.is_(None),
                      speaker_mark.status.in_([Mark.PRESENT, Mark.LATE])))
        .group_by(Meeting.speaker_id))


_LAST_TURNS = _last_turns_statement()


def rota_members(group: Group, before: date) -> list[RotaMember]:
    """Active members with the date of their last turn before ``before`` (or of joining).

    A turn counts when the meeting was held and the speaker was not marked absent.
    """
    last_turns = dict(db.session.execute(
        _LAST_TURNS, {"group_id": group.id, "before": before}).all())
    rows = db.session.execute(
        sa.select(Member.id, Membership.joined_at)
        .join(Membership, Membership.member_id == Member.id)
        .where(Membership.group_id == group.id, Membership.active, Member.active))
    return [RotaMember(member_id, last_turns.get(member_id)
                       or schedule.local_date(group, joined_at))
            for member_id, joined_at in rows]


def planned(group: Group, dates: list[date],
            slots: list[schedule.Slot] | None = None) -> dict[date, int | None]:
    """Who speaks on each date: fixed speakers and swaps first, the queue for the rest.

    ``slots``: :func:`schedule.upcoming`'s, when the caller has them and ``dates`` are
    among their dates: their meetings are the rows of those dates (one date, at most one
    meeting), not read again."""
    if not dates:
        return {}
    pins = dict(db.session.execute(
        sa.select(SpeakerPin.on, SpeakerPin.member_id)
        .where(SpeakerPin.group_id == group.id, SpeakerPin.on.in_(dates))).all())
    if slots is None:
        meetings = db.session.scalars(sa.select(Meeting).where(
            Meeting.group_id == group.id, Meeting.scheduled_on.in_(dates))).all()
    else:
        wanted = set(dates)
        meetings = [s.meeting for s in slots
                    if s.meeting is not None and s.scheduled_on in wanted]
    cancelled = {m.scheduled_on for m in meetings if m.cancelled}
    pins.update({m.scheduled_on: m.speaker_id for m in meetings
                 if m.speaker_id and not m.cancelled})
    away: dict[date, set[int]] = {}
    for day, member_id in db.session.execute(
            sa.select(Meeting.scheduled_on, Attendance.member_id)
            .join(Attendance, Attendance.meeting_id == Meeting.id)
            .where(Meeting.group_id == group.id, Meeting.scheduled_on.in_(dates),
                   Attendance.status.in_([Mark.ABSENT, Mark.MEDICAL]))):
        away.setdefault(day, set()).add(member_id)
    held = [d for d in dates if d not in cancelled]
    result = plan(rota_members(group, min(dates)), held, pinned=pins, away=away)
    return {d: result.get(d) for d in dates}


def planned_speaker(meeting: Meeting) -> int | None:
    """The meeting's speaker as the rota page plans it: over every upcoming date (so a
    meeting three weeks out gets the third in the queue, and a member pinned to a later
    date by a swap is not also queued before it)."""
    dates = set(horizon(meeting.group))
    dates.add(meeting.scheduled_on)
    return planned(meeting.group, sorted(dates)).get(meeting.scheduled_on)


def horizon(group: Group) -> list[date]:
    return [s.scheduled_on for s in schedule.upcoming(group)]


def lock(group: Group) -> None:
    """Serialise changes of ``group``'s rota until the transaction ends: a swap reads the
    plan and pins two dates, and two swaps touching the same date must not both read the
    plan before either writes. PostgreSQL: a row lock on the group (``FOR NO KEY UPDATE``
    does not block rows that refer to the group). SQLite: a write takes the database's one
    write lock, and later reads in the transaction see every earlier commit."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(sa.update(Group).where(Group.id == group.id)
                           .values(id=Group.id).execution_options(synchronize_session=False))
    else:
        db.session.execute(sa.select(Group.id).where(Group.id == group.id)
                           .with_for_update(key_share=True))


def swap_dates(group: Group, first: date, second: date, *, by: Member | None = None,
               request: SpeakerSwap | None = None) -> None:
    """Exchange the speakers of two upcoming dates by pinning both (``by``: who made the
    swap; ``request``: the members' swap request it answers, if any)."""
    lock(group)
    dates = horizon(group)
    if first not in dates or second not in dates or first == second:
        raise schedule.MeetingError(gettext("Choose two different upcoming dates."))
    today = clock.local_today(group.timezone)
    started = db.session.scalar(sa.select(sa.func.count()).select_from(Meeting).where(
        Meeting.group_id == group.id, Meeting.scheduled_on.in_([first, second]),
        Meeting.started_at.is_not(None)))
    if started or min(first, second) < today:
        raise schedule.MeetingError(gettext("A meeting that has started keeps its speaker."))
    current = planned(group, dates)
    for day, member_id in swap(current, first, second).items():
        pin = db.session.scalar(sa.select(SpeakerPin).filter_by(group_id=group.id, on=day))
        if pin is None:
            db.session.add(SpeakerPin(group_id=group.id, on=day, member_id=member_id,
                                      pinned_by_id=by.id if by else None,
                                      swap_id=request.id if request else None))
        else:
            pin.member_id = member_id
            pin.pinned_by_id = by.id if by else None
            pin.swap_id = request.id if request else None
        meeting = schedule.find(group, day)
        if meeting is not None and meeting.started_at is None:
            meeting.speaker_id = None  # the pin decides
