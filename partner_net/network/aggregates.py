"""The SQL side of the network: one row per pair, never one per referral.

Everything the graph needs is aggregated by the database (``GROUP BY giver_id,
receiver_id``), so a group with 10,000 referrals reaches Python as at most
``members * (members - 1)`` rows. Referrals that do not count for reciprocity
(``not_a_fit``, ``passed_on``, withdrawn: :data:`NOT_COUNTED`) are left out here; the
referral created when one is passed on runs from the original giver to the new
receiver, so a passed-on chain arrives as a single count between those two.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import cache, lru_cache
from typing import NamedTuple

import sqlalchemy as sa

from partner_net import clock
from partner_net.domain.matcher import ClientProfile
from partner_net.domain.reciprocity import PairAggregate
from partner_net.domain.similarity import whom_they_serve
from partner_net.domain.suggestion_text import client_terms
from partner_net.extensions import db
from partner_net.models import Group, IdealClientProfile, Member, Membership, Referral
from partner_net.models.accounts import active_members_select
from partner_net.referrals.pipeline import NOT_COUNTED, Status

#: The period selector: key -> label, in display order.
PERIODS = {
    "month": "This month",
    "quarter": "This quarter",
    "12m": "12 months",
    "all": "All time",
}
DEFAULT_PERIOD = "12m"


def period_start(period: str, now: datetime, timezone: str | None = None) -> datetime | None:
    """The first moment counted in ``period`` (None: all time), as a UTC moment.

    Months and quarters begin at midnight in the group's time zone (``timezone``; UTC
    when not given), so "this month" in Auckland starts when Auckland's month does. The
    12-month window starts at local midnight 365 days ago rather than at this very
    second, so the figures, and the cache key built from this, stay the same all day.
    """
    here = now.astimezone(clock.zone(timezone))
    midnight = here.replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "month":
        start = midnight.replace(day=1)
    elif period == "quarter":
        start = midnight.replace(month=3 * ((here.month - 1) // 3) + 1, day=1)
    elif period == "12m":
        start = midnight - timedelta(days=365)
    else:
        return None
    return start.astimezone(UTC)


def normalise_period(period: str | None) -> str:
    return period if period in PERIODS else DEFAULT_PERIOD


def group_timezone(group_id: int) -> str:
    return db.session.scalar(sa.select(Group.timezone).where(Group.id == group_id)) or "UTC"


def in_group_currency(group_id: int):
    """Closed values in the group's currency: totals never add two currencies together
    (values recorded in another one before the group's currency was fixed are left out)."""
    currency = sa.select(Group.currency).where(Group.id == group_id).scalar_subquery()
    return sa.func.coalesce(Referral.closed_currency, currency) == currency


def pair_aggregates(group_id: int, start: datetime | None = None) -> list[PairAggregate]:
    """Per ordered pair: referrals that count, closed value of the won ones (in the
    group's currency), latest date."""
    won_value = sa.case((sa.and_(Referral.status == Status.WON, in_group_currency(group_id)),
                         Referral.closed_value), else_=0)
    query = (
        sa.select(
            Referral.giver_id,
            Referral.receiver_id,
            sa.func.count(Referral.id),
            sa.func.coalesce(sa.func.sum(won_value), 0),
            sa.func.max(Referral.created_at),
        )
        .where(
            Referral.group_id == group_id,
            Referral.status.not_in([str(s) for s in NOT_COUNTED]),
        )
        .group_by(Referral.giver_id, Referral.receiver_id)
        .order_by(Referral.giver_id, Referral.receiver_id)
    )
    if start is not None:
        query = query.where(Referral.created_at >= start)
    return [
        PairAggregate(giver, receiver, int(count), _decimal(value), last_at)
        for giver, receiver, count, value, last_at in db.session.execute(query)
    ]


def pair_aggregates_of(group_id: int, start: datetime | None,
                       pairs: set[tuple[int, int]]) -> list[PairAggregate]:
    """:func:`pair_aggregates` for the given (giver, receiver) pairs only: the few a change
    touched (one statement; pairs with nothing left that counts come back absent)."""
    if not pairs:
        return []
    params: dict[str, object] = {"group_id": group_id}
    if start is not None:
        params["start"] = start
    givers, receivers = sorted({g for g, _ in pairs}), sorted({r for _, r in pairs})
    if len(givers) * len(receivers) == len(pairs):  # one pair, or one giver: the usual
        query = _pairs_in_query(start is not None)
        params.update(givers=givers, receivers=receivers)
    else:  # each pair by itself (lists would also read every pair between them)
        query = _pairs_or_query(start is not None, len(pairs))
        for i, (giver, receiver) in enumerate(sorted(pairs)):
            params[f"g{i}"], params[f"r{i}"] = giver, receiver
    return [PairAggregate(giver, receiver, int(count), _decimal(value), _aware(last_at))
            for giver, receiver, count, value, last_at in db.session.execute(query, params)]


@cache
def _pairs_query(since: bool) -> sa.Select:
    """:func:`pair_aggregates_of`'s statement but for the pairs, made once: it runs on
    every page right after a change, and building it took longer than running it."""
    won_value = sa.case((sa.and_(Referral.status == Status.WON,
                                 in_group_currency(sa.bindparam("group_id"))),
                         Referral.closed_value), else_=0)
    query = (
        sa.select(Referral.giver_id, Referral.receiver_id, sa.func.count(Referral.id),
                  sa.func.coalesce(sa.func.sum(won_value), 0), sa.func.max(Referral.created_at))
        # "group_id + 0": each pair through ix_referrals_giver_created; SQLite would
        # otherwise walk the group's whole period through its group index (5 ms at
        # 10,000 referrals, against 0.1).
        .where((Referral.group_id + 0) == sa.bindparam("group_id"),
               Referral.status.not_in([str(s) for s in NOT_COUNTED]))
        .group_by(Referral.giver_id, Referral.receiver_id)
    )
    if since:
        query = query.where(Referral.created_at >= sa.bindparam("start"))
    return query


@cache
def _pairs_in_query(since: bool) -> sa.Select:
    """The pairs of some givers with some receivers. Made once: a statement made anew is
    keyed anew for SQLAlchemy's cache on each run (0.2 ms of every patch)."""
    return _pairs_query(since).where(
        Referral.giver_id.in_(sa.bindparam("givers", expanding=True)),
        Referral.receiver_id.in_(sa.bindparam("receivers", expanding=True)))


@lru_cache(maxsize=64)
def _pairs_or_query(since: bool, pairs: int) -> sa.Select:
    """The pairs (giver ``:g<i>``, receiver ``:r<i>``) each by itself, made once per number
    of pairs; written as text: made of expressions, 40 pairs took a millisecond to build."""
    wanted = " OR ".join(f"(giver_id = :g{i} AND receiver_id = :r{i})" for i in range(pairs))
    return _pairs_query(since).where(sa.text(f"({wanted})"))


def _decimal(value: object) -> Decimal:
    """SQLite sums NUMERIC into a float; keep cents exact either way."""
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value)).quantize(Decimal("0.01"))


