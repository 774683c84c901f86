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
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

import networkx as nx
from markupsafe import Markup

from partner_net.domain import reciprocity
from partner_net.domain.reciprocity import GroupFigures, MemberBalance, PairAggregate
from partner_net.network import aggregates, svg
from partner_net.network.aggregates import GroupMember


@dataclass(frozen=True)
class GroupNetwork:
    """Everything the network pages show of one group over one period."""

    group_id: int
    version: int
    period: str
    start: datetime | None
    members: list[GroupMember]  # active members, by name
    people: dict[int, GroupMember]  # every node: active members and past ones
    pairs: list[PairAggregate]
    graph: nx.DiGraph
    balances: dict[int, MemberBalance]
    figures: GroupFigures
    network_svg: Markup
    bars_svg: Markup

    def name(self, member_id: int) -> str:
        person = self.people.get(member_id)
        return person.name if person else "A former member"


def build(group_id: int, period: str, start: datetime | None, version: int,
          pairs: list[PairAggregate] | None = None) -> GroupNetwork:
    """Aggregate in SQL (unless ``pairs`` are given), then build the graph, the figures
    and both drawings."""
    members = aggregates.active_members(group_id)
    if pairs is None:
        pairs = aggregates.pair_aggregates(group_id, start)
    graph = reciprocity.build_graph([m.id for m in members], pairs)
    people = {m.id: m for m in members}
    missing = set(graph.nodes) - people.keys()
    people.update(aggregates.members_by_id(missing))
    balances = reciprocity.balances(graph)
    ordered = members + sorted((people[i] for i in missing if i in people),
                               key=lambda m: (m.name.casefold(), m.id))
    nodes = [svg.Node(m.id, m.name, balances[m.id].given, balances[m.id].received)
             for m in ordered]
    edges = [svg.Edge(i, j, w) for i, j, w in graph.edges(data="weight")]
    label = aggregates.PERIODS[period].lower()
    return GroupNetwork(
        group_id=group_id, version=version, period=period, start=start,
        members=members, people=people, pairs=pairs, graph=graph, balances=balances,
        figures=reciprocity.group_figures(graph),
        network_svg=svg.network_svg(nodes, edges, f"The group's referral network, {label}"),
        bars_svg=svg.bars_svg(nodes, f"Referrals given and received per member, {label}"),
    )


class NetworkCache:
    """A small per-process LRU of :class:`GroupNetwork`, keyed by version and period."""

    def __init__(self, maxsize: int = 64) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[tuple, GroupNetwork] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, group_id: int, period: str, now: datetime) -> GroupNetwork:
        period = aggregates.normalise_period(period)
        start = aggregates.period_start(period, now, aggregates.group_timezone(group_id))
        stamp = aggregates.version_stamp(group_id)
        key = (group_id, *stamp, period, start)
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                self.hits += 1
                return found
        network = build(group_id, period, start, stamp[1])
        with self._lock:
            self.misses += 1
            self._items[key] = network
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)
        return network

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.hits = self.misses = 0


#: The process's cache (each gunicorn worker has its own; see the module docstring).
cache = NetworkCache()
