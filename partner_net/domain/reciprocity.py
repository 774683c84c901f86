"""The referral graph of a group and the reciprocity figures read from it.

Definitions follow DESIGN.md, "Reciprocity: exact definitions". The SQL layer feeds
this module per-pair aggregates (:class:`PairAggregate`) over one group and one
period, already filtered: referrals that are ``not_a_fit``, ``passed_on`` or withdrawn
are left out. Passing a referral on creates a new referral from the *original giver*
to the new receiver, so a chain A -> B (passed on) -> C arrives here as one A -> C
count: the original giver and the final receiver are each credited once.

The graph is a simple :class:`networkx.DiGraph` with one edge per ordered pair, never
a MultiDiGraph (``networkx.reciprocity`` miscounts parallel edges), and it is built
from counts rather than one object per referral so it stays small at any volume.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import networkx as nx

#: A pair is "balanced" when both sides gave and the counts differ by at most this.
BALANCED_TOLERANCE = 1
#: A relationship is one-sided when one side gave at least this many and the other none.
ONE_SIDED_MIN = 2


@dataclass(frozen=True, slots=True)
class PairAggregate:
    """Referrals one member gave another in the group and period.

    ``count`` counts the referrals that count (see the module docstring); ``value`` is
    the closed value of the won ones among them; ``last_at`` is when the latest was
    given.
    """

    giver: int
    receiver: int
    count: int
    value: Decimal = Decimal(0)
    last_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class MemberBalance:
    """One member's giving and receiving: ``net = given - received``."""

    member_id: int
    given: int
    received: int
    value_given: Decimal
    value_received: Decimal
    partners_given_to: int
    partners_received_from: int

    @property
    def net(self) -> int:
        return self.given - self.received


@dataclass(frozen=True, slots=True)
class PartnerBalance:
    """The two directions between a member and one partner, seen from the member.

    ``owed = gave_me - i_gave`` (DESIGN.md ``owed(m, p)``; positive: a chance for the
    member to give back).
    """

    partner_id: int
    gave_me: int
    i_gave: int

    @property
    def owed(self) -> int:
        return self.gave_me - self.i_gave

    @property
    def total(self) -> int:
        return self.gave_me + self.i_gave


@dataclass(frozen=True, slots=True)
class PartnerLists:
    """A member's partners sorted three ways for the "my reciprocity" page."""

    balanced: list[PartnerBalance]
    chances_to_give: list[PartnerBalance]
    refer_most: list[PartnerBalance]


@dataclass(frozen=True, slots=True)
class OneSided:
    """A relationship where ``giver`` gave ``count`` (>= 2) and got none back."""

    giver: int
    receiver: int
    count: int


@dataclass(frozen=True, slots=True)
class GroupFigures:
    """The group's figures over the period (see the functions that compute each)."""

    members: int
    total_referrals: int
    total_value: Decimal
    relationships: int
    overall_reciprocity: float
    weighted_reciprocity: float
    gini_received: float
    one_sided: list[OneSided]
    never_referred: list[int]
    top_connectors: list[tuple[int, float]]


def build_graph(members: Iterable[int], pairs: Iterable[PairAggregate]) -> nx.DiGraph:
    """Return the group's referral DiGraph: a node per member, an edge per ordered pair.

    Edge attributes: ``weight`` (count), ``value`` (closed value), ``last_at``. Pairs
    repeated for the same (giver, receiver) are summed; self-referrals and pairs with a
    count below 1 are ignored. A giver or receiver missing from ``members`` (say, a
    member who left during the period) still becomes a node: those referrals happened.
    """
    graph = nx.DiGraph()
    graph.add_nodes_from(members)
    for pair in pairs:
        if pair.count < 1 or pair.giver == pair.receiver:
            continue
        if graph.has_edge(pair.giver, pair.receiver):
            _merge_into(graph.edges[pair.giver, pair.receiver], pair)
        else:
            graph.add_edge(
                pair.giver, pair.receiver,
                weight=pair.count, value=Decimal(pair.value), last_at=pair.last_at,
            )
    return graph


def _merge_into(edge: dict, pair: PairAggregate) -> None:
    edge["weight"] += pair.count
    edge["value"] += pair.value
    if pair.last_at is not None and (edge["last_at"] is None or pair.last_at > edge["last_at"]):
        edge["last_at"] = pair.last_at


