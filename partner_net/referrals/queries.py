"""Reading referrals: a member's lists, a group's list, the dashboard's counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from partner_net.extensions import db
from partner_net.models import Group, Member, Notification, Referral, ReferralEvent
from partner_net.network import aggregates
from partner_net.pagination import KeysetPage, keyset
from partner_net.referrals.pipeline import (
    CONTACT_DEADLINE,
    LABELS,
    NOT_COUNTED,
    THANK_YOU_DEADLINE,
    Status,
)

#: The received list's filter for the thank-yous owed (beside the statuses).
UNTHANKED = "unthanked"

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


class ListedGroup(NamedTuple):
    """What the lists need of a referral's group: its name, and for dates and amounts its
    zone, locale and currency (the ``|day`` and ``|money`` filters read these)."""

    name: str
    timezone: str
    locale: str
    currency: str


class Milestone(NamedTuple):
    """A referral's latest event the giver may read, as the given list shows it."""

    kind: str
    to_status: str | None
    created_at: datetime
    note: str


class MemberListed(NamedTuple):
    """A row of a member's referral lists: the columns shown, the people's names, the
    group (shared by the rows of one group) and, in the given list, the last milestone."""

    id: int
    created_at: datetime
    prospect_name: str
    need: str
    status: str
    closed_value: Decimal | None
    closed_currency: str | None
    thanked_at: datetime | None
    giver_name: str
    receiver_name: str
    passed_on_by_name: str | None
    group: ListedGroup
    milestone: Milestone | None

    @property
    def state(self) -> Status:
        return Status(self.status)

    @property
    def status_label(self) -> str:
        return LABELS[self.state]


def _member_list_statement(given: bool) -> sa.Select:
    """A member's referrals (``:member_id`` the giver or the receiver) with the names and
    group shown, and for the given list the last shared milestone: one statement, no
    entities. Filters and the keyset are added per request."""
    giver, receiver, passer = (sa.orm.aliased(Member) for _ in range(3))
    columns = [Referral.id, Referral.created_at, Referral.prospect_name, Referral.need,
               Referral.status, Referral.closed_value, Referral.closed_currency,
               Referral.thanked_at, giver.name, receiver.name, passer.name, Referral.group_id,
               Group.name, Group.timezone, Group.locale, Group.currency]
    stmt = sa.select(*columns)
    if given:
        latest = (sa.select(sa.func.max(ReferralEvent.id))
                  .where(ReferralEvent.referral_id == Referral.id, ReferralEvent.shared)
                  .correlate(Referral).scalar_subquery())
        stmt = (stmt.add_columns(ReferralEvent.kind, ReferralEvent.to_status,
                                 ReferralEvent.created_at, ReferralEvent.note)
                .outerjoin(ReferralEvent, ReferralEvent.id == latest))
    mine = Referral.giver_id if given else Referral.receiver_id
    return (stmt.join(giver, giver.id == Referral.giver_id)
            .join(receiver, receiver.id == Referral.receiver_id)
            .outerjoin(passer, passer.id == Referral.passed_on_by_id)
            .join(Group, Group.id == Referral.group_id)
            .where(mine == sa.bindparam("member_id")))


#: Built once per list (given, received): building them cost more than running them.
_MEMBER_LISTS = {True: _member_list_statement(True), False: _member_list_statement(False)}


def member_referral_rows(member: Member, box: str, status: str | None, period: str,
                         now: datetime, before: str | None = None) -> KeysetPage:
    """A page of the referrals ``member`` gave (box="given") or received (box="received"),
    as plain rows (:class:`MemberListed`): one statement for the page, its people and
    groups and (given list) each referral's latest event the giver may read."""
    given = box == "given"
    query = _MEMBER_LISTS[given].params(member_id=member.id)
    if status == UNTHANKED and not given:
        query = query.where(*thanks_owed(now - THANK_YOU_DEADLINE))
    elif status:
        query = query.where(Referral.status == status)
    start = period_start(period, now, member.email_timezone)
    if start is not None:
        query = query.where(Referral.created_at >= start)
    page = keyset(query, Referral.created_at, Referral.id, before, plain=True)
    groups: dict[int, ListedGroup] = {}
    items = []
    for row in page.items:
        group = groups.get(row[11])
        if group is None:
            group = groups[row[11]] = ListedGroup(*row[12:16])
        milestone = Milestone(*row[16:20]) if given and row[16] is not None else None
        items.append(MemberListed(*row[:11], group, milestone))
    return KeysetPage(items, page.next_cursor, page.first)


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


