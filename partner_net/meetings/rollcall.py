"""Roll call: one tap per member, compare-and-set so two tablets never overwrite each other."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from partner_net import clock
from partner_net.domain.attendance import Mark, Rules, Standing, next_mark, standing, window_start
from partner_net.extensions import db
from partner_net.meetings import shown
from partner_net.models import Attendance, Meeting, Member
from partner_net.models.accounts import active_members_select


@dataclass
class TapResult:
    ok: bool
    status: str  # the mark now stored ("" when unmarked)


def current_mark(meeting: Meeting, member_id: int) -> str:
    return db.session.scalar(sa.select(Attendance.status).filter_by(
        meeting_id=meeting.id, member_id=member_id)) or ""


def set_mark(meeting: Meeting, member: Member, seen: str, new: Mark, by: Member) -> TapResult:
    """Store ``new`` if the member's mark is still ``seen`` ("" for unmarked)."""
    now = clock.now()
    if seen == "":
        try:
            with db.session.begin_nested():
                db.session.add(Attendance(meeting_id=meeting.id, member_id=member.id,
                                          status=new, updated_at=now, updated_by_id=by.id))
        except IntegrityError:
            return TapResult(False, current_mark(meeting, member.id))
        shown.changed(meeting)
        return TapResult(True, new)
    result = db.session.execute(
        sa.update(Attendance)
        .where(Attendance.meeting_id == meeting.id, Attendance.member_id == member.id,
               Attendance.status == seen)
        .values(status=new, updated_at=now, updated_by_id=by.id)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return TapResult(False, current_mark(meeting, member.id))
    shown.changed(meeting)
    return TapResult(True, new)


def tap(meeting: Meeting, member: Member, seen: str, by: Member) -> TapResult:
    """The next mark in the cycle after ``seen``."""
    return set_mark(meeting, member, seen, next_mark(seen or None), by)


def name_substitute(meeting: Meeting, member: Member, name: str, business: str) -> bool:
    """Record who substitutes; False when the member is no longer marked as substituted."""
    result = db.session.execute(
        sa.update(Attendance)
        .where(Attendance.meeting_id == meeting.id, Attendance.member_id == member.id,
               Attendance.status == Mark.SUBSTITUTE)
        .values(substitute_name=name, substitute_business=business, updated_at=clock.now())
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return False
    shown.changed(meeting)
    return True


@dataclass
class RollRow:
    member: Member
    attendance: Attendance | None
    standing: Standing

    @property
    def status(self) -> str:
        return self.attendance.status if self.attendance else ""

    @property
    def needs_substitute_name(self) -> bool:
        return self.status == Mark.SUBSTITUTE and not self.attendance.substitute_name


def active_members(group_id: int) -> list[Member]:
    return list(db.session.scalars(active_members_select(group_id, Member)))


@dataclass(frozen=True, slots=True)
class MemberRow:
    """What the speaking order, the console and the room screen show of a member."""

    id: int
    name: str
    business: str


def active_member_rows(group_id: int) -> list[MemberRow]:
    """:func:`active_members` as plain rows of what the live pages show: they are built
    at every poll that finds the state changed, and 80 whole members (password hashes,
    bios...) cost more to load than the page's other statements together."""
    return [MemberRow(*row) for row in db.session.execute(
        active_members_select(group_id, Member.id, Member.name, Member.business))]


def active_member_names(group_id: int) -> list[tuple[int, str]]:
    """(id, name) of the group's active members in :func:`active_members`' order: all a
    list to choose a member from shows, as plain rows."""
    return [(member_id, name) for member_id, name in db.session.execute(
        active_members_select(group_id, Member.id, Member.name))]


def marks_since(group_id: int, since: date, until: date) -> dict[int, list[tuple[date, str]]]:
    """Every member's marks at the group's meetings held in ``since..until``: one query."""
    rows = db.session.execute(
        sa.select(Attendance.member_id, Meeting.scheduled_on, Attendance.status)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Meeting.group_id == group_id, Meeting.cancelled_at.is_(None),
               Meeting.scheduled_on >= since, Meeting.scheduled_on <= until))
    marks: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for member_id, day, status in rows:
        marks[member_id].append((day, status))
    return marks


def roll(meeting: Meeting, rules: Rules) -> list[RollRow]:
    """The roll-call list: each active member, today's mark and the window's record."""
    members = active_members(meeting.group_id)
    today = meeting.scheduled_on
    marks = marks_since(meeting.group_id, window_start(today, rules), today)
    by_member = {a.member_id: a for a in db.session.scalars(
        sa.select(Attendance).filter_by(meeting_id=meeting.id))}
    return [RollRow(m, by_member.get(m.id), standing(marks.get(m.id, []), today, rules))
            for m in members]
