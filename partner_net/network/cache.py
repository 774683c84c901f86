"""The group's network and figures, computed once per version of its referrals.

Correct with several worker processes: the key includes ``groups.referrals_version``,
read from the database on every request, and every change to a group's referrals
bumps that stamp in the same transaction (``referrals.service.bump_version``). A worker
whose cache holds an older version simply never finds it again; nothing has to be
told to forget anything, so a per-process LRU is enough. The group's creation time is
part of the key too, so a group deleted and made again with the same id and version 0
(``flask demo --reset``, a test database emptied between tests) is never mistaken for
the old one.

The version is read *before* the aggregates, so what is cached under version ``v`` is
at least as new as ``v``: a reader may cache data newer than its key, never older.

Updated by the delta: each bump also records the pairs (giver, receiver) it changed
(``network_changes``). A worker holding version ``v`` when the group is at ``w`` reads
the pairs changed in ``v+1 .. w`` (one indexed query), re-aggregates just those pairs,
and patches a copy of its graph and of its counts matrix: those edges and the two
members' balances change, nothing else is read. Re-reading a pair is idempotent, so data
newer than its key stays correct. A gap in the record (pruned after a day, or a version
written without pairs) means a full rebuild. One entry per group and period: a worker
never keeps superseded versions.

What the network page shows is made again by the delta too: a patched version carries
(:class:`Carried`) what the last version that showed them made - the one-sided list,
the matrix's clusters and rows, the drawings' pieces - and makes only what the change
moved: the figures come from the counts matrix in a few vectorised steps (PageRank one
linear solve), the matrix table writes the changed givers' rows, the drawings the
members whose numbers changed, and the arrows whose counts changed (an arrow whose
ends' circles grew keeps its arc and moves its two ends). What is carried is
the last shown version's pieces only, never an older network, so a worker still holds
one version per group and period (and the pieces shared with it).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from functools import cache, cached_property

import networkx as nx
import numpy as np
import sqlalchemy as sa
from markupsafe import Markup, escape

from partner_net.domain import counts as dense
from partner_net.domain import reciprocity
from partner_net.domain.counts import Counts, Made
from partner_net.domain.matrix import Matrix, matrix, reorder
from partner_net.domain.reciprocity import GroupFigures, MemberBalance
from partner_net.extensions import db
from partner_net.models import NetworkChange
from partner_net.network import aggregates, matrix_table, svg
from partner_net.network.aggregates import GroupMember

#: More changed pairs than this since the cached version: rebuild instead of patching.
MAX_PATCHED_PAIRS = 200
#: The matrix keeps its clusters (and the organizer their rows' order) while the
#: referrals changed since it was clustered are at most this many, or this share of the
#: period's referrals, whichever is more; then it clusters the group afresh (~50 ms at
#: 80 members). A share, not only a number: in a busy group 50 changes came before every
#: other look at the matrix, and clusters drawn from 5,000 referrals do not move with 50.
RECLUSTER_AFTER = 50
RECLUSTER_SHARE = 0.05


@dataclass(frozen=True)
class Clustering:
    """The matrix, the version whose clusters order it, and the counts it shows."""

    clustered_at: int
    matrix: Matrix
    counts: Counts
    #: The counts it was clustered on (how far the network has moved since).
    clustered: Counts


@dataclass(frozen=True)
class Table:
    """The matrix table in pieces, its rows (:func:`matrix_table.table_pieces`'
    ``parts``) and the counts they show."""

    pieces: list[Markup]
    parts: dict
    counts: Counts


@dataclass(frozen=True)
class Carried:
    """What the latest version that showed them made, for a later one to build on."""

    figures: Made | None = None
    clustering: Clustering | None = None
    table: Table | None = None
    picture: dict | None = None
    bars: dict | None = None


@dataclass(frozen=True)
class GroupNetwork:
    """Everything the network pages show of one group over one period.

    The figures and the two drawings are made the first time a page shows them (most
    readers of the network - my reciprocity, the dashboard - never do), then kept.
    """

    group_id: int
    version: int
    period: str
    start: datetime | None
    members: list[GroupMember]  # active members, by name
    people: dict[int, GroupMember]  # every node: active members and past ones
    graph: nx.DiGraph
    balances: dict[int, MemberBalance]
    counts: Counts  # the graph's counts as a matrix
    created_at: datetime | None = field(default=None, compare=False)
    #: What the versions before it made for the page (:func:`patch`).
    carried: Carried = field(default_factory=Carried, compare=False)
    #: What my reciprocity made of this version for each member who looked, keyed by
    #: (member id, ...): made from the member's own edges and their partners' names
    #: only, so a patch carries the entries of the members its pairs leave out.
    own: dict = field(default_factory=dict, compare=False)

    def name(self, member_id: int) -> str:
        person = self.people.get(member_id)
        return person.name if person else "A former member"

    def _nodes(self) -> list[svg.Node]:
        active = {m.id for m in self.members}
        ordered = self.members + sorted(
            (p for i, p in self.people.items() if i not in active and i in self.graph),
            key=lambda m: (m.name.casefold(), m.id))
        return [svg.Node(m.id, m.name, self.balances[m.id].given, self.balances[m.id].received)
                for m in ordered if m.id in self.balances]

    @cached_property
    def _figures(self) -> tuple[GroupFigures, Made]:
        total_value = sum((b.value_given for b in self.balances.values()), Decimal(0))
        return dense.figures(self.counts, total_value, start=self.carried.figures)

    @property
    def figures(self) -> GroupFigures:
        """The group's figures (PageRank and all): only the network page shows them."""
        return self._figures[0]

    @cached_property
    def nodes(self) -> list[svg.Node]:
        return self._nodes()

    @cached_property
    def top_edges(self) -> list[tuple[int, int, int]]:
        """The arrows the picture draws: the :data:`svg.MAX_EDGES` strongest, strongest
        first (ties by giver then receiver id), between members it draws."""
        drawn = {n.id for n in self.nodes}
        top = self.counts.top_edges(svg.MAX_EDGES)
        if not drawn.issuperset(self.counts.ids):  # someone not drawn (never, normally)
            top = sorted((t for t in self.counts.triples() if t[0] in drawn and t[1] in drawn),
                         key=lambda t: (-t[2], t[0], t[1]))[:svg.MAX_EDGES]
        return top  # (giver, receiver, count): what svg.Edge holds

    @cached_property
    def _options(self) -> Markup:
        """The "centre on a member" options, nobody selected: written once per version (as
        a template loop, 80 members cost the page ~0.3 ms on every view)."""
        return Markup("".join(f'<option value="{m.id}">{escape(m.name)}</option>'
                              for m in self.members))

    def focus_options(self, focus: int | None) -> Markup:
        """:attr:`_options` with ``focus``'s option selected (names are escaped, so the
        tag is found only where it opens that option)."""
        if focus is None:
            return self._options
        return Markup(str(self._options).replace(f'<option value="{focus}">',
                                                 f'<option value="{focus}" selected>', 1))

    @cached_property
    def _picture(self) -> tuple[Markup, dict]:
        label = aggregates.PERIODS[self.period].lower()
        parts: dict = {}
        drawing = svg.network_svg(self.nodes, self.top_edges,
                                  f"The group's referral network, {label}",
                                  link=f"?period={self.period}&focus={{id}}#picture",
                                  parts=parts, earlier=self.carried.picture, ranked=True)
        return drawing, parts

    @property
    def network_svg(self) -> Markup:
        """The picture; a click on a member centres it on them (a plain link)."""
        return self._picture[0]

    @cached_property
    def clustering(self) -> Clustering:
        """The matrix and the version whose clusters order it."""
        members = [n.id for n in self.nodes]
        earlier = self.carried.clustering
        if earlier is not None and not self._moved_since(earlier):
            found = reorder(earlier.matrix, self.graph, members,
                            counts=self._counted_since(earlier),
                            quiet=self.counts.quiet(members))
            if found is not None:
                return Clustering(earlier.clustered_at, found, self.counts, earlier.clustered)
        return Clustering(self.version, matrix(self.graph, members), self.counts, self.counts)

    def _moved_since(self, earlier: Clustering) -> bool:
        """Too many referrals changed since ``earlier`` was clustered to keep its clusters
        (:data:`RECLUSTER_AFTER`, :data:`RECLUSTER_SHARE`)."""
        if self.version - earlier.clustered_at <= RECLUSTER_AFTER:
            return False
        if earlier.clustered.ids != self.counts.ids:
            return True
        moved = int(np.abs(self.counts.weights - earlier.clustered.weights).sum())
        return moved > max(RECLUSTER_AFTER, RECLUSTER_SHARE * int(self.counts.weights.sum()))

    def _counted_since(self, earlier: Clustering) -> tuple[dict, int] | None:
        """The matrix's counts, from ``earlier``'s and the cells changed since."""
        changed = self.counts.changed_since(earlier.counts)
        if changed is None:
            return None
        counts = dict(earlier.matrix.counts)
        for giver, receiver in changed:
            n = self.counts.count(giver, receiver)
            if n:
                counts[giver, receiver] = n
            else:
                counts.pop((giver, receiver), None)
        return counts, int(self.counts.weights.max(initial=0))

    @property
    def matrix(self) -> Matrix:
        """The give/receive matrix, members in clusters (organizers' view). Clustering
        costs most of a rebuild after a change, so a patched version keeps its
        predecessor's clusters while they fit (:func:`partner_net.domain.matrix.reorder`)."""
        return self.clustering.matrix

    @cached_property
    def _table(self) -> Table:
        given = {m: b.given for m, b in self.balances.items()}
        earlier, changed, cells = self.carried.table, None, None
        if earlier is not None:
            cells = self.counts.changed_since(earlier.counts)
            changed = None if cells is None else {giver for giver, _ in cells}
        parts: dict = {}
        pieces = matrix_table.table_pieces(
            self.matrix, self.name, given, aggregates.PERIODS[self.period].lower(),
            parts=parts, earlier=earlier.parts if changed is not None else None,
            changed=changed or (), cells=cells or ())
        return Table(pieces, parts, self.counts)

    @property
    def matrix_pieces(self) -> list[Markup]:
        """The matrix as an HTML table, in pieces for the page to write one after the
        other (:func:`matrix_table.table_pieces`), made the first time a page shows it."""
        return self._table.pieces

    @property
    def matrix_table(self) -> Markup:
        """The matrix table in one piece."""
        return Markup("".join(self.matrix_pieces))

    @cached_property
    def _bars(self) -> tuple[Markup, dict]:
        label = aggregates.PERIODS[self.period].lower()
        parts: dict = {}
        drawing = svg.bars_svg(self.nodes, f"Referrals given and received per member, {label}",
                               parts=parts, earlier=self.carried.bars)
        return drawing, parts

    @property
    def bars_svg(self) -> Markup:
        return self._bars[0]

    def carry(self) -> Carried:
        """What this version made for the page, else what it carried: for the next."""
        made = self.__dict__
        return Carried(
            figures=made["_figures"][1] if "_figures" in made else self.carried.figures,
            clustering=made.get("clustering", self.carried.clustering),
            table=made.get("_table", self.carried.table),
            picture=made["_picture"][1] if "_picture" in made else self.carried.picture,
            bars=made["_bars"][1] if "_bars" in made else self.carried.bars,
        )