class Listed(NamedTuple):
    """A referral as the dashboard and the digest list it: plain columns, no entities."""

    id: int
    prospect_name: str
    need: str
    created_at: datetime
    #: The other member's name: the giver of a referral received, the receiver of one given.
    partner_name: str


class Unread(NamedTuple):
    """An unread notification as the dashboard lists it."""

    kind: str
    referral_id: int | None
    text: str
    created_at: datetime


@dataclass
class Dashboard:
    """What needs the member now, and their month so far."""

    to_contact: list[Listed] = field(default_factory=list)
    overdue_contact_ids: set[int] = field(default_factory=set)
    thanks_owed: list[Listed] = field(default_factory=list)
    not_contacted_given: list[Listed] = field(default_factory=list)
    notifications: list[Unread] = field(default_factory=list)
    #: How many of each there are in all (the lists hold at most DASHBOARD_LIMIT).
    to_contact_total: int = 0
    thanks_owed_total: int = 0
    not_contacted_given_total: int = 0
    given_this_month: int = 0
    received_this_month: int = 0
    #: Business the member closed this month from referrals, in the group's currency.
    closed_this_month: Decimal = Decimal(0)


#: The dashboard (and the weekly digest) lists at most this many of each kind, the oldest
#: first, with how many there are in all and a link to the referrals list for the rest:
#: a glance on a phone, not a scroll through dozens.
DASHBOARD_LIMIT = 5


def _listed_kind(kind: int, mine, other, *where) -> sa.Select:
    """One of the dashboard's lists: the member's referrals on the ``mine`` side matching
    ``where``, oldest first, with the name of the member on the ``other`` side."""
    # How many there are in all: counted apart, on the referrals alone (a window count
    # over the joined rows cost twice the statement for a member with hundreds).
    total = (sa.select(sa.func.count()).select_from(Referral)
             .where(mine == sa.bindparam("member_id"), *where)
             .correlate(None).scalar_subquery())
    return (
        sa.select(sa.literal(kind).label("kind"), Referral.id, Referral.prospect_name,
                  Referral.need, Referral.created_at, Member.name, total.label("total"))
        .join(Member, Member.id == other)
        .where(mine == sa.bindparam("member_id"), *where)
        .order_by(Referral.created_at, Referral.id)
        .limit(DASHBOARD_LIMIT)
        .subquery()
        .select()
    )


def thanks_owed(before) -> tuple[sa.ColumnElement[bool], ...]:
    """A referral received whose thank-you is owed: not thanked, neither withdrawn nor
    passed on, and given at or ``before`` (a week ago; a value or a bound parameter)."""
    return (Referral.thanked_at.is_(None),
            Referral.status.not_in([Status.WITHDRAWN, Status.PASSED_ON]),
            Referral.created_at <= before)


TO_CONTACT, THANKS_OWED, NOT_CONTACTED_GIVEN = 0, 1, 2
#: The three lists in one statement (each limited on its own), built once: constructing
#: it cost about as much as running it.
_LISTS = sa.union_all(
    _listed_kind(TO_CONTACT, Referral.receiver_id, Referral.giver_id,
                 Referral.status == Status.GIVEN),
    _listed_kind(THANKS_OWED, Referral.receiver_id, Referral.giver_id,
                 *thanks_owed(sa.bindparam("thanks_before"))),
    _listed_kind(NOT_CONTACTED_GIVEN, Referral.giver_id, Referral.receiver_id,
                 Referral.status == Status.GIVEN,
                 Referral.created_at <= sa.bindparam("contact_before")),
)


