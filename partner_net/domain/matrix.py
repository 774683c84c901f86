"""The give/receive matrix: members ordered so that those who refer each other sit
together (dense groups read better as a matrix than as a node-link picture: Ghoniem,
Fekete and Castagliola 2005).

Pure: networkx and plain data, no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx


@dataclass(frozen=True, slots=True)
class Matrix:
    #: Member ids in row (and column) order.
    order: list[int]
    #: The cluster number (1, 2, …) of each member; 0 for members with no referrals.
    cluster: dict[int, int]
    #: (giver, receiver) -> referrals.
    counts: dict[tuple[int, int], int]
    top: int

    def count(self, giver: int, receiver: int) -> int:
        return self.counts.get((giver, receiver), 0)

    def starts_cluster(self, index: int) -> bool:
        """Does row ``index`` open a new cluster (a line is drawn above it)?"""
        return index > 0 and self.cluster[self.order[index]] != self.cluster[self.order[index - 1]]


def clusters(graph: nx.DiGraph, members: Sequence[int]) -> list[list[int]]:
    """Members in clusters of who refers whom, biggest cluster first.

    Greedy modularity communities of the undirected graph weighted by referrals both
    ways (networkx); within a cluster the busiest member first; members with no
    referrals at all form the last group. Ties by id: the order is stable.
    """
    busy = dict.fromkeys(members, 0)
    undirected = nx.Graph()
    for giver, receiver, weight in graph.edges(data="weight"):
        if giver == receiver:
            continue
        busy[giver] = busy.get(giver, 0) + weight
        busy[receiver] = busy.get(receiver, 0) + weight
        previous = undirected.get_edge_data(giver, receiver, {"weight": 0})["weight"]
        undirected.add_edge(giver, receiver, weight=previous + weight)
    found: list[list[int]] = []
    if undirected.number_of_edges():
        communities = nx.community.greedy_modularity_communities(undirected, weight="weight")
        found = [sorted(c, key=lambda m: (-busy[m], m)) for c in communities]
        found.sort(key=lambda c: (-len(c), -sum(busy[m] for m in c), c[0]))
    quiet = sorted(m for m in busy if busy[m] == 0 and m not in undirected)
    return found + ([quiet] if quiet else [])


def quiet_members(graph: nx.DiGraph, members: Sequence[int]) -> set[int]:
    """Members who neither gave nor received a referral to or from someone else."""
    return {m for m in members
            if m not in graph or all(n == m for n in nx.all_neighbors(graph, m))}


def reorder(earlier: Matrix, graph: nx.DiGraph, members: Sequence[int],
            counts: tuple[dict[tuple[int, int], int], int] | None = None,
            quiet: set[int] | None = None) -> Matrix | None:
    """The matrix of ``graph`` in the clusters of an ``earlier`` version, when they still
    fit: the same members, and nobody moved between referring and quiet (the quiet are
    the last, unnumbered group). Clustering is most of a matrix's cost, and keeping the
    order while a few referrals change keeps the rows where the organizer saw them.
    None when they do not fit. ``counts``: :func:`counted` of ``graph``, ``quiet``:
    :func:`quiet_members`, when the caller has them (brought forward by the delta)."""
    if sorted(earlier.order) != sorted(members):
        return None
    if quiet is None:
        quiet = quiet_members(graph, members)
    if {m for m, number in earlier.cluster.items() if number == 0} != quiet:
        return None
    return Matrix(earlier.order, earlier.cluster, *(counts or counted(graph)))


def counted(graph: nx.DiGraph) -> tuple[dict[tuple[int, int], int], int]:
    """(giver, receiver) -> referrals, and the largest count."""
    counts = {(i, j): w for i, j, w in graph.edges(data="weight") if i != j}
    return counts, max(counts.values(), default=0)


def matrix(graph: nx.DiGraph, members: Sequence[int]) -> Matrix:
    groups = clusters(graph, members)
    order = [m for group in groups for m in group]
    cluster = {}
    for number, group in enumerate(groups, start=1):
        quiet = group is groups[-1] and all(graph.degree(m) == 0 for m in group
                                            if m in graph)
        for m in group:
            cluster[m] = 0 if quiet else number
    return Matrix(order, cluster, *counted(graph))