@dataclass(frozen=True, slots=True)
class GroupMember:
    """What the network pages show of a member: no contact details, no prospects."""

    id: int
    name: str
    category: str


def active_members(group_id: int) -> list[GroupMember]:
    """The group's active members, by name."""
    rows = db.session.execute(
        active_members_select(group_id, Member.id, Member.name, Member.category))
    return [GroupMember(*row) for row in rows]


def members_by_id(ids: set[int]) -> dict[int, GroupMember]:
    """Names for ids (members who left the group still appear in its history)."""
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(Member.id, Member.name, Member.category).where(Member.id.in_(ids))
    )
    return {row[0]: GroupMember(*row) for row in rows}


def version_stamp(group_id: int) -> tuple[datetime | None, int]:
    """The group's creation time and referrals version, read from the database (never
    from an object the session may hold from before another worker's change)."""
    row = db.session.execute(_version_query(), {"group_id": group_id}).first()
    return (row[0], row[1] or 0) if row else (None, 0)


def stamp_of(group: Group) -> tuple[datetime | None, int]:
    """:func:`version_stamp` of a group whose row this request read before anything it
    aggregates (``g.group``: :func:`partner_net.access.load_group_for_member` reads it
    afresh), without reading it again: a version read earlier is only older, and what
    is cached under it may be newer than its key, never older."""
    return group.created_at, group.referrals_version or 0


@cache
def _version_query() -> sa.Select:
    """Made once: every network read runs it (building it cost more than running it)."""
    return sa.select(Group.created_at, Group.referrals_version).where(
        Group.id == sa.bindparam("group_id"))


# --- what one member's suggestions read ----------------------------------------------


def _counted(group_id: int):
    return sa.and_(Referral.group_id == group_id,
                   Referral.status.not_in([str(s) for s in NOT_COUNTED]))


