"""Recording, confirming and reading one-to-ones. No Flask here beyond the database session.

A one-to-one is recorded by one member and counts once the other confirms it: one tap
(:func:`confirm`), or by recording the same meeting themselves (:func:`record` merges the
two records into the first). Unconfirmed records expire :data:`EXPIRY_DAYS` after they
were recorded. Every state change is a compare-and-set on ``confirmed_at IS NULL``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa

from partner_net import clock, names
from partner_net.extensions import db
from partner_net.models import Group, Member, Notification, OneToOne

#: The page lists this many, newest first.
LIST_LIMIT = 100
#: No one-to-one is recorded before this date (a typo guard, e.g. 0026 for 2026).
EARLIEST = date(2000, 1, 1)
#: An unconfirmed one-to-one stops waiting for its partner after this many days.
EXPIRY_DAYS = 30
#: Two records of the same pair this many days apart or closer are the same meeting.
SAME_MEETING_DAYS = 3
NOTIFICATION_KIND = "one_to_one"


def group_today(group: Group, now: datetime) -> date:
    """Today's date where the group meets: the latest date a one-to-one can have."""
    try:
        return now.astimezone(ZoneInfo(group.timezone)).date()
    except (ZoneInfoNotFoundError, ValueError):
        return now.date()


def expires_at(meeting: OneToOne) -> datetime:
    return meeting.created_at + timedelta(days=EXPIRY_DAYS)


def state_of(meeting: OneToOne, now: datetime) -> str:
    """``confirmed``, ``waiting`` (for the partner), ``expired`` or ``declined``."""
    if meeting.confirmed_at is not None:
        return "confirmed"
    if meeting.declined_at is not None:
        return "declined"
    return "waiting" if expires_at(meeting) > now else "expired"


def _pending(now: datetime) -> sa.ColumnElement[bool]:
    return _recorded_pending(now - timedelta(days=EXPIRY_DAYS))


def _recorded_pending(after: datetime | sa.BindParameter) -> sa.ColumnElement[bool]:
    """Neither confirmed nor declined, recorded after ``after`` (not expired)."""
    return sa.and_(OneToOne.confirmed_at.is_(None), OneToOne.declined_at.is_(None),
                   OneToOne.created_at > after)


@dataclass(frozen=True)
class Recorded:
    meeting: OneToOne
    merged: bool  # True: it confirmed the partner's record of the same meeting
    duplicate: bool = False  # True: this member had recorded it already


def record(member: Member, partner: Member, group: Group, met_on: date,
           notes: str) -> Recorded:
    """Add ``member``'s one-to-one with ``partner``, or merge it into the partner's record
    of the same meeting (which it thereby confirms). The caller commits."""
    now = clock.now()
    near = sa.and_(OneToOne.group_id == group.id,
                   OneToOne.met_on.between(met_on - timedelta(days=SAME_MEETING_DAYS),
                                           met_on + timedelta(days=SAME_MEETING_DAYS)))
    theirs = list(db.session.scalars(
        sa.select(OneToOne).where(near, OneToOne.member_id == partner.id,
                                  OneToOne.partner_id == member.id, OneToOne.declined_at.is_(None))
        .order_by(OneToOne.id)))
    theirs.sort(key=lambda m: (abs((m.met_on - met_on).days), m.id))
    for candidate in theirs:
        if candidate.confirmed_at is None and expires_at(candidate) > now:
            done = db.session.execute(
                sa.update(OneToOne)
                .where(OneToOne.id == candidate.id, _pending(now))
                .values(confirmed_at=now, partner_notes=notes))
            if done.rowcount == 1:
                _after_confirm(candidate, member)
                db.session.refresh(candidate)
                return Recorded(candidate, merged=True)
        elif candidate.confirmed_at is not None:
            if notes and not candidate.partner_notes:
                db.session.execute(sa.update(OneToOne).where(
                    OneToOne.id == candidate.id, OneToOne.partner_notes == "")
                    .values(partner_notes=notes))
                db.session.refresh(candidate)
            return Recorded(candidate, merged=True, duplicate=True)
    mine = db.session.scalar(
        sa.select(OneToOne).where(near, OneToOne.member_id == member.id,
                                  OneToOne.partner_id == partner.id, OneToOne.met_on == met_on))
    if mine is not None:
        return Recorded(mine, merged=False, duplicate=True)
    meeting = OneToOne(member=member, partner=partner, group=group, met_on=met_on,
                       notes=notes, created_at=now)
    db.session.add(meeting)
    db.session.flush()
    db.session.add(Notification(
        member_id=partner.id, one_to_one_id=meeting.id, kind=NOTIFICATION_KIND,
        text=f"{member.name} recorded a one-to-one with you on {met_on:%-d %b} "
             f"in {group.name}. Confirm it so it counts for both of you."[:300]))
    return Recorded(meeting, merged=False)


