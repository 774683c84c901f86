"""What the network pages need, assembled from the cache, the database and the domain.

No Flask here beyond the database session: the views parse input, call these, render.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

import sqlalchemy as sa
from markupsafe import Markup

from partner_net import clock
from partner_net.domain import reciprocity
from partner_net.domain.client_similarity import calibrated, tfidf_similarity
from partner_net.domain.exposure import SLATE
from partner_net.domain.reciprocity import MemberBalance, PartnerBalance, PartnerLists
from partner_net.domain.similarity import similarity_row
from partner_net.domain.suggestions import (
    PairCounts,
    Person,
    Suggestion,
    SuggestionInput,
    pair_counts,
    suggest,
)
from partner_net.extensions import db
from partner_net.matching.data import matcher_encoder
from partner_net.models import Group, Member, OneToOne, StrategicPartner, SuggestionSlate
from partner_net.network import aggregates, slates, svg
from partner_net.network.cache import MAX_PATCHED_PAIRS, GroupNetwork, cache, changed_pairs
from partner_net.onetoones import service as onetoones

#: Suggestions weigh the referrals of the last 12 months.
SUGGESTION_PERIOD = "12m"

#: The group's creation time and referrals version (:func:`aggregates.version_stamp`).
Stamp = tuple[datetime | None, int]


class NetworkError(ValueError):
    """A request the rules refuse; the message is shown to the member."""


def group_network(group: Group, period: str, now: datetime,
                  stamp: Stamp | None = None) -> GroupNetwork:
    """The group's figures over ``period``; "this month" and "this quarter" begin at
    midnight where the group meets, not in UTC. ``stamp``: the group's, when the caller
    read it first (:func:`aggregates.stamp_of`)."""
    return cache.get(group.id, period, now.astimezone(clock.zone(group.timezone)),
                     group.timezone or "UTC", stamp)


# --- my reciprocity ------------------------------------------------------------------


@dataclass(frozen=True)
class MyReciprocity:
    balance: MemberBalance
    lists: PartnerLists

    @property
    def net(self) -> int:
        return self.balance.net

    @property
    def net_value(self):
        return self.balance.value_given - self.balance.value_received


def my_reciprocity(network: GroupNetwork, member_id: int) -> MyReciprocity:
    return MyReciprocity(
        balance=reciprocity.member_balance(network.graph, member_id),
        lists=reciprocity.partner_lists(network.graph, member_id, top=10),
    )


def ranked_partners(network: GroupNetwork, member_id: int) -> list[svg.Partner]:
    """Everyone the member exchanged referrals with, most exchanged first (then those
    who referred the member more, then by name)."""
    rows = reciprocity.partner_balances(network.graph, member_id)
    partners = [svg.Partner(r.partner_id, network.name(r.partner_id), r.gave_me, r.i_gave)
                for r in rows]
    return sorted(partners, key=lambda p: (-(p.gave_me + p.i_gave), -(p.gave_me - p.i_gave),
                                           p.name.casefold(), p.id))


def ego_picture(network: GroupNetwork, me: Member, partners: list[svg.Partner],
                period_label: str) -> Markup:
    return svg.ego_svg(me.first_name, partners,
                       f"You and the members you exchanged referrals with, {period_label}")


def focus_picture(network: GroupNetwork, focus: int | None, period_label: str) -> Markup:
    """The node-link picture, with ``focus``'s arrows standing out (the cached one
    without a focus)."""
    if focus is None or focus not in network.people:
        return network.network_svg
    return svg.network_svg(
        network.nodes, network.top_edges, f"The group's referral network, {period_label}, "
        f"centred on {network.name(focus)}", focus=focus,
        link=f"?period={network.period}&focus={{id}}#picture")


class Own(NamedTuple):
    """My reciprocity's figures, partners and picture of one member."""

    mine: MyReciprocity
    partners: list[svg.Partner]
    ego: Markup