def build(group_id: int, period: str, start: datetime | None, version: int,
          pairs: list[reciprocity.PairAggregate] | None = None,
          created_at: datetime | None = None) -> GroupNetwork:
    """Aggregate in SQL (unless ``pairs`` are given), then build the graph and figures."""
    members = aggregates.active_members(group_id)
    if pairs is None:
        pairs = aggregates.pair_aggregates(group_id, start)
    graph = reciprocity.build_graph([m.id for m in members], pairs)
    people = {m.id: m for m in members}
    missing = set(graph.nodes) - people.keys()
    people.update(aggregates.members_by_id(missing))
    return GroupNetwork(
        group_id=group_id, version=version, period=period, start=start,
        members=members, people=people, graph=graph,
        balances=reciprocity.balances(graph), counts=Counts.of_graph(graph),
        created_at=created_at,
    )


def changed_pairs(group_id: int, after: int, upto: int) -> set[tuple[int, int]] | None:
    """The pairs changed by versions ``after+1 .. upto``; None when some version left no
    record (pruned, or written by something that does not record its pairs)."""
    rows = db.session.execute(_changes_query(),
                              {"group_id": group_id, "after": after, "upto": upto})
    versions: set[int] = set()
    pairs: set[tuple[int, int]] = set()
    for version, giver, receiver in rows:
        versions.add(version)
        pairs.add((giver, receiver))
    if len(versions) != upto - after:
        return None
    return pairs