def member_balance(graph: nx.DiGraph, member: int) -> MemberBalance:
    """``given(m)``, ``received(m)``, values and distinct partners, from m's edges."""
    known = member in graph
    # The edges' data straight from the adjacency: ``out_edges(data=True)`` makes a
    # tuple per edge through networkx's views (it runs after every change).
    out_list = list(graph.succ[member].values()) if known else []
    in_list = list(graph.pred[member].values()) if known else []
    return MemberBalance(
        member_id=member,
        given=sum(data["weight"] for data in out_list),
        received=sum(data["weight"] for data in in_list),
        value_given=sum((data["value"] for data in out_list), Decimal(0)),
        value_received=sum((data["value"] for data in in_list), Decimal(0)),
        partners_given_to=len(out_list),
        partners_received_from=len(in_list),
    )


@dataclass(frozen=True, slots=True)
class BalanceMove:
    """How one member's balance moves: seen from the giver (``reversed`` for the
    receiver) when an edge's count and value change."""

    given: int = 0
    received: int = 0
    value_given: Decimal = Decimal(0)
    value_received: Decimal = Decimal(0)
    partners_given_to: int = 0
    partners_received_from: int = 0

    def add(self, other: BalanceMove) -> BalanceMove:
        return BalanceMove(*(a + b for a, b in zip(_fields(self), _fields(other), strict=True)))

    def reversed(self) -> BalanceMove:
        return BalanceMove(self.received, self.given, self.value_received, self.value_given,
                           self.partners_received_from, self.partners_given_to)


NO_MOVE = BalanceMove()


def _fields(move: BalanceMove) -> tuple:
    return (move.given, move.received, move.value_given, move.value_received,
            move.partners_given_to, move.partners_received_from)


def edge_move(before: dict | None, after: dict | None) -> BalanceMove:
    """The giver's move when an edge's data goes from ``before`` to ``after`` (None: no
    edge)."""
    w0, v0 = (before["weight"], before["value"]) if before else (0, Decimal(0))
    w1, v1 = (after["weight"], after["value"]) if after else (0, Decimal(0))
    return BalanceMove(given=w1 - w0, value_given=v1 - v0,
                       partners_given_to=(after is not None) - (before is not None))


def moved(balance: MemberBalance | None, member: int, move: BalanceMove) -> MemberBalance:
    """``balance`` (None: nothing yet) moved by ``move``: what :func:`member_balance`
    reads from the changed graph, without reading every edge of the member."""
    b = balance or MemberBalance(member, 0, 0, Decimal(0), Decimal(0), 0, 0)
    return MemberBalance(member, b.given + move.given, b.received + move.received,
                         b.value_given + move.value_given,
                         b.value_received + move.value_received,
                         b.partners_given_to + move.partners_given_to,
                         b.partners_received_from + move.partners_received_from)


def balances(graph: nx.DiGraph) -> dict[int, MemberBalance]:
    """Every node's :class:`MemberBalance`, keyed by member id."""
    return {member: member_balance(graph, member) for member in graph.nodes}


def _weight(graph: nx.DiGraph, giver: int, receiver: int) -> int:
    data = graph.get_edge_data(giver, receiver)
    return data["weight"] if data else 0


def owed(graph: nx.DiGraph, member: int, partner: int) -> int:
    """``owed(m, p)``: referrals p gave m minus referrals m gave p (positive: m owes p)."""
    return _weight(graph, partner, member) - _weight(graph, member, partner)


def partner_balances(graph: nx.DiGraph, member: int) -> list[PartnerBalance]:
    """Both directions with every partner the member gave to or received from."""
    if member not in graph:
        return []
    partners = set(graph.successors(member)) | set(graph.predecessors(member))
    return [
        PartnerBalance(p, gave_me=_weight(graph, p, member), i_gave=_weight(graph, member, p))
        for p in sorted(partners)
    ]


def partner_lists(graph: nx.DiGraph, member: int, top: int | None = None) -> PartnerLists:
    """Sort a member's partners into the three lists of the reciprocity page.

    - balanced: both gave and ``|owed| <= 1``; busiest first;
    - chances to give: partners who referred the member more than the member referred
      them, largest ``owed`` first;
    - refer most: the receivers of the member's referrals, most referred first.

    Ties go by partner id so the order is stable; ``top`` cuts each list.
    """
    rows = partner_balances(graph, member)
    balanced = sorted(
        (r for r in rows if r.gave_me > 0 and r.i_gave > 0 and abs(r.owed) <= BALANCED_TOLERANCE),
        key=lambda r: (-r.total, r.partner_id),
    )
    chances = sorted((r for r in rows if r.owed > 0), key=lambda r: (-r.owed, r.partner_id))
    most = sorted((r for r in rows if r.i_gave > 0), key=lambda r: (-r.i_gave, r.partner_id))
    return PartnerLists(balanced[:top], chances[:top], most[:top])