class NotYours(LookupError):
    """Not a one-to-one this member may confirm."""


class AlreadyDone(Exception):
    """Someone (or another tab) confirmed, declined or it expired meanwhile."""

    def __init__(self, state: str) -> None:
        super().__init__(state)
        self.state = state


def confirm(member: Member, group: Group, one_to_one_id: int) -> OneToOne:
    """The partner's one tap. Compare-and-set: only an unconfirmed, unexpired, undeclined
    record whose partner is ``member`` changes, once. The caller commits."""
    meeting = _as_partner(member, group, one_to_one_id)
    now = clock.now()
    done = db.session.execute(
        sa.update(OneToOne).where(OneToOne.id == meeting.id, _pending(now))
        .values(confirmed_at=now))
    if done.rowcount != 1:
        db.session.refresh(meeting)
        raise AlreadyDone(state_of(meeting, now))
    _after_confirm(meeting, member)
    db.session.refresh(meeting)
    return meeting


def decline(member: Member, group: Group, one_to_one_id: int) -> OneToOne:
    """The partner says it did not happen (or takes their confirmation back): it stops
    counting and their notes on it are dropped. The caller commits."""
    meeting = _as_partner(member, group, one_to_one_id)
    done = db.session.execute(
        sa.update(OneToOne).where(OneToOne.id == meeting.id, OneToOne.declined_at.is_(None))
        .values(declined_at=clock.now(), confirmed_at=None, partner_notes=""))
    if done.rowcount != 1:
        raise AlreadyDone("declined")
    _mark_read(meeting.id, member.id)
    db.session.refresh(meeting)
    return meeting


def _as_partner(member: Member, group: Group, one_to_one_id: int) -> OneToOne:
    meeting = db.session.scalar(sa.select(OneToOne).filter_by(
        id=one_to_one_id, partner_id=member.id, group_id=group.id))
    if meeting is None:
        raise NotYours(one_to_one_id)
    return meeting


def _after_confirm(meeting: OneToOne, confirmer: Member) -> None:
    _mark_read(meeting.id, confirmer.id)
    db.session.add(Notification(
        member_id=meeting.member_id, kind="one_to_one_confirmed",
        text=f"{confirmer.name} confirmed your one-to-one of {meeting.met_on:%-d %b}."))


def _mark_read(one_to_one_id: int, member_id: int) -> None:
    db.session.execute(
        sa.update(Notification)
        .where(Notification.one_to_one_id == one_to_one_id,
               Notification.member_id == member_id, Notification.read_at.is_(None))
        .values(read_at=clock.now()))


class Other(NamedTuple):
    """The other member of a listed one-to-one: what the list shows of them."""

    id: int
    name: str
    category: str

    @property
    def first_name(self) -> str:  # as Member.first_name
        return names.first_name(self.name)


class MineListed(NamedTuple):
    """A one-to-one as the member's list shows it, seen from the member's side: the other
    member and the member's own notes only (plain columns, no entities)."""

    id: int
    member_id: int
    met_on: date
    created_at: datetime
    confirmed_at: datetime | None
    declined_at: datetime | None
    my_notes: str
    other: Other


def _mine_statement() -> sa.Select:
    """The member's (``:member_id``) one-to-ones in a group (``:group_id``), newest first,
    with the other member's columns: built once."""
    me = sa.bindparam("member_id")
    other_id = sa.case((OneToOne.member_id == me, OneToOne.partner_id),
                       else_=OneToOne.member_id)
    my_notes = sa.case((OneToOne.member_id == me, OneToOne.notes),
                       else_=OneToOne.partner_notes)
    return (
        sa.select(OneToOne.id, OneToOne.member_id, OneToOne.met_on, OneToOne.created_at,
                  OneToOne.confirmed_at, OneToOne.declined_at, my_notes,
                  Member.id, Member.name, Member.category)
        .join(Member, Member.id == other_id)
        .where(OneToOne.group_id == sa.bindparam("group_id"),
               sa.or_(OneToOne.member_id == me,
                      sa.and_(OneToOne.partner_id == me, OneToOne.declined_at.is_(None))))
        .order_by(OneToOne.met_on.desc(), OneToOne.id.desc())
        .limit(sa.bindparam("limit"))
    )


_MINE = _mine_statement()


def mine_in(member: Member, group: Group, limit: int = LIST_LIMIT) -> list[MineListed]:
    """The member's one-to-ones in ``group`` on either side, newest first (those the
    member declined left out), as plain rows from the member's side."""
    return [MineListed(*row[:7], Other(*row[7:])) for row in db.session.execute(
        _MINE, {"member_id": member.id, "group_id": group.id, "limit": limit})]


