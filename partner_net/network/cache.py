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
and patches a copy of its graph: those edges and the two members' balances change, the
figures are recomputed from the graph, nothing else is read. Re-reading a pair is
idempotent, so data newer than its key stays correct. A gap in the record (pruned after
a day, or a version written without pairs) means a full rebuild. One entry per group
and period: a worker never keeps superseded versions.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property

import networkx as nx
import sqlalchemy as sa
from markupsafe import Markup

from partner_net.domain import reciprocity
from partner_net.domain.matrix import Matrix, matrix, reorder
from partner_net.domain.reciprocity import GroupFigures, MemberBalance, PairAggregate
from partner_net.extensions import db
from partner_net.models import NetworkChange
from partner_net.network import aggregates, matrix_table, svg
from partner_net.network.aggregates import GroupMember

#: More changed pairs than this since the cached version: rebuild instead of patching.
MAX_PATCHED_PAIRS = 200
#: The matrix keeps its clusters (and the organizer their rows' order) for up to this
#: many changes of the network, then clusters the group afresh.
RECLUSTER_AFTER = 50


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
    pairs: list[PairAggregate]
    graph: nx.DiGraph
    balances: dict[int, MemberBalance]
    created_at: datetime | None = field(default=None, compare=False)
    #: (version clustered at, matrix) of an earlier version, carried by :func:`patch`.
    earlier_matrix: tuple[int, Matrix] | None = field(default=None, compare=False)

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
    def figures(self) -> GroupFigures:
        """The group's figures (PageRank and all): only the network page shows them."""
        return reciprocity.group_figures(self.graph)

    @cached_property
    def nodes(self) -> list[svg.Node]:
        return self._nodes()

    @cached_property
    def edges(self) -> list[svg.Edge]:
        return [svg.Edge(i, j, w) for i, j, w in self.graph.edges(data="weight")]

    @cached_property
    def network_svg(self) -> Markup:
        """The picture; a click on a member centres it on them (a plain link)."""
        label = aggregates.PERIODS[self.period].lower()
        return svg.network_svg(self.nodes, self.edges, f"The group's referral network, {label}",
                               link=f"?period={self.period}&focus={{id}}#picture")

    @cached_property
    def clustering(self) -> tuple[int, Matrix]:
        """The version whose clusters order the matrix, and the matrix."""
        members = [n.id for n in self.nodes]
        if self.earlier_matrix is not None:
            clustered_at, earlier = self.earlier_matrix
            if self.version - clustered_at <= RECLUSTER_AFTER:
                found = reorder(earlier, self.graph, members)
                if found is not None:
                    return clustered_at, found
        return self.version, matrix(self.graph, members)

    @property
    def matrix(self) -> Matrix:
        """The give/receive matrix, members in clusters (organizers' view). Clustering
        costs most of a rebuild after a change, so a patched version keeps its
        predecessor's clusters while they fit (:func:`partner_net.domain.matrix.reorder`)."""
        return self.clustering[1]

    @cached_property
    def matrix_table(self) -> Markup:
        """The matrix as an HTML table, written the first time a page shows it."""
        given = {m: b.given for m, b in self.balances.items()}
        return matrix_table.matrix_table(self.matrix, self.name, given,
                                         aggregates.PERIODS[self.period].lower())

    @cached_property
    def bars_svg(self) -> Markup:
        label = aggregates.PERIODS[self.period].lower()
        return svg.bars_svg(self.nodes,
                            f"Referrals given and received per member, {label}")


def build(group_id: int, period: str, start: datetime | None, version: int,
          pairs: list[PairAggregate] | None = None,
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
        members=members, people=people, pairs=pairs, graph=graph,
        balances=reciprocity.balances(graph), created_at=created_at,
    )


def changed_pairs(group_id: int, after: int, upto: int) -> set[tuple[int, int]] | None:
    """The pairs changed by versions ``after+1 .. upto``; None when some version left no
    record (pruned, or written by something that does not record its pairs)."""
    rows = db.session.execute(
        sa.select(NetworkChange.version, NetworkChange.giver_id, NetworkChange.receiver_id)
        .where(NetworkChange.group_id == group_id, NetworkChange.version > after,
               NetworkChange.version <= upto))
    versions: set[int] = set()
    pairs: set[tuple[int, int]] = set()
    for version, giver, receiver in rows:
        versions.add(version)
        pairs.add((giver, receiver))
    if len(versions) != upto - after:
        return None
    return pairs


def copy_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """``graph`` with its own node and adjacency dicts, made straight from the adjacency:
    ``graph.copy()`` adds the edges one by one through ``add_edges_from`` and copies
    every edge's data, most of the time a patch took at 80 members (3,000 edges).

    The edges' data dicts are shared with ``graph``: nothing changes an edge's data once
    its graph is built (:func:`patch` removes a changed edge and adds it again).
    Successors and predecessors share each edge's dict, as networkx's own do."""
    new = graph.__class__()
    new.graph.update(graph.graph)
    new._node.update((n, data.copy()) for n, data in graph._node.items())
    new._succ.update((u, dict(nbrs)) for u, nbrs in graph._succ.items())  # _adj: the same
    new._pred.update((v, dict(nbrs)) for v, nbrs in graph._pred.items())
    return new


def patch(old: GroupNetwork, version: int, touched: set[tuple[int, int]]) -> GroupNetwork:
    """``old`` with the ``touched`` pairs read again from the database: their edges (and
    the two members' balances) change by the delta, the rest is reused as it is."""
    fresh = {(p.giver, p.receiver): p
             for p in aggregates.pair_aggregates_of(old.group_id, old.start, touched)}
    pairs = [p for p in old.pairs if (p.giver, p.receiver) not in touched]
    pairs.extend(fresh.values())
    graph = copy_graph(old.graph)
    for giver, receiver in touched:
        if graph.has_edge(giver, receiver):
            graph.remove_edge(giver, receiver)
    new_nodes = set()
    for (giver, receiver), pair in fresh.items():
        if pair.count < 1 or giver == receiver:
            continue
        new_nodes.update(n for n in (giver, receiver) if n not in graph)
        graph.add_edge(giver, receiver, weight=pair.count, value=pair.value,
                       last_at=pair.last_at)
    people = old.people
    if new_nodes - people.keys():
        people = {**people, **aggregates.members_by_id(new_nodes - people.keys())}
    balances = dict(old.balances)
    for member in {m for pair in touched for m in pair} | new_nodes:
        if member in graph:
            balances[member] = reciprocity.member_balance(graph, member)
    carried = old.__dict__.get("clustering", old.earlier_matrix)
    return replace(old, version=version, pairs=pairs, graph=graph, people=people,
                   balances=balances, earlier_matrix=carried)


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

    def get(self, group_id: int, period: str, now: datetime) -> GroupNetwork:
        period = aggregates.normalise_period(period)
        start = aggregates.period_start(period, now, aggregates.group_timezone(group_id))
        created_at, version = aggregates.version_stamp(group_id)
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