@cache
def _changes_query() -> sa.Select:
    """:func:`changed_pairs`' statement, made once (building it cost more than running
    it, on every page right after a change)."""
    return sa.select(NetworkChange.version, NetworkChange.giver_id, NetworkChange.receiver_id
                     ).where(NetworkChange.group_id == sa.bindparam("group_id"),
                             NetworkChange.version > sa.bindparam("after"),
                             NetworkChange.version <= sa.bindparam("upto"))


def copy_graph(graph: nx.DiGraph, only: Iterable[tuple[int, int]] | None = None
               ) -> nx.DiGraph:
    """``graph`` with its own node and adjacency dicts, made straight from the adjacency:
    ``graph.copy()`` adds the edges one by one through ``add_edges_from`` and copies
    every edge's data, most of the time a patch took at 80 members (3,000 edges).

    The edges' data dicts are shared with ``graph``: nothing changes an edge's data once
    its graph is built (:func:`patch` removes a changed edge and adds it again).
    Successors and predecessors share each edge's dict, as networkx's own do.

    With ``only`` (pairs), just the successors of those pairs' givers and the
    predecessors of their receivers are copied, every other node's adjacency is shared:
    the copy may then add or remove those pairs' edges (and new nodes), nothing else."""
    new = graph.__class__()
    new.graph.update(graph.graph)
    new._node.update((n, data.copy()) for n, data in graph._node.items())
    if only is None:
        new._succ.update((u, dict(nbrs)) for u, nbrs in graph._succ.items())  # _adj too
        new._pred.update((v, dict(nbrs)) for v, nbrs in graph._pred.items())
        return new
    new._succ.update(graph._succ)
    new._pred.update(graph._pred)
    for giver, receiver in only:
        if giver in graph._succ and new._succ[giver] is graph._succ[giver]:
            new._succ[giver] = dict(graph._succ[giver])
        if receiver in graph._pred and new._pred[receiver] is graph._pred[receiver]:
            new._pred[receiver] = dict(graph._pred[receiver])
    return new


