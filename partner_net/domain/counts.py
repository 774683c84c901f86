"""The group's referral counts as a dense matrix, and the figures read from it.

Right after a change the network page must cost little more than a cached one, and the
figures read off a networkx graph walk its ~3,000 edges in Python several times (about
7 ms at 80 members, PageRank included). On an ``n x n`` array of counts (80 x 80 = 6,400
cells) each figure is one vectorised step, PageRank a few matrix-vector products, and a
new version is the previous array with the changed cells set: nothing walks the edges.

:func:`figures` gives exactly what :func:`partner_net.domain.reciprocity.group_figures`
gives on the same graph (the tests check it on random graphs), with PageRank computed
here (:func:`pagerank`: the fixed point networkx's power iteration approaches, solved
for directly).

Pure: numpy and plain data, no Flask, no database.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

import networkx as nx
import numpy as np

from partner_net.domain.reciprocity import ONE_SIDED_MIN, GroupFigures, OneSided, gini

#: PageRank's damping (networkx's default).
ALPHA = 0.85
#: Ranks are reported rounded to this many digits (and sorted on them, ties by id).
RANK_DIGITS = 9


@dataclass(frozen=True, eq=False)
class Counts:
    """``weights[i, j]``: the referrals ``ids[i]`` gave ``ids[j]``; ``ids`` ascending.

    Never changed once made (the array is read-only): a new version is a new object
    (:meth:`with_counts`), so versions can share one, and compare cheaply
    (:meth:`changed_since`)."""

    ids: tuple[int, ...]
    index: Mapping[int, int]
    weights: np.ndarray

    @classmethod
    def of(cls, ids: Iterable[int], edges: Iterable[tuple[int, int, int]]) -> Counts:
        """From the members and (giver, receiver, count) triples; self-referrals and
        counts below 1 are left out, as in the graph."""
        edges = [(g, r, n) for g, r, n in edges if g != r and n >= 1]
        ordered = tuple(sorted(set(ids) | {m for g, r, _ in edges for m in (g, r)}))
        index = {m: i for i, m in enumerate(ordered)}
        weights = np.zeros((len(ordered), len(ordered)), dtype=np.int64)
        if edges:
            rows = [index[g] for g, _, _ in edges]
            columns = [index[r] for _, r, _ in edges]
            weights[rows, columns] = [n for _, _, n in edges]
        weights.flags.writeable = False
        return cls(ordered, index, weights)

    @classmethod
    def of_graph(cls, graph: nx.DiGraph) -> Counts:
        return cls.of(graph.nodes, graph.edges(data="weight"))

    def count(self, giver: int, receiver: int) -> int:
        i, j = self.index.get(giver), self.index.get(receiver)
        return 0 if i is None or j is None else int(self.weights[i, j])

    def triples(self) -> list[tuple[int, int, int]]:
        """Every (giver, receiver, count) with a count, by giver then receiver."""
        rows, columns = np.nonzero(self.weights)
        ids = self.ids
        return [(ids[i], ids[j], n) for i, j, n in
                zip(rows.tolist(), columns.tolist(), self.weights[rows, columns].tolist(),
                    strict=True)]

    def with_counts(self, changed: Mapping[tuple[int, int], int]) -> Counts:
        """These counts with ``changed`` (giver, receiver) -> count set (0: none)."""
        changed = {pair: n for pair, n in changed.items() if pair[0] != pair[1]}
        new = {m for pair, n in changed.items() if n for m in pair} - self.index.keys()
        if new:  # a member not drawn before: lay the matrix out again
            kept = [t for t in self.triples() if (t[0], t[1]) not in changed]
            return Counts.of(self.ids, kept + [(g, r, n) for (g, r), n in changed.items()])
        weights = self.weights.copy()
        for (giver, receiver), n in changed.items():
            i, j = self.index.get(giver), self.index.get(receiver)
            if i is not None and j is not None:
                weights[i, j] = n
        weights.flags.writeable = False
        return Counts(self.ids, self.index, weights)

    def changed_since(self, earlier: Counts) -> list[tuple[int, int]] | None:
        """The (giver, receiver) cells that differ from ``earlier``'s; None when the two
        do not have the same members."""
        if earlier.ids != self.ids:
            return None
        rows, columns = np.nonzero(self.weights != earlier.weights)
        ids = self.ids
        return [(ids[i], ids[j]) for i, j in zip(rows.tolist(), columns.tolist(), strict=True)]

    def quiet(self, members: Iterable[int]) -> set[int]:
        """The ``members`` who neither gave nor received a referral (as
        :func:`partner_net.domain.matrix.quiet_members`, from the counts)."""
        active = self.weights.any(axis=0) | self.weights.any(axis=1)
        busy = {self.ids[i] for i in np.nonzero(active)[0].tolist()}
        return {m for m in members if m not in busy}

    def top_edges(self, limit: int) -> list[tuple[int, int, int]]:
        """The ``limit`` largest (giver, receiver, count), largest first, ties by giver
        then receiver id (the order :func:`partner_net.network.svg.network_svg` draws)."""
        rows, columns = np.nonzero(self.weights)
        found = self.weights[rows, columns]
        if 0 < limit < len(found):  # only those at least as large as the limit-th: sorted
            # below, they give the same first ``limit`` (ties included, kept in order)
            kept = np.nonzero(found >= np.partition(found, len(found) - limit)[-limit])[0]
            rows, columns, found = rows[kept], columns[kept], found[kept]
        first = np.argsort(-found, kind="stable")[:limit]  # stable: ids ascending
        ids = self._id_array
        return list(zip(ids[rows[first]].tolist(), ids[columns[first]].tolist(),
                        found[first].tolist(), strict=True))

    @cached_property
    def _id_array(self) -> np.ndarray:
        return np.array(self.ids, dtype=np.int64)


@dataclass(frozen=True, eq=False)
class Ranks:
    """A PageRank vector and the members it ranks."""

    ids: tuple[int, ...]
    vector: np.ndarray


def pagerank(weights: np.ndarray, alpha: float = ALPHA) -> np.ndarray:
    """PageRank of the weighted directed graph ``weights`` as networkx defines it (rows
    normalised, dangling members' rank spread evenly, uniform teleport): the fixed point
    networkx's power iteration approaches, solved for directly. ``x = alpha x S +
    (1 - alpha) / n`` with ``S`` the row-normalised matrix (a dangling row uniform) is
    the linear system ``(I - alpha S)^T x = (1 - alpha) / n``: one solve of an ``n x n``
    system, a fifth of a millisecond at 80 members, where the power iteration took ~17
    steps of several array operations even when warm-started from the previous version.
    The same counts always give the same vector, so a version patched by the delta and
    one built afresh rank alike."""
    n = len(weights)
    if n == 0:
        return np.zeros(0)
    matrix = weights.astype(float)
    out = matrix.sum(axis=1)
    dangling = out == 0
    np.divide(matrix, out[:, None], out=matrix, where=~dangling[:, None])
    matrix[dangling] = 1.0 / n
    system = np.eye(n)
    system -= alpha * matrix.T
    return np.linalg.solve(system, np.full(n, (1 - alpha) / n))


def top_connectors(counts: Counts, top: int = 5) -> tuple[list[tuple[int, float]], Ranks | None]:
    """The members with the highest PageRank, best first (those with at least one
    referral given or received; ranks rounded to :data:`RANK_DIGITS`, ties by id), and
    the vector."""
    present = counts.weights > 0
    if not present.any():
        return [], None
    vector = pagerank(counts.weights)
    active = np.nonzero(present.any(axis=0) | present.any(axis=1))[0].tolist()
    ranked = [(counts.ids[i], round(float(vector[i]), RANK_DIGITS)) for i in active]
    ranked.sort(key=lambda item: (-item[1], item[0]))
    return ranked[:top], Ranks(counts.ids, vector)


@dataclass(frozen=True, eq=False)
class Made:
    """What :func:`figures` made that the next version's figures start from: the
    one-sided relationships (brought forward by the pairs that changed: making the list
    afresh was most of the figures' cost); and the PageRank vector."""

    ranks: Ranks | None
    ids: tuple[int, ...]
    one_way: np.ndarray  # the counts of the one-sided pairs, 0 elsewhere
    one_sided: list[OneSided]


def figures(counts: Counts, total_value: Decimal, top: int = 5, start: Made | None = None
            ) -> tuple[GroupFigures, Made]:
    """The group's figures (:class:`GroupFigures`), ``total_value`` being the closed
    value over every pair, and what the next version's can start from (``start``)."""
    weights, ids = counts.weights, counts.ids
    present = weights > 0
    relationships = int(np.count_nonzero(present))
    total = int(weights.sum())
    received = weights.sum(axis=0)
    one_way = np.where((weights >= ONE_SIDED_MIN) & ~present.T, weights, 0)
    if start is not None and start.ids == ids:
        sided = _one_sided_since(start, one_way)
    else:
        sided = _one_sided(ids, one_way)
    connectors, ranks = top_connectors(counts, top)
    return GroupFigures(
        members=len(ids),
        total_referrals=total,
        total_value=total_value,
        relationships=relationships,
        overall_reciprocity=(int(np.count_nonzero(present & present.T)) / relationships
                             if relationships else 0.0),
        weighted_reciprocity=(int(np.minimum(weights, weights.T).sum()) / total
                              if total else 0.0),
        gini_received=gini(received.tolist()),
        one_sided=sided,
        never_referred=[ids[i] for i in np.nonzero(received == 0)[0].tolist()],
        top_connectors=connectors,
    ), Made(ranks, ids, one_way, sided)


def _one_sided_since(start: Made, one_way: np.ndarray) -> list[OneSided]:
    """:func:`_one_sided` from ``start``'s list: the same list while no one-sided pair
    changed, else that list with the changed pairs taken out and put back in order."""
    rows, columns = np.nonzero(one_way != start.one_way)
    if not len(rows):
        return start.one_sided
    ids = start.ids
    cells = [(ids[i], ids[j], n) for i, j, n in
             zip(rows.tolist(), columns.tolist(), one_way[rows, columns].tolist(), strict=True)]
    out = {(g, r) for g, r, _ in cells}
    sided = [s for s in start.one_sided if (s.giver, s.receiver) not in out]
    for giver, receiver, n in cells:
        if n:
            insort(sided, OneSided(giver, receiver, n), key=_one_sided_order)
    return sided


def _one_sided_order(row: OneSided) -> tuple[int, int, int]:
    return -row.count, row.giver, row.receiver


def _one_sided(ids: tuple[int, ...], one_way: np.ndarray) -> list[OneSided]:
    """Largest count first, then by giver and receiver id (index order is id order)."""
    givers, receivers = np.nonzero(one_way)
    sizes = one_way[givers, receivers]
    order = np.lexsort((receivers, givers, -sizes))
    return [OneSided(ids[g], ids[r], n) for g, r, n in
            zip(givers[order].tolist(), receivers[order].tolist(), sizes[order].tolist(),
                strict=True)]