def _month_in_group() -> sa.Select:
    """The member's month in a group in one statement over their own referrals: given
    this month, received this month (both counted as reciprocity counts them), and the
    value closed this month from referrals received, in the group's currency. Only the
    referrals given this month and those received are read (each side through its own
    index; "group_id + 0": SQLite would otherwise walk the whole group's referrals
    through its group index)."""
    me, start = sa.bindparam("member_id"), sa.bindparam("start")
    currency = sa.bindparam("currency")
    this_month = sa.and_(Referral.created_at >= start,
                         Referral.status.not_in([str(s) for s in NOT_COUNTED]))
    won = sa.and_(Referral.receiver_id == me, Referral.status == Status.WON,
                  Referral.status_changed_at >= start,
                  sa.func.coalesce(Referral.closed_currency, currency) == currency)
    return (
        sa.select(
            sa.func.count(sa.case((sa.and_(Referral.giver_id == me, this_month), 1))),
            sa.func.count(sa.case((sa.and_(Referral.receiver_id == me, this_month), 1))),
            sa.func.coalesce(sa.func.sum(sa.case((won, Referral.closed_value), else_=0)), 0),
        ).where((Referral.group_id + 0) == sa.bindparam("group_id"),
                sa.or_(sa.and_(Referral.giver_id == me, Referral.created_at >= start),
                       Referral.receiver_id == me))
    )


#: Built once: constructing it cost as much as running it.
_MONTH = _month_in_group()


def dashboard(member: Member, now: datetime, group: Group | None = None,
              month_counts: bool = True) -> Dashboard:
    """What needs ``member`` now (in every group), and their month in ``group`` ("this
    month" from midnight on the 1st in the group's time zone). Without a group (the
    email digest), the month counts every group, in the member's own zone.

    The three lists are one statement of plain rows (:class:`Listed`); without
    ``month_counts`` (the page shows the member's goals instead) the month's figures
    are left at zero."""
    board = Dashboard()
    lists: tuple[list[Listed], ...] = ([], [], [])
    totals = [0, 0, 0]
    for kind, *row, total in db.session.execute(_LISTS, {
            "member_id": member.id, "thanks_before": now - THANK_YOU_DEADLINE,
            "contact_before": now - CONTACT_DEADLINE}):
        lists[kind].append(Listed(*row))
        totals[kind] = total
    for rows in lists:
        rows.sort(key=lambda r: (r.created_at, r.id))
    board.to_contact, board.thanks_owed, board.not_contacted_given = lists
    board.to_contact_total, board.thanks_owed_total, board.not_contacted_given_total = totals
    board.overdue_contact_ids = {
        r.id for r in board.to_contact if now - r.created_at >= CONTACT_DEADLINE
    }
    # New referrals are already listed under "to contact"; the rest is news.
    board.notifications = [n for n in unread(member) if n.kind != "received"]
    if not month_counts:
        return board
    start = period_start("month", now, group.timezone if group else member.email_timezone)
    if group is None:
        counted = Referral.status.not_in(list(NOT_COUNTED))
        board.given_this_month = db.session.scalar(
            sa.select(sa.func.count()).where(
                Referral.giver_id == member.id, Referral.created_at >= start, counted)
        )
        board.received_this_month = db.session.scalar(
            sa.select(sa.func.count()).where(
                Referral.receiver_id == member.id, Referral.created_at >= start, counted)
        )
        return board
    given, received, closed = db.session.execute(_MONTH, {
        "member_id": member.id, "group_id": group.id, "start": start,
        "currency": group.currency}).one()
    board.given_this_month = given
    board.received_this_month = received
    board.closed_this_month = aggregates._decimal(closed)
    return board


def unread_of(member_id) -> tuple[sa.ColumnElement[bool], ...]:
    """The notifications a member has not read (``member_id``: a bound parameter, or a
    column the statement correlates): the list's, the badge's and the member's count."""
    return Notification.member_id == member_id, Notification.read_at.is_(None)


_UNREAD = (
    sa.select(Notification.kind, Notification.referral_id, Notification.text,
              Notification.created_at)
    .where(*unread_of(sa.bindparam("member_id")))
    .order_by(Notification.created_at.desc(), Notification.id.desc())
    .limit(sa.bindparam("limit"))
)


def unread(member: Member, limit: int = 20) -> list[Unread]:
    """The member's latest unread notifications, as plain rows (how many there are in
    all, the header's badge, is counted with the member: partner_net.unread_badge)."""
    rows = db.session.execute(_UNREAD, {"member_id": member.id, "limit": limit}).all()
    return [Unread(*row) for row in rows]


#: Every signed-in page's badge: built once, not per request (the statement's
#: construction cost as much as running it).
_UNREAD_COUNT = sa.select(sa.func.count()).where(*unread_of(sa.bindparam("member_id")))


def unread_count(member: Member) -> int:
    return db.session.scalar(_UNREAD_COUNT, {"member_id": member.id})