def my_pairs(group_id: int, member_id: int, start: datetime | None) -> list[PairAggregate]:
    """The member's own pairs only (given to and received from each partner): count and
    latest date, no values. Two halves in one statement, each served by its own index
    (giver and date; receiver and status), so only the member's referrals are read."""
    halves = []
    for side in (Referral.giver_id, Referral.receiver_id):
        half = (
            sa.select(Referral.giver_id, Referral.receiver_id,
                      sa.func.count(Referral.id).label("n"),
                      sa.func.max(Referral.created_at).label("last_at"))
            # "group_id + 0": SQLite, without statistics, would otherwise scan the whole
            # group's year through ix_referrals_group_created for each half.
            .where((Referral.group_id + 0) == group_id, side == member_id,
                   Referral.status.not_in([str(s) for s in NOT_COUNTED]))
            .group_by(Referral.giver_id, Referral.receiver_id)
        )
        if start is not None:
            half = half.where(Referral.created_at >= start)
        halves.append(half)
    rows = db.session.execute(sa.union_all(*halves))
    pairs: dict[tuple[int, int], PairAggregate] = {}
    for giver, receiver, count, last_at in rows:
        if giver == receiver:  # counted once: both halves would hold it
            continue
        pairs[(giver, receiver)] = PairAggregate(giver, receiver, int(count),
                                                 last_at=_aware(last_at))
    return list(pairs.values())


def _aware(moment: datetime | None) -> datetime | None:
    """A max() over a union comes back as text or naive on SQLite; make it an aware
    UTC datetime like the column's own values."""
    if moment is None or isinstance(moment, datetime) and moment.tzinfo is not None:
        return moment
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def received_counts(group_id: int, since: datetime,
                    receivers: set[int] | None = None) -> dict[int, int]:
    """Referrals that count received per member since ``since``: one row per receiver
    (only ``receivers`` when given; those with none are absent)."""
    query = (
        sa.select(Referral.receiver_id, sa.func.count(Referral.id))
        .where(_counted(group_id), Referral.created_at >= since)
        .group_by(Referral.receiver_id)
    )
    params: dict[str, object] = {}
    if receivers is not None:
        if not receivers:
            return {}
        query = _received_by_query()
        params = {"group_id": group_id, "since": since, "receivers": sorted(receivers)}
    return {receiver: int(count) for receiver, count in db.session.execute(query, params)}


@cache
def _received_by_query() -> sa.Select:
    """:func:`received_counts`' statement for some receivers, made once: it runs on the
    dashboard and the suggestions right after every change, and building it cost about
    as much as running it."""
    # "group_id + 0": the receivers' own rows through ix_referrals_receiver_status, not
    # the group's whole window through its group index.
    return (
        sa.select(Referral.receiver_id, sa.func.count(Referral.id))
        .where((Referral.group_id + 0) == sa.bindparam("group_id"),
               Referral.status.not_in([str(s) for s in NOT_COUNTED]),
               Referral.receiver_id.in_(sa.bindparam("receivers", expanding=True)),
               Referral.created_at >= sa.bindparam("since"))
        .group_by(Referral.receiver_id)
    )


class ClientTexts(NamedTuple):
    """Whom a member serves, as the suggestions read it."""

    #: Industries and keyword lists: the sentence names shared terms from these.
    terms: list[str]
    #: All of it as one text (who, industry, segment, keywords, frustration, what it
    #: looks like when they need you): the word-overlap fallback compares these.
    text: str
    #: One phrase per profile (title, industry, segment), or the "I refer people
    #: who..." line without one (:func:`partner_net.domain.similarity.whom_they_serve`):
    #: what the meaning model compares, as the matcher's ``profile_similarity`` does.
    whom: list[str]


def ideal_client_texts(member_ids: list[int]) -> dict[int, ClientTexts]:
    """Per member, their :class:`ClientTexts`: one query on the profiles, and one on the
    members only when some have no profile that says whom they serve."""
    if not member_ids:
        return {}
    rows = db.session.execute(
        sa.select(IdealClientProfile.member_id, IdealClientProfile.title,
                  IdealClientProfile.industry, IdealClientProfile.segment,
                  IdealClientProfile.keywords, IdealClientProfile.frustration,
                  IdealClientProfile.triggers)
        .where(IdealClientProfile.member_id.in_(member_ids))
        .order_by(IdealClientProfile.member_id, IdealClientProfile.position,
                  IdealClientProfile.id)
    ).all()
    texts = _client_texts(member_ids, rows, {})
    lacking = [m for m, t in texts.items() if not t.whom]
    if lacking:
        for member_id, criteria in db.session.execute(
                sa.select(Member.id, Member.referral_criteria).where(Member.id.in_(lacking))):
            texts[member_id] = texts[member_id]._replace(
                whom=whom_they_serve((), criteria or ""))
    return texts