def own_view(network: GroupNetwork, me: Member, period_label: str) -> Own:
    """:func:`my_reciprocity`, :func:`ranked_partners` and :func:`ego_picture` of ``me``,
    made once per network version (kept on it, :attr:`GroupNetwork.own`, for the member,
    their first name and the label) and carried by a patch that leaves the member out:
    they read only the member's edges and their partners' names, which a change to
    other pairs does not move."""
    key = (me.id, me.first_name, period_label)
    found = network.own.get(key)
    if found is None:
        partners = ranked_partners(network, me.id)
        found = Own(my_reciprocity(network, me.id), partners,
                    ego_picture(network, me, partners, period_label))
        network.own[key] = found
    return found


def partner_names(network: GroupNetwork,
                  rows: list[PartnerBalance]) -> list[tuple[str, PartnerBalance]]:
    return [(network.name(row.partner_id), row) for row in rows]


# --- whom to refer first -------------------------------------------------------------

#: Owed, the recency brake and the one-to-ones look back a year: old favours fade.
SUGGESTION_DAYS = 365
#: "Under-served" reads what each member received over this many days: recent enough
#: that a member lifted last quarter stops being pushed.
UNDER_SERVED_DAYS = 91


class Mark(NamedTuple):
    """A strategic partner the member marked, as the suggestions page lists it."""

    partner_id: int
    name: str
    category: str


_MARKS = (
    sa.select(StrategicPartner.partner_id, Member.name, Member.category)
    .join(Member, Member.id == StrategicPartner.partner_id)
    .where(StrategicPartner.member_id == sa.bindparam("member_id"))
    .order_by(StrategicPartner.created_at, StrategicPartner.id)
)


def strategic_partners(member: Member) -> list[Mark]:
    """The member's marks, oldest first, with the partners' names."""
    return [Mark(*row) for row in db.session.execute(_MARKS, {"member_id": member.id})]


def one_to_ones_since(now: datetime) -> date:
    """The first day whose one-to-ones count for the relationship signal."""
    return now.date() - timedelta(days=SUGGESTION_DAYS)


def one_to_ones(member: Member, now: datetime) -> dict[int, list[date]]:
    """The one-to-ones that count in the suggestion period, per partner: the rows
    :func:`_own_rows` reads with the suggestions' others, by themselves."""
    return onetoones.dates_by_partner(member.id, one_to_ones_since(now))


#: The kinds of row :func:`_own_rows` returns.
SLATE_ROW, ONE_TO_ONE_ROW, MARK_ROW = 0, 1, 2


@lru_cache(maxsize=2)
def _own_rows(with_marks: bool) -> sa.CompoundSelect:
    """What one member's suggestions read besides the pairs and the people, in one
    statement of (kind, id, id, date) rows (made once; three statements before):

    - the group's slates over the exposure window, everyone's (the exposure budget):
      (viewer, member shown, week), :func:`slates.window_query`;
    - THE one-to-ones that count for the relationship signal: the member's own (the
      partner's ranking uses theirs) in the suggestion period, those the partner
      confirmed, on either side, any group (:func:`onetoones.dated_query`):
      (member, partner, date);
    - with ``with_marks``, whom the member marked (the ranking needs no more than the
      ids): (partner, null, null)."""
    kind = sa.literal_column(str(SLATE_ROW), sa.Integer).label("kind")
    parts = [
        slates.window_query().with_only_columns(
            kind, SuggestionSlate.viewer_id, SuggestionSlate.member_id, SuggestionSlate.week),
        onetoones.dated_query().with_only_columns(
            sa.literal_column(str(ONE_TO_ONE_ROW), sa.Integer), OneToOne.member_id,
            OneToOne.partner_id, OneToOne.met_on),
    ]
    if with_marks:
        parts.append(sa.select(sa.literal_column(str(MARK_ROW), sa.Integer),
                               StrategicPartner.partner_id, sa.null(), sa.null())
                     .where(StrategicPartner.member_id == sa.bindparam("member_id")))
    return sa.union_all(*parts)


@dataclass(frozen=True)
class _Memo:
    """One memo entry: what was counted as of the group's creation time and version,
    over the window starting at ``since`` (the group's received counts, or a member's
    :class:`PairCounts`)."""

    created_at: datetime | None
    version: int
    since: datetime | None
    counts: Any