def patch(old: GroupNetwork, version: int, touched: set[tuple[int, int]]) -> GroupNetwork:
    """``old`` with the ``touched`` pairs read again from the database: their edges (and
    the two members' balances) change by the delta, the rest is reused as it is."""
    fresh = {(p.giver, p.receiver): p
             for p in aggregates.pair_aggregates_of(old.group_id, old.start, touched)}
    graph = copy_graph(old.graph, only=touched)
    for giver, receiver in touched:
        if graph.has_edge(giver, receiver):
            graph.remove_edge(giver, receiver)
    new_nodes = set()
    changed = dict.fromkeys(touched, 0)
    for (giver, receiver), pair in fresh.items():
        if pair.count < 1 or giver == receiver:
            continue
        new_nodes.update(n for n in (giver, receiver) if n not in graph)
        graph.add_edge(giver, receiver, weight=pair.count, value=pair.value,
                       last_at=pair.last_at)
        changed[giver, receiver] = pair.count
    people = old.people
    if new_nodes - people.keys():
        people = {**people, **aggregates.members_by_id(new_nodes - people.keys())}
    moved = {member for pair in touched for member in pair}
    return replace(old, version=version, graph=graph, people=people,
                   balances=moved_balances(old, graph, touched),
                   counts=old.counts.with_counts(changed), carried=old.carry(),
                   own={key: made for key, made in list(old.own.items())
                        if key[0] not in moved})


def moved_balances(old: GroupNetwork, graph: nx.DiGraph, touched: set[tuple[int, int]]
                   ) -> dict[int, MemberBalance]:
    """``old``'s balances moved by what changed on the ``touched`` edges (old graph to
    ``graph``): each touched member's balance once, from the edges' differences (read
    again from their edges, a patch of 50 pairs between 30 busy members cost ~1.5 ms)."""
    moves: dict[int, reciprocity.BalanceMove] = {}
    for giver, receiver in touched:
        before = old.graph.succ[giver].get(receiver) if giver in old.graph else None
        after = graph.succ[giver].get(receiver) if giver in graph else None
        if before is None and after is None:
            continue
        move = reciprocity.edge_move(before, after)
        moves[giver] = moves.get(giver, reciprocity.NO_MOVE).add(move)
        moves[receiver] = moves.get(receiver, reciprocity.NO_MOVE).add(move.reversed())
    balances = dict(old.balances)
    for member, move in moves.items():
        balances[member] = reciprocity.moved(balances.get(member), member, move)
    return balances


class NetworkCache:
    """A small per-process LRU of :class:`GroupNetwork`: one entry per group and period,
    holding only its latest version (an older one is patched forward, not kept)."""

    def __init__(self, maxsize: int = 64) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[tuple, GroupNetwork] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        self.patches = 0

    def get(self, group_id: int, period: str, now: datetime,
            timezone: str | None = None,
            stamp: tuple[datetime | None, int] | None = None) -> GroupNetwork:
        """The group's network; ``timezone``: the group's, when the caller has it (else
        it is read); ``stamp``: the group's creation time and version, when the caller
        read them before (:func:`aggregates.stamp_of`; else they are read here)."""
        period = aggregates.normalise_period(period)
        start = aggregates.period_start(period, now,
                                        timezone or aggregates.group_timezone(group_id))
        created_at, version = stamp or aggregates.version_stamp(group_id)
        key = (group_id, period)
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
        same_group = (found is not None and found.created_at == created_at
                      and found.start == start)
        if same_group and found.version == version:
            with self._lock:
                self.hits += 1
            return found
        network = None
        if same_group and found.version < version:
            touched = changed_pairs(group_id, found.version, version)
            if touched is not None and len(touched) <= MAX_PATCHED_PAIRS:
                network = patch(found, version, touched)
                with self._lock:
                    self.patches += 1
        if network is None:
            network = build(group_id, period, start, version, created_at=created_at)
            with self._lock:
                self.misses += 1
        with self._lock:
            current = self._items.get(key)
            if current is None or current.created_at != created_at \
                    or current.version <= network.version:
                self._items[key] = network
                self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)
        return network

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.hits = self.misses = self.patches = 0


#: The process's cache (each gunicorn worker has its own; see the module docstring).
cache = NetworkCache()
