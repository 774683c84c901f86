"""Recording and reading one-to-ones. No Flask here beyond the database session."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from partner_net.extensions import db
from partner_net.models import Group, Member, OneToOne

#: The page lists this many, newest first.
LIST_LIMIT = 100
#: No one-to-one is recorded before this date (a typo guard, e.g. 0026 for 2026).
EARLIEST = date(2000, 1, 1)


def group_today(group: Group, now: datetime) -> date:
    """Today's date where the group meets: the latest date a one-to-one can have."""
    try:
        return now.astimezone(ZoneInfo(group.timezone)).date()
    except (ZoneInfoNotFoundError, ValueError):
        return now.date()


def record(member: Member, partner: Member, group: Group, met_on: date,
           notes: str) -> OneToOne:
    """Add ``member``'s one-to-one with ``partner``. The form has checked the partner and
    the date; the caller commits."""
    meeting = OneToOne(member=member, partner=partner, group=group, met_on=met_on,
                       notes=notes)
    db.session.add(meeting)
    return meeting


def mine_in(member: Member, group: Group, limit: int = LIST_LIMIT) -> list[OneToOne]:
    """The member's own one-to-ones recorded in ``group``, newest first."""
    return list(db.session.scalars(
        sa.select(OneToOne)
        .where(OneToOne.member_id == member.id, OneToOne.group_id == group.id)
        .options(joinedload(OneToOne.partner))
        .order_by(OneToOne.met_on.desc(), OneToOne.id.desc())
        .limit(limit)
    ))


def load_mine(member: Member, group: Group, one_to_one_id: int) -> OneToOne | None:
    """One of the member's one-to-ones in ``group``; None for anyone else's."""
    return db.session.scalar(sa.select(OneToOne).filter_by(
        id=one_to_one_id, member_id=member.id, group_id=group.id))


def dates_by_partner(member_id: int, since: date) -> dict[int, list[date]]:
    """The dates of the member's one-to-ones since ``since``, per partner (any group:
    a relationship is between two people)."""
    rows = db.session.execute(
        sa.select(OneToOne.partner_id, OneToOne.met_on)
        .where(OneToOne.member_id == member_id, OneToOne.met_on >= since)
    )
    dates: dict[int, list[date]] = defaultdict(list)
    for partner_id, met_on in rows:
        dates[partner_id].append(met_on)
    return dict(dates)


def counted() -> sa.ColumnElement[bool]:
    """THE condition for a one-to-one that counts (health, goals, reminders)."""
    return sa.true()


def counted_in_group(group_id: int, start: date, end: date) -> list[tuple[int, date]]:
    """(member id, date) for each side of each counted one-to-one in the group."""
    rows = db.session.execute(
        sa.select(OneToOne.member_id, OneToOne.partner_id, OneToOne.met_on)
        .where(OneToOne.group_id == group_id, counted(),
               OneToOne.met_on.between(start, end)))
    return [(member_id, met_on) for member_id, _partner_id, met_on in rows]


def counted_with(group_id: int, member_id: int, start: date,
                 end: date) -> list[tuple[int, str, date]]:
    """(partner id, partner name, date) of the member's counted one-to-ones, newest first."""
    rows = db.session.execute(
        sa.select(OneToOne.partner_id, Member.name, OneToOne.met_on)
        .join(Member, Member.id == OneToOne.partner_id)
        .where(OneToOne.group_id == group_id, OneToOne.member_id == member_id, counted(),
               OneToOne.met_on.between(start, end))
        .order_by(OneToOne.met_on.desc()))
    return [tuple(r) for r in rows]
