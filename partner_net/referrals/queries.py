"""Reading referrals: a member's lists, a group's list, the dashboard's counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from partner_net.extensions import db
from partner_net.models import Group, Member, Notification, Referral, ReferralEvent
from partner_net.network import aggregates
from partner_net.pagination import KeysetPage, keyset
from partner_net.referrals.pipeline import (
    CONTACT_DEADLINE,
    NOT_COUNTED,
    THANK_YOU_DEADLINE,
    Status,
)

PERIODS = {
    "month": "This month",
    "quarter": "This quarter",
    "12m": "Last 12 months",
    "all": "All time",
}


def period_start(period: str, now: datetime, timezone: str | None = None) -> datetime | None:
    """The first moment of ``period`` (None for all time), a month or a quarter beginning
    at midnight in ``timezone`` (the group's; UTC when not given)."""
    return aggregates.period_start(period, now, timezone)


def _with_people():
    """The people and group of each listed referral in the same statement (many-to-one
    joins: no extra rows), the referrals it was passed on to in one more."""
    return (
        joinedload(Referral.giver),
        joinedload(Referral.receiver),
        joinedload(Referral.group),
        joinedload(Referral.passed_on_by),
        selectinload(Referral.passed_on_to).joinedload(Referral.receiver),
    )


def _listed_people():
    """What the lists show of each referral's people and group, in the same statement
    (the lists do not show whom a referral was passed on to: not loaded)."""
    return (
        joinedload(Referral.giver),
        joinedload(Referral.receiver),
        joinedload(Referral.group),
        joinedload(Referral.passed_on_by),
    )


def member_referrals(member: Member, box: str, status: str | None, period: str,
                     now: datetime, before: str | None = None) -> KeysetPage:
    """A page of the referrals ``member`` gave (box="given") or received (box="received")."""
    column = Referral.giver_id if box == "given" else Referral.receiver_id
    return _listed(sa.select(Referral).where(column == member.id), status, period, now,
                   member.email_timezone, before)


def group_referrals(group: Group, status: str | None, period: str,
                    now: datetime, before: str | None = None) -> KeysetPage:
    query = sa.select(Referral).where(Referral.group_id == group.id)
    return _listed(query, status, period, now, group.timezone, before)


def _listed(query: sa.Select, status: str | None, period: str,
            now: datetime, timezone: str, before: str | None) -> KeysetPage:
    """``query`` narrowed to a status and a period, newest first, with the people loaded,
    one page (:data:`partner_net.pagination.PAGE_SIZE`) older than ``before``."""
    if status:
        query = query.where(Referral.status == status)
    start = period_start(period, now, timezone)
    if start is not None:
        query = query.where(Referral.created_at >= start)
    return keyset(query.options(*_listed_people()), Referral.created_at, Referral.id, before)


def last_shared_milestones(referrals: list[Referral]) -> dict[int, ReferralEvent]:
    """For each referral, its latest event the giver may read (one query)."""
    ids = [r.id for r in referrals]
    if not ids:
        return {}
    latest = (
        sa.select(sa.func.max(ReferralEvent.id))
        .where(ReferralEvent.referral_id.in_(ids), ReferralEvent.shared)
        .group_by(ReferralEvent.referral_id)
    )
    events = db.session.scalars(sa.select(ReferralEvent).where(ReferralEvent.id.in_(latest)))
    return {e.referral_id: e for e in events}


@dataclass
class Dashboard:
    """What needs the member now, and their month so far."""

    to_contact: list[Referral] = field(default_factory=list)
    overdue_contact_ids: set[int] = field(default_factory=set)
    thanks_owed: list[Referral] = field(default_factory=list)
    not_contacted_given: list[Referral] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    given_this_month: int = 0
    received_this_month: int = 0
    #: Business the member closed this month from referrals, in the group's currency.
    closed_this_month: Decimal = Decimal(0)


#: The dashboard lists at most this many of each kind; the lists page has the rest.
DASHBOARD_LIMIT = 20


def _with_names():
    """The giver and receiver of each listed referral, in the same statement: all the
    dashboard's lists show of the people."""
    return (joinedload(Referral.giver), joinedload(Referral.receiver))


def dashboard(member: Member, now: datetime, group: Group | None = None,
              month_counts: bool = True) -> Dashboard:
    """What needs ``member`` now (in every group), and their month in ``group`` ("this
    month" from midnight on the 1st in the group's time zone). Without a group (the
    email digest), the month counts every group, in the member's own zone.

    With a group (the dashboard page), the lists load only the names they show, and
    without ``month_counts`` (the page shows the member's goals instead) the month's
    figures are left at zero."""
    board = Dashboard()
    loaded = _with_names() if group is not None else _with_people()
    received_open = list(db.session.scalars(
        sa.select(Referral)
        .where(Referral.receiver_id == member.id, Referral.status == Status.GIVEN)
        .options(*loaded)
        .order_by(Referral.created_at)
        .limit(DASHBOARD_LIMIT)
    ))
    board.to_contact = received_open
    board.overdue_contact_ids = {
        r.id for r in received_open if now - r.created_at >= CONTACT_DEADLINE
    }
    board.thanks_owed = list(db.session.scalars(
        sa.select(Referral)
        .where(
            Referral.receiver_id == member.id,
            Referral.thanked_at.is_(None),
            Referral.status.not_in([Status.WITHDRAWN, Status.PASSED_ON]),
            Referral.created_at <= now - THANK_YOU_DEADLINE,
        )
        .options(*loaded)
        .order_by(Referral.created_at)
        .limit(DASHBOARD_LIMIT)
    ))
    board.not_contacted_given = list(db.session.scalars(
        sa.select(Referral)
        .where(
            Referral.giver_id == member.id,
            Referral.status == Status.GIVEN,
            Referral.created_at <= now - CONTACT_DEADLINE,
        )
        .options(*loaded)
        .order_by(Referral.created_at)
        .limit(DASHBOARD_LIMIT)
    ))
    # New referrals are already listed under "to contact"; the rest is news.
    board.notifications = [n for n in unread_notifications(member) if n.kind != "received"]
    if not month_counts:
        return board
    start = period_start("month", now, group.timezone if group else member.email_timezone)
    counted = Referral.status.not_in(list(NOT_COUNTED))
    if group is None:
        board.given_this_month = db.session.scalar(
            sa.select(sa.func.count()).where(
                Referral.giver_id == member.id, Referral.created_at >= start, counted)
        )
        board.received_this_month = db.session.scalar(
            sa.select(sa.func.count()).where(
                Referral.receiver_id == member.id, Referral.created_at >= start, counted)
        )
        return board
    # The group's month in one statement over the member's own referrals ("group_id + 0":
    # SQLite would otherwise walk the whole group's referrals through its group index).
    this_month = sa.and_(Referral.created_at >= start, counted)
    won = sa.and_(Referral.receiver_id == member.id, Referral.status == Status.WON,
                  Referral.status_changed_at >= start, aggregates.in_group_currency(group.id))
    given, received, closed = db.session.execute(
        sa.select(
            sa.func.count(sa.case((sa.and_(Referral.giver_id == member.id, this_month), 1))),
            sa.func.count(sa.case((sa.and_(Referral.receiver_id == member.id, this_month), 1))),
            sa.func.coalesce(sa.func.sum(sa.case((won, Referral.closed_value), else_=0)), 0),
        ).where((Referral.group_id + 0) == group.id,
                sa.or_(Referral.giver_id == member.id, Referral.receiver_id == member.id))
    ).one()
    board.given_this_month = given
    board.received_this_month = received
    board.closed_this_month = aggregates._decimal(closed)
    return board


def unread_notifications(member: Member, limit: int = 20) -> list[Notification]:
    return list(db.session.scalars(
        sa.select(Notification)
        .where(Notification.member_id == member.id, Notification.read_at.is_(None))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    ))


#: Every signed-in page's badge: built once, not per request (the statement's
#: construction cost as much as running it).
_UNREAD_COUNT = sa.select(sa.func.count()).where(
    Notification.member_id == sa.bindparam("member_id"), Notification.read_at.is_(None))


def unread_count(member: Member) -> int:
    return db.session.scalar(_UNREAD_COUNT, {"member_id": member.id})