class ToConfirm(NamedTuple):
    """A one-to-one another member recorded with the member, waiting for them: what the
    dashboard shows of it."""

    id: int
    met_on: date
    #: The name of the member who recorded it.
    name: str

    @property
    def first_name(self) -> str:
        return names.first_name(self.name)


def _to_confirm_query(in_group: bool) -> sa.Select:
    query = (sa.select(OneToOne.id, OneToOne.met_on, Member.name)
             .join(Member, Member.id == OneToOne.member_id)
             .where(OneToOne.partner_id == sa.bindparam("member_id"),
                    _recorded_pending(sa.bindparam("recorded_after")))
             .order_by(OneToOne.met_on.desc(), OneToOne.id.desc())
             .limit(sa.bindparam("limit")))
    if in_group:
        query = query.where(OneToOne.group_id == sa.bindparam("group_id"))
    return query


#: :func:`to_confirm`'s statements (in any group, in one), built once: the dashboard
#: runs one on every view, and building it cost about as much as running it.
_TO_CONFIRM = {False: _to_confirm_query(False), True: _to_confirm_query(True)}


def to_confirm(member: Member, group: Group | None = None, limit: int = 20) -> list[ToConfirm]:
    """Records others made with ``member`` that wait for ``member``'s confirmation
    (:func:`_pending`)."""
    params = {"member_id": member.id, "limit": limit,
              "recorded_after": clock.now() - timedelta(days=EXPIRY_DAYS)}
    if group is not None:
        params["group_id"] = group.id
    return [ToConfirm(*row) for row in db.session.execute(
        _TO_CONFIRM[group is not None], params)]


def load_mine(member: Member, group: Group, one_to_one_id: int) -> OneToOne | None:
    """One of the one-to-ones the member recorded in ``group``; None for anyone else's."""
    return db.session.scalar(sa.select(OneToOne).filter_by(
        id=one_to_one_id, member_id=member.id, group_id=group.id))


def counted() -> sa.ColumnElement[bool]:
    """THE condition for a one-to-one that counts (health, goals, suggestions, stay in
    touch): confirmed by the partner."""
    return OneToOne.confirmed_at.is_not(None)


def dates_by_partner(member_id: int, since: date) -> dict[int, list[date]]:
    """The dates of the member's counted one-to-ones since ``since``, per partner, on
    either side (any group: a relationship is between two people)."""
    return dates_from_rows(member_id, db.session.execute(
        dated_query(), {"member_id": member_id, "since": since}))


def dated_query() -> sa.Select:
    """:func:`dates_by_partner`'s statement, for the member ``:member_id`` since
    ``:since``: (member id, partner id, date) of each counted one-to-one."""
    me = sa.bindparam("member_id")
    return sa.select(OneToOne.member_id, OneToOne.partner_id, OneToOne.met_on).where(
        sa.or_(OneToOne.member_id == me, OneToOne.partner_id == me),
        counted(), OneToOne.met_on >= sa.bindparam("since"))


def dates_from_rows(member_id: int, rows: Iterable[tuple[int, int, date]]
                    ) -> dict[int, list[date]]:
    """:func:`dates_by_partner` from :func:`dated_query`'s rows."""
    dates: dict[int, list[date]] = defaultdict(list)
    for one, other, met_on in rows:
        dates[other if one == member_id else one].append(met_on)
    return dict(dates)


def counted_in_group(group_id: int, start: date, end: date) -> list[tuple[int, date]]:
    """(member id, date) for each side of each counted one-to-one in the group."""
    rows = db.session.execute(
        sa.select(OneToOne.member_id, OneToOne.partner_id, OneToOne.met_on)
        .where(OneToOne.group_id == group_id, counted(),
               OneToOne.met_on.between(start, end)))
    out: list[tuple[int, date]] = []
    for member_id, partner_id, met_on in rows:
        out += [(member_id, met_on), (partner_id, met_on)]
    return out


def counted_with(group_id: int, member_id: int, start: date,
                 end: date) -> list[tuple[int, str, date]]:
    """(partner id, partner name, date) of the member's counted one-to-ones on either
    side, newest first."""
    other = sa.case((OneToOne.member_id == member_id, OneToOne.partner_id),
                    else_=OneToOne.member_id)
    rows = db.session.execute(
        sa.select(other, Member.name, OneToOne.met_on)
        .join(Member, Member.id == other)
        .where(OneToOne.group_id == group_id, counted(),
               sa.or_(OneToOne.member_id == member_id, OneToOne.partner_id == member_id),
               OneToOne.met_on.between(start, end))
        .order_by(OneToOne.met_on.desc()))
    return [tuple(r) for r in rows]