def overall_reciprocity(graph: nx.DiGraph) -> float:
    """Share of relationships (edges) that are returned: ``nx.overall_reciprocity``.

    0.0 for a graph without edges, where networkx raises instead.
    """
    edges = graph.number_of_edges()
    if edges == 0:
        return 0.0
    # What nx.overall_reciprocity computes - 2 * (edges - undirected edges) / edges - but
    # without its to_undirected(), which deep-copies every edge's data (0.3 s at 80
    # members): the share of edges whose reverse is there too (a self-loop is not).
    succ = graph.succ
    mutual = sum(1 for u, v in graph.edges if u != v and u in succ[v])
    return mutual / edges


def weighted_reciprocity(graph: nx.DiGraph) -> float:
    """Weighted reciprocity of Squartini et al. (2013): ``r = W<-> / W``.

    ``W<-> = sum_i sum_{j != i} min(w_ij, w_ji)`` over ordered pairs and ``W`` is the
    total weight, so a pair that gave each other equally scores 1.0 and a pair with
    3 one way and 1 back scores (1 + 1) / 4 = 0.5. 0.0 without edges.
    """
    total = graph.size(weight="weight")
    if total == 0:
        return 0.0
    mutual = sum(min(w, _weight(graph, j, i)) for i, j, w in graph.edges(data="weight"))
    return mutual / total


def gini(values: Iterable[float]) -> float:
    """Gini coefficient with the population formula, on values sorted ascending.

    ``G = (2 * sum_i i * x_(i)) / (n * sum x) - (n + 1) / n`` with ``i`` from 1, which
    equals ``sum_i sum_j |x_i - x_j| / (2 * n**2 * mean)``. 0.0 when there are no
    values, when all are zero, or when all are equal; the maximum for n values is
    ``(n - 1) / n`` (one holds everything): [0, 0, 0, 4] gives 0.75.
    """
    ordered = sorted(values)
    n, total = len(ordered), sum(ordered)
    if n == 0 or total == 0:
        return 0.0
    ranked = sum(i * x for i, x in enumerate(ordered, start=1))
    return max(0.0, (2 * ranked) / (n * total) - (n + 1) / n)


def one_sided(graph: nx.DiGraph) -> list[OneSided]:
    """Pairs where one side gave at least :data:`ONE_SIDED_MIN` and the other none.

    Largest count first, then by giver and receiver id.
    """
    rows = [
        OneSided(i, j, w)
        for i, j, w in graph.edges(data="weight")
        if w >= ONE_SIDED_MIN and not graph.has_edge(j, i)
    ]
    return sorted(rows, key=lambda r: (-r.count, r.giver, r.receiver))


def never_referred(graph: nx.DiGraph) -> list[int]:
    """Members nobody referred in the period (``received == 0``), by id."""
    return sorted(n for n in graph.nodes if graph.in_degree(n) == 0)


def top_connectors(graph: nx.DiGraph, top: int = 5) -> list[tuple[int, float]]:
    """The members with the highest PageRank (weighted by count), best first.

    PageRank on the directed graph rewards receiving from members who are themselves
    referred to: the hubs the group's business flows through. Only members with at
    least one referral given or received are ranked; an edgeless graph has none.
    Ranks are rounded to 9 digits, and sorted on that, so float noise does not break
    the tie-break by id (computed by :func:`partner_net.domain.counts.pagerank`).
    """
    from partner_net.domain import counts  # it builds on this module

    return counts.top_connectors(counts.Counts.of_graph(graph), top)[0]


def group_figures(graph: nx.DiGraph, top: int = 5) -> GroupFigures:
    """All group figures at once (the Gini coefficient is over every node, zeros too),
    computed on the graph's counts as a matrix (:func:`partner_net.domain.counts.figures`;
    the functions above compute each one from the graph, and the tests check they
    agree)."""
    from partner_net.domain import counts  # it builds on this module

    total_value = sum((v for _, _, v in graph.edges(data="value")), Decimal(0))
    return counts.figures(counts.Counts.of_graph(graph), total_value, top)[0]