class Changes:
    """The pairs changed in a group since a version, up to ``stamp``'s: one query per
    starting version, however many memos ask (:func:`changed_pairs`)."""

    def __init__(self, group_id: int, stamp: Stamp) -> None:
        self.group_id = group_id
        self.version = stamp[1]
        self._found: dict[int, set[tuple[int, int]] | None] = {}

    def since(self, version: int) -> set[tuple[int, int]] | None:
        if version not in self._found:
            self._found[version] = changed_pairs(self.group_id, version, self.version)
        return self._found[version]


class _ReceivedMemo:
    """What each member received lately, per group, and each member's own pairs
    (:meth:`pairs`), kept per process and keyed like the network cache (the group's
    creation time and referrals version, read from the database, and the moment the
    window starts), so a change to the group's referrals is never served stale by any
    worker.

    One entry per group: a newer version is brought forward by the delta, as the network
    cache does (:func:`partner_net.network.cache.changed_pairs`): only the receivers of the
    pairs changed since are counted again (one indexed statement); a gap in the record,
    too many changes, or a new day's window means one group-wide count."""

    def __init__(self, maxsize: int = 256, pairs_maxsize: int = 4096) -> None:
        self.maxsize = maxsize
        self.pairs_maxsize = pairs_maxsize
        self._items: OrderedDict[int, _Memo] = OrderedDict()
        self._pairs: OrderedDict[tuple[int, int], _Memo] = OrderedDict()
        self._lock = threading.Lock()
        self.patches = 0
        self.misses = 0

    def _recall(self, table: OrderedDict, key: Any) -> _Memo | None:
        with self._lock:
            found = table.get(key)
            if found is not None:
                table.move_to_end(key)
        return found

    def _keep(self, table: OrderedDict, key: Any, entry: _Memo, maxsize: int) -> None:
        """Store ``entry`` unless another thread meanwhile stored a newer version of the
        same group and window; drop the least recently used beyond ``maxsize``."""
        with self._lock:
            current = table.get(key)
            if current is None or current.created_at != entry.created_at \
                    or current.since != entry.since or current.version <= entry.version:
                table[key] = entry
                table.move_to_end(key)
            while len(table) > maxsize:
                table.popitem(last=False)

    def get(self, group_id: int, since: datetime, stamp: Stamp | None = None,
            changes: Changes | None = None) -> dict[int, int]:
        """``stamp``: the group's, when the caller read it (otherwise read here);
        ``changes``: the caller's, to share its queries with :meth:`pairs`."""
        created_at, version = stamp or aggregates.version_stamp(group_id)
        found = self._recall(self._items, group_id)
        same = found is not None and found.created_at == created_at and found.since == since
        if same and found.version == version:
            return found.counts
        counts = None
        if same and found.version < version:
            touched = (changes.since(found.version) if changes is not None
                       else changed_pairs(group_id, found.version, version))
            if touched is not None and len(touched) <= MAX_PATCHED_PAIRS:
                receivers = {receiver for _, receiver in touched}
                fresh = aggregates.received_counts(group_id, since, receivers)
                counts = {m: n for m, n in found.counts.items() if m not in receivers}
                counts.update(fresh)
                with self._lock:
                    self.patches += 1
        if counts is None:
            counts = aggregates.received_counts(group_id, since)
            with self._lock:
                self.misses += 1
        self._keep(self._items, group_id, _Memo(created_at, version, since, counts),
                   self.maxsize)
        return counts

    def pairs(self, group_id: int, member_id: int, start: datetime | None, stamp: Stamp,
              changes: Changes) -> PairCounts:
        """The member's own pairs since ``start`` (:func:`aggregates.my_pairs`, folded by
        :func:`pair_counts`; ``received_in_group`` left empty), as of ``stamp``, which
        the caller read before this. A newer version whose changed pairs all leave the
        member out changes nothing of theirs: kept, with no statement; otherwise (or on
        a gap in the record, too many changes, a new day's window) read again."""
        created_at, version = stamp
        key = (group_id, member_id)
        found = self._recall(self._pairs, key)
        same = found is not None and found.created_at == created_at and found.since == start
        if same and found.version == version:
            return found.counts
        counts = None
        if same and found.version < version:
            touched = changes.since(found.version)
            if touched is not None and len(touched) <= MAX_PATCHED_PAIRS \
                    and not any(member_id in pair for pair in touched):
                counts = found.counts
        if counts is None:
            counts = pair_counts(member_id, aggregates.my_pairs(group_id, member_id, start))
        self._keep(self._pairs, key, _Memo(created_at, version, start, counts),
                   self.pairs_maxsize)
        return counts

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._pairs.clear()
            self.patches = self.misses = 0