#: One ideal-client profile as :func:`_client_texts` reads it: (member id, title,
#: industry, segment, keywords, frustration, triggers).
ProfileRow = tuple[int, str | None, str | None, str | None, str | None, str | None, str | None]


def _client_texts(member_ids: list[int], rows: list[ProfileRow],
                  criteria: dict[int, str | None]) -> dict[int, ClientTexts]:
    """:func:`ideal_client_texts` from the profiles' rows (ordered by member, position,
    id) and the members' "I refer people who..." lines (needed only for those whose
    profiles say nobody they serve)."""
    found: dict[int, tuple[list[str], list[str], list[str]]] = {
        m: ([], [], []) for m in member_ids}
    for member_id, title, industry, segment, keywords, frustration, triggers in rows:
        terms, text, whos = found[member_id]
        terms.extend(t for t in (industry, keywords) if t)
        text.extend(t for t in (title, industry, segment, keywords, frustration, triggers) if t)
        whos.append(ClientProfile(title or "", industry or "", segment or "").who())
    whom = {m: whom_they_serve(whos) for m, (_, _, whos) in found.items()}
    for member_id, phrases in whom.items():
        if not phrases:
            whom[member_id] = whom_they_serve((), criteria.get(member_id) or "")
    return {m: ClientTexts(terms, "\n".join(text), whom[m])
            for m, (terms, text, _) in found.items()}


@dataclass(frozen=True, eq=False)
class SuggestionPeople:
    """A group's active members (by name) and whom each serves: what every member's
    suggestions read of the group's people. Shared between requests: read only (and
    hashed by identity, for the memos built on it)."""

    members: tuple[GroupMember, ...]
    texts: dict[int, ClientTexts]
    #: Each member's ideal-client terms (:func:`partner_net.domain.suggestion_text.client_terms`).
    terms: dict[int, frozenset[str]]
    #: The members with at least one ideal-client profile.
    with_profiles: frozenset[int]


def suggestion_people(group_id: int) -> SuggestionPeople:
    """:func:`active_members` and :func:`ideal_client_texts` of the group in one statement
    (members joined to their profiles). What is derived from the rows is kept per
    process for the rows' exact content (:func:`_people_of`): a profile edited by
    another worker changes the rows, so it is never served stale."""
    rows = db.session.execute(_people_query(), {"group_id": group_id})
    return _people_of(tuple(tuple(row) for row in rows))


@cache
def _people_query() -> sa.Select:
    """:func:`suggestion_people`' statement, made once (building it cost two thirds as
    much as running it, on every dashboard and suggestions page)."""
    return (
        sa.select(Member.id, Member.name, Member.category, Member.referral_criteria,
                  IdealClientProfile.id, IdealClientProfile.title,
                  IdealClientProfile.industry, IdealClientProfile.segment,
                  IdealClientProfile.keywords, IdealClientProfile.frustration,
                  IdealClientProfile.triggers)
        .join(Membership, Membership.member_id == Member.id)
        .outerjoin(IdealClientProfile, IdealClientProfile.member_id == Member.id)
        .where(Membership.group_id == sa.bindparam("group_id"), Membership.active,
               Member.active)
        .order_by(Member.name, Member.id, IdealClientProfile.position, IdealClientProfile.id)
    )


@lru_cache(maxsize=64)
def _people_of(rows: tuple[tuple, ...]) -> SuggestionPeople:
    members: dict[int, GroupMember] = {}
    criteria: dict[int, str | None] = {}
    profiles: list[ProfileRow] = []
    for member_id, name, category, referral_criteria, profile_id, *profile in rows:
        if member_id not in members:
            members[member_id] = GroupMember(member_id, name, category)
            criteria[member_id] = referral_criteria
        if profile_id is not None:
            profiles.append((member_id, *profile))
    texts = _client_texts(list(members), profiles, criteria)
    return SuggestionPeople(tuple(members.values()), texts,
                            {m: client_terms(*t.terms) for m, t in texts.items()},
                            frozenset(row[0] for row in profiles))
