"""The meeting as it runs: the speaking order, the weekly asks, the console's state.

Every change to the live state is a compare-and-set on ``Meeting.live_version``: the
console posts the version it showed, and a tap made on a stale screen (another tablet
moved on, or a retried request that already went through) changes nothing and gets the
current state back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from partner_net import clock
from partner_net.domain.attendance import IN_THE_ROOM, Mark
from partner_net.domain.rotation import Speaker, alphabetical, speaking_order, starter_after
from partner_net.extensions import db
from partner_net.meetings import rota, shown
from partner_net.meetings.rollcall import (
    MemberRow,
    active_member_rows,
    current_mark,
    set_mark,
)
from partner_net.meetings.rules import AgendaItem, rules_for
from partner_net.meetings.schedule import has_started
from partner_net.models import (
    Attendance,
    ClosedBusiness,
    Meeting,
    MeetingSlip,
    Member,
    Membership,
    Visitor,
    WeeklyAsk,
)

ASK_MAX = 300


class LiveError(ValueError):
    pass


# --- the 60-second round -------------------------------------------------------------


def previous_round(meeting: Meeting) -> Meeting | None:
    """The latest earlier meeting of the group whose round order was fixed."""
    return db.session.scalar(
        sa.select(Meeting).where(Meeting.group_id == meeting.group_id,
                                 Meeting.scheduled_on < meeting.scheduled_on,
                                 Meeting.round_starter_id.is_not(None),
                                 Meeting.cancelled_at.is_(None))
        .order_by(Meeting.scheduled_on.desc()).limit(1))


def round_starter(meeting: Meeting, members: list[Speaker]) -> Speaker | None:
    """Who opens this meeting's round: fixed once it started, else one name further down
    the alphabet for every week since the last fixed round."""
    if meeting.round_starter_id is not None:
        return _speaker(meeting.round_starter_id, members)
    before = previous_round(meeting)
    if before is None or before.round_starter_id is None:
        return starter_after(members, None)
    weeks = max(1, (meeting.scheduled_on - before.scheduled_on).days // 7)
    return starter_after(members, _speaker(before.round_starter_id, members), steps=weeks)


def _speaker(member_id: int, members: list[Speaker]) -> Speaker:
    """The member among ``members``, else (no longer active) as their name sorts."""
    found = next((s for s in members if s.id == member_id), None)
    if found is not None:
        return found
    name = db.session.scalar(sa.select(Member.name).where(Member.id == member_id))
    return Speaker.of(member_id, name or "")


@dataclass
class Turn:
    member: MemberRow
    mark: str
    ask: str
    substitute: str  # the substitute's name when one speaks for the member

    @property
    def speaks(self) -> bool:
        return self.mark in ("", *IN_THE_ROOM)


def speaking_turns(meeting: Meeting, members: list[MemberRow] | None = None) -> list[Turn]:
    """Every active member in this week's speaking order, with mark and weekly ask
    (``members``: the group's active members, when the caller has them already)."""
    members = active_member_rows(meeting.group_id) if members is None else members
    speakers = alphabetical((m.id, m.name) for m in members)
    order = speaking_order(speakers, round_starter(meeting, speakers))
    by_id = {m.id: m for m in members}
    marks = {a.member_id: a for a in db.session.scalars(
        sa.select(Attendance).filter_by(meeting_id=meeting.id))}
    asks = asks_for(meeting)
    turns = []
    for member_id in order:
        mark = marks.get(member_id)
        turns.append(Turn(by_id[member_id], mark.status if mark else "",
                          asks.get(member_id, ""),
                          mark.substitute_name if mark and mark.status == Mark.SUBSTITUTE
                          else ""))
    return turns


def next_speaker(turns: list[Turn], current_id: int | None) -> Turn | None:
    """The next member who speaks after ``current_id`` (the first when None)."""
    speaking = [t for t in turns if t.speaks]
    if current_id is None:
        return speaking[0] if speaking else None
    ids = [t.member.id for t in turns]
    if current_id not in ids:
        return speaking[0] if speaking else None
    after = turns[ids.index(current_id) + 1:]
    return next((t for t in after if t.speaks), None)


# --- weekly asks ---------------------------------------------------------------------


def asks_for(meeting: Meeting) -> dict[int, str]:
    return dict(db.session.execute(
        sa.select(WeeklyAsk.member_id, WeeklyAsk.text).filter_by(meeting_id=meeting.id)).all())


def save_ask(meeting: Meeting, member: Member, text: str) -> None:
    """Write the member's ask for ``meeting`` (blank removes it); refused once it started."""
    if has_started(meeting) or meeting.cancelled:
        raise LiveError("This meeting has started; asks can no longer be changed.")
    existing = db.session.scalar(sa.select(WeeklyAsk).filter_by(meeting_id=meeting.id,
                                                                 member_id=member.id))
    if not text:
        if existing is None:
            return  # nothing to remove: nothing changed
        db.session.delete(existing)
    elif existing is not None:
        existing.text, existing.updated_at = text, clock.now()
    else:
        try:
            with db.session.begin_nested():
                db.session.add(WeeklyAsk(meeting_id=meeting.id, member_id=member.id,
                                         text=text, updated_at=clock.now()))
        except IntegrityError:  # the member's other device saved first: this one wins
            db.session.execute(sa.update(WeeklyAsk).filter_by(
                meeting_id=meeting.id, member_id=member.id).values(text=text,
                                                                   updated_at=clock.now()))
    db.session.flush()  # the ask's row first, the meeting's last
    shown.changed(meeting)


# --- the console's state -------------------------------------------------------------


def agenda_of(meeting: Meeting) -> list[AgendaItem]:
    if meeting.agenda is not None:
        return [AgendaItem.from_dict(item) for item in meeting.agenda]
    return list(rules_for(meeting.group).agenda)


def seconds_per_speaker(meeting: Meeting) -> int:
    return meeting.speaking_seconds or rules_for(meeting.group).speaking_seconds


def _cas(meeting: Meeting, seen_version: int, **values: object) -> bool:
    result = db.session.execute(
        sa.update(Meeting)
        .where(Meeting.id == meeting.id, Meeting.live_version == seen_version,
               Meeting.cancelled_at.is_(None))
        .values(live_version=Meeting.live_version + 1, **values)
        .execution_options(synchronize_session=False))
    db.session.refresh(meeting)
    return result.rowcount == 1


CHANGED = "The console changed meanwhile (another device, or this tap was sent twice); " \
          "here is where the meeting is now."


def start(meeting: Meeting, seen_version: int) -> None:
    if meeting.started_at is not None:
        raise LiveError("This meeting has already started.")
    now = clock.now()
    rules = rules_for(meeting.group)
    speakers = alphabetical((m.id, m.name) for m in active_member_rows(meeting.group_id))
    starter = round_starter(meeting, speakers)
    speaker_id = meeting.speaker_id or rota.planned_speaker(meeting)
    if not _cas(meeting, seen_version, started_at=now, item_index=0, item_started_at=now,
                agenda=[i.as_dict() for i in rules.agenda],
                speaking_seconds=rules.speaking_seconds,
                round_starter_id=starter.id if starter else None, speaker_id=speaker_id,
                current_speaker_id=None, speaker_started_at=None):
        raise LiveError(CHANGED)
    _enter_item(meeting, meeting.live_version, 0)


def _enter_item(meeting: Meeting, seen_version: int, index: int) -> bool:
    agenda = agenda_of(meeting)
    now = clock.now()
    current = None
    if agenda[index].kind == "round":
        first = next_speaker(speaking_turns(meeting), None)
        current = first.member.id if first else None
    return _cas(meeting, seen_version, item_index=index, item_started_at=now,
                current_speaker_id=current, speaker_started_at=now if current else None)


def go_to_item(meeting: Meeting, seen_version: int, index: int) -> None:
    _require_live(meeting)
    index = max(0, min(index, len(agenda_of(meeting)) - 1))
    if not _enter_item(meeting, seen_version, index):
        raise LiveError(CHANGED)


def advance_speaker(meeting: Meeting, seen_version: int, by: Member,
                    mark_absent: bool = False) -> None:
    """The next member speaks (after marking the current one absent, when asked)."""
    _require_live(meeting)
    if meeting.live_version != seen_version:
        raise LiveError(CHANGED)
    current = meeting.current_speaker
    if mark_absent and current is not None:
        set_mark(meeting, current, current_mark(meeting, current.id), Mark.ABSENT, by)
    following = next_speaker(speaking_turns(meeting), meeting.current_speaker_id)
    if not _cas(meeting, seen_version, current_speaker_id=following.member.id if following
                else None, speaker_started_at=clock.now() if following else None):
        raise LiveError(CHANGED)


def restart_timer(meeting: Meeting, seen_version: int) -> None:
    _require_live(meeting)
    now = clock.now()
    values = {"speaker_started_at": now} if meeting.current_speaker_id else {
        "item_started_at": now}
    if not _cas(meeting, seen_version, **values):
        raise LiveError(CHANGED)


def end(meeting: Meeting, seen_version: int) -> None:
    _require_live(meeting)
    if not _cas(meeting, seen_version, ended_at=clock.now(), current_speaker_id=None):
        raise LiveError(CHANGED)


def _require_live(meeting: Meeting) -> None:
    if meeting.started_at is None:
        raise LiveError("Start the meeting first.")
    if meeting.ended_at is not None:
        raise LiveError("This meeting has ended.")


@dataclass
class Clock:
    """The running meeting clock against the agenda, in seconds."""

    elapsed: int
    planned: int  # where the agenda says the meeting should be by now
    item_elapsed: int
    item_budget: int
    speaker_elapsed: int | None
    speaker_budget: int

    @property
    def behind(self) -> int:
        """Positive: running late by this many seconds."""
        return self.elapsed - self.planned


def running_clock(meeting: Meeting, now: datetime | None = None) -> Clock | None:
    if meeting.started_at is None:
        return None
    now = now or clock.now()
    until = meeting.ended_at or now
    agenda = agenda_of(meeting)
    index = min(meeting.item_index, len(agenda) - 1)
    item_elapsed = int((until - (meeting.item_started_at or meeting.started_at)).total_seconds())
    budget = agenda[index].minutes * 60 if agenda else 0
    planned = sum(item.minutes * 60 for item in agenda[:index]) + min(item_elapsed, budget)
    speaker_elapsed = (int((until - meeting.speaker_started_at).total_seconds())
                       if meeting.speaker_started_at and meeting.current_speaker_id else None)
    return Clock(int((until - meeting.started_at).total_seconds()), planned, item_elapsed,
                 budget, speaker_elapsed, seconds_per_speaker(meeting))


# --- the tally for the room ----------------------------------------------------------


@dataclass
class Tally:
    referrals: int
    closed_value: Decimal
    visitors: int
    in_the_room: int
    members: int


def tally(meeting: Meeting) -> Tally:
    """Five figures from small aggregates, in one statement; never a prospect."""

    def count(*where: sa.ColumnElement[bool], of: type = MeetingSlip) -> sa.ScalarSelect:
        return sa.select(sa.func.count()).select_from(of).where(*where).scalar_subquery()

    referrals, closed, visitors, in_room, members = db.session.execute(sa.select(
        count(MeetingSlip.meeting_id == meeting.id),
        sa.select(sa.func.coalesce(sa.func.sum(ClosedBusiness.amount), 0))
        .where(ClosedBusiness.meeting_id == meeting.id).scalar_subquery(),
        count(Visitor.meeting_id == meeting.id, Visitor.status != "registered", of=Visitor),
        count(Attendance.meeting_id == meeting.id,
              Attendance.status.in_([m.value for m in IN_THE_ROOM]), of=Attendance),
        sa.select(sa.func.count()).select_from(Membership)
        .join(Member, Member.id == Membership.member_id)
        .where(Membership.group_id == meeting.group_id, Membership.active, Member.active)
        .scalar_subquery(),
    )).one()
    return Tally(referrals or 0, Decimal(closed or 0), visitors or 0, in_room or 0, members or 0)