received_memo = _ReceivedMemo()


def received_lately(group_id: int, now: datetime, stamp: Stamp | None = None,
                    changes: Changes | None = None) -> dict[int, int]:
    """Referrals that count received per member over :data:`UNDER_SERVED_DAYS`, from
    midnight UTC (so the figure, and its memo, hold all day)."""
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return received_memo.get(group_id, midnight - timedelta(days=UNDER_SERVED_DAYS),
                             stamp, changes)


def client_texts(member_ids: list[int]) -> dict[int, aggregates.ClientTexts]:
    """Whom each member serves: what :func:`profile_similarity` compares."""
    return aggregates.ideal_client_texts(member_ids)


def profile_similarity(me: int, texts: Mapping[int, aggregates.ClientTexts]
                       ) -> dict[int, float]:
    """How much each other member serves the same people as ``me``, raw (the caller
    calibrates): the matcher's meaning model (``MATCHER_BACKEND``, by default
    all-MiniLM-L6-v2 on ONNX Runtime) on whom they serve, the closest pair of ideal
    clients (:func:`partner_net.domain.similarity.similarity_row`), so "owner-run
    bistros" and "independent restaurants" come out close. The phrases' vectors come
    from the encoder's memory or the site's vector store (``flask matcher-warm`` fills
    it). With ``MATCHER_BACKEND=keywords`` (no meaning model), the TF-IDF word overlap
    of the whole ideal-client texts."""
    encoder = matcher_encoder()
    if encoder is None:
        return tfidf_similarity(me, {m: t.text for m, t in texts.items()})
    return similarity_row(me, {m: t.whom for m, t in texts.items()}, encoder)


@dataclass(frozen=True)
class Slate:
    """This week's slate entries of one viewer, held back by ``record=False``."""

    group_id: int
    viewer_id: int
    week: date
    shown: list[int]
    already: frozenset[int]


@dataclass(frozen=True)
class Suggested:
    """A member's suggestions, and whether this week's slate was written (then the
    caller commits). With ``record=False`` nothing is written and ``slate`` holds what
    :func:`record_slate` would write."""

    rows: list[Suggestion]
    slate_written: bool = False
    slate: Slate | None = None


def record_slate(suggested: Suggested) -> bool:
    """Write the slate ``suggestions_for(record=False)`` held back; True when anything was
    written (the caller commits at once). The pages call it after rendering, right before
    their commit: on SQLite a write holds the database's only write lock until the commit,
    and written first it was held through the whole page (seconds on a worker's first
    dashboard, which loads the matcher's model), so other workers' writes waited out the
    busy timeout and failed with "database is locked" (found by bench/load.py)."""
    slate = suggested.slate
    if slate is None:
        return False
    return slates.record(slate.group_id, slate.viewer_id, slate.week, slate.shown,
                         slate.already)


@lru_cache(maxsize=1024)
def _similarity(people: aggregates.SuggestionPeople, member_id: int,
                encoder: object) -> dict[int, float]:
    """:func:`calibrated` :func:`profile_similarity` of the member in ``people`` (kept per
    process for the same rows, member and encoder: :func:`aggregates.suggestion_people`).
    Shared between requests: read only."""
    return calibrated(profile_similarity(member_id, people.texts))


def suggestions_for(member: Member, group: Group, now: datetime, limit: int | None = 5,
                    record: bool = True,
                    people: aggregates.SuggestionPeople | None = None,
                    marks: list[Mark] | None = None, stamp: Stamp | None = None
                    ) -> Suggested:
    """The member's partners in ``group``, best first, each with its sentence.

    Reads only the member's own pairs, what each member received lately (one row per
    member), the member's marks and one-to-ones, the group's members and ideal-client
    texts and the recent slates; never the whole network. The group's version is read
    first: the member's pairs and what members received are then kept per process for
    that version (:class:`_ReceivedMemo`), and what is derived from the members' texts
    for their exact content. With ``record``, the top 3 join this week's slate
    (:mod:`partner_net.network.slates`). ``people``: the group's
    (:func:`aggregates.suggestion_people`), ``marks``: the member's strategic partners,
    ``stamp``: the group's version, when the caller has them
    (:func:`aggregates.stamp_of`).
    """
    stamp = stamp or aggregates.version_stamp(group.id)
    if people is None:
        people = aggregates.suggestion_people(group.id)
    members = people.members
    # No pronouns are recorded: "them" reads better than repeating the name.
    me = member.id  # once: ``member`` is often Flask-Login's proxy
    candidates = [Person(m.id, m.name, "them") for m in members if m.id != me]
    if not candidates:
        return Suggested([])
    changes = Changes(group.id, stamp)
    start = aggregates.period_start(SUGGESTION_PERIOD, now, group.timezone)
    counts = received_memo.pairs(group.id, member.id, start, stamp, changes)
    counts = replace(counts, received_in_group=received_lately(group.id, now, stamp, changes))
    week = slates.week_of(group, now)
    shown: list[tuple[int, date, int]] = []
    met: list[tuple[int, int, date]] = []
    marked: list[int] = []
    for kind, one, other, day in db.session.execute(_own_rows(marks is None), {
            **slates.window_params(group.id, week), "member_id": member.id,
            "since": one_to_ones_since(now)}):
        if kind == SLATE_ROW:
            shown.append((one, day, other))
        elif kind == ONE_TO_ONE_ROW:
            met.append((one, other, day))
        else:
            marked.append(one)
    exposure, already = slates.from_rows(shown, member.id, week, len(members))
    data = SuggestionInput(
        me=member.id, candidates=candidates, now=now, counts=counts,
        strategic=frozenset(marked if marks is None else (m.partner_id for m in marks)),
        similarity=_similarity(people, member.id, matcher_encoder()),
        client_terms=people.terms,
        one_to_ones=onetoones.dates_from_rows(member.id, met), exposure=exposure,
    )
    rows = suggest(data, limit=max(limit, SLATE) if limit is not None else None)
    shown = [s.member_id for s in rows]
    if not record:
        return Suggested(rows[:limit], slate=Slate(group.id, member.id, week, shown, already))
    return Suggested(rows[:limit], slates.record(group.id, member.id, week, shown, already))


# --- strategic partners --------------------------------------------------------------


def mark_strategic(member: Member, partner: Member, group: Group) -> StrategicPartner:
    """Record that ``member`` refers ``partner`` first. The caller checks that the
    partner is an active member of ``group`` and commits."""
    if partner.id == member.id:
        raise NetworkError("You can't be your own strategic partner; choose another member.")
    existing = db.session.scalar(sa.select(StrategicPartner).filter_by(
        member_id=member.id, partner_id=partner.id))
    if existing is not None:
        raise NetworkError(f"{partner.name} is already one of your strategic partners.")
    mark = StrategicPartner(member=member, partner=partner, group=group)
    db.session.add(mark)
    return mark


def unmark_strategic(member: Member, partner_id: int) -> StrategicPartner | None:
    """Remove the mark; returns it (None when there was none)."""
    mark = db.session.scalar(sa.select(StrategicPartner).filter_by(
        member_id=member.id, partner_id=partner_id))
    if mark is not None:
        db.session.delete(mark)
    return mark
