"""The counts matrix (partner_net/domain/counts.py): the same figures as the graph
functions, PageRank within a stated tolerance of networkx's and of a cold start, and
versions made by the delta equal to versions made afresh."""

from __future__ import annotations

import random
from decimal import Decimal

import networkx as nx
import numpy as np
import pytest

from partner_net.domain import counts as dense
from partner_net.domain.counts import Counts, pagerank
from partner_net.domain.reciprocity import (
    PairAggregate,
    build_graph,
    gini,
    never_referred,
    one_sided,
    overall_reciprocity,
    weighted_reciprocity,
)

#: How close the PageRank of a version brought forward is to one made afresh: far
#: inside the 9 digits the ranking is sorted on.
WARM_TOLERANCE = 1e-11


def random_graph(seed: int, members: int = 30, referrals: int = 400) -> nx.DiGraph:
    """Skewed like a chapter: a few give and receive most; some members only receive,
    some take no part (isolated), one former member appears only as a giver."""
    rng = random.Random(seed)
    ids = list(range(1, members + 1))
    weights = [1.0 / (1 + i) ** 0.8 for i in range(members)]
    pairs: dict[tuple[int, int], list] = {}
    for _ in range(referrals):
        giver, receiver = rng.choices(ids[:-3], weights[:-3])[0], rng.choices(ids, weights)[0]
        if giver != receiver:
            row = pairs.setdefault((giver, receiver), [0, Decimal(0)])
            row[0] += 1
            row[1] += Decimal(rng.randrange(0, 500))
    pairs[(999, 1)] = [2, Decimal(0)]  # a former member
    return build_graph(ids[:-1], [PairAggregate(g, r, n, v) for (g, r), (n, v) in pairs.items()])


def reference_ranking(graph: nx.DiGraph, top: int = 5) -> list[tuple[int, float]]:
    ranks = nx.pagerank(graph, weight="weight", tol=1e-13, max_iter=1000)
    ranked = [(n, round(r, 9)) for n, r in ranks.items() if graph.degree(n) > 0]
    ranked.sort(key=lambda item: (-item[1], item[0]))
    return ranked[:top]


@pytest.mark.parametrize("seed", [1, 2, 3, 5, 8])
def test_figures_equal_the_graph_functions(seed):
    graph = random_graph(seed)
    total_value = sum((v for _, _, v in graph.edges(data="value")), Decimal(0))
    figures, made = dense.figures(Counts.of_graph(graph), total_value, top=10)
    assert figures.members == graph.number_of_nodes()
    assert figures.total_referrals == int(graph.size(weight="weight"))
    assert figures.total_value == total_value
    assert figures.relationships == graph.number_of_edges()
    assert figures.overall_reciprocity == overall_reciprocity(graph)
    assert figures.weighted_reciprocity == weighted_reciprocity(graph)
    assert figures.gini_received == gini([graph.in_degree(n, weight="weight") for n in graph])
    assert figures.one_sided == one_sided(graph)
    assert figures.never_referred == never_referred(graph)
    assert figures.top_connectors == reference_ranking(graph, 10)
    assert made.ranks is not None and made.ranks.ids == tuple(sorted(graph.nodes))


@pytest.mark.parametrize("seed", [1, 4, 9])
def test_pagerank_agrees_with_networkx(seed):
    graph = random_graph(seed)
    graph.add_node(500)  # isolated: dangling, ranked by teleport only
    counts = Counts.of_graph(graph)
    vector = pagerank(counts.weights)
    tight = nx.pagerank(graph, weight="weight", tol=1e-13, max_iter=1000)
    default = nx.pagerank(graph, weight="weight")
    for member, i in counts.index.items():
        assert vector[i] == pytest.approx(tight[member], abs=1e-11)
        # networkx's own default stops at an L1 step below n * 1e-6
        assert vector[i] == pytest.approx(default[member], abs=1e-5)
    assert vector.sum() == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("seed", [2, 3, 7])
def test_figures_brought_forward_from_the_previous_version_equal_figures_made_afresh(seed):
    rng = random.Random(seed)
    graph = random_graph(seed)
    counts = Counts.of_graph(graph)
    _, made = dense.figures(counts, Decimal(0))
    kept = 0
    for step in range(20):  # one referral at a time, and now and then a new member
        giver, receiver = rng.sample(counts.ids, 2)
        if step % 7 == 6:
            giver = 1000 + step
        counts = counts.with_counts({(giver, receiver): counts.count(giver, receiver) + 1})
        warm, warm_made = dense.figures(counts, Decimal(0), top=10, start=made)
        cold, cold_made = dense.figures(counts, Decimal(0), top=10)
        assert np.abs(warm_made.ranks.vector - cold_made.ranks.vector).max() < WARM_TOLERANCE
        assert warm == cold  # the ranking, its rounded ranks and every other figure
        kept += warm.one_sided is made.one_sided
        made = warm_made
    assert 0 < kept < 20  # the one-sided list is kept while it stays the same


@pytest.mark.parametrize("seed", [1, 2])
def test_the_one_sided_list_brought_forward_equals_one_made_afresh(seed):
    rng = random.Random(seed)
    counts = Counts.of_graph(random_graph(seed, members=12, referrals=60))
    _, made = dense.figures(counts, Decimal(0))
    for _ in range(60):  # small counts: pairs become one-sided, mutual, one-sided again
        giver, receiver = rng.sample(counts.ids, 2)
        n = max(0, counts.count(giver, receiver) + rng.choice([-2, -1, 1, 2, 3]))
        counts = counts.with_counts({(giver, receiver): n})
        warm, made = dense.figures(counts, Decimal(0), start=made)
        assert warm.one_sided == dense.figures(counts, Decimal(0))[0].one_sided


def test_with_counts_is_the_counts_of_the_changed_graph():
    graph = random_graph(3)
    before = Counts.of_graph(graph)
    weights = before.weights.copy()
    changes = {(1, 2): before.count(1, 2) + 3, (2, 1): 0, (5, 5): 4, (7, 1001): 2,
               (3, 4): 0}
    after = before.with_counts(changes)
    for (giver, receiver), n in changes.items():
        if giver == receiver:
            continue  # never a self-referral
        if graph.has_edge(giver, receiver):
            graph.remove_edge(giver, receiver)
        if n:
            graph.add_edge(giver, receiver, weight=n)
    expected = Counts.of_graph(graph)
    assert after.ids == expected.ids and 1001 in after.index
    assert (after.weights == expected.weights).all()
    assert (before.weights == weights).all()  # the earlier version is left as it was
    assert not after.weights.flags.writeable


def test_changed_since_lists_the_cells_that_differ():
    before = Counts.of([1, 2, 3], [(1, 2, 3), (2, 3, 1)])
    after = before.with_counts({(1, 2): 4, (3, 1): 1, (2, 3): 1})
    assert sorted(after.changed_since(before)) == [(1, 2), (3, 1)]
    assert after.with_counts({(1, 4): 1}).changed_since(before) is None  # a new member


def test_top_edges_are_the_strongest_in_drawing_order():
    graph = random_graph(5)
    counts = Counts.of_graph(graph)
    expected = sorted(((g, r, n) for g, r, n in graph.edges(data="weight")),
                      key=lambda t: (-t[2], t[0], t[1]))
    assert counts.top_edges(25) == expected[:25]
    assert counts.top_edges(10_000) == expected
    assert sorted(counts.triples()) == sorted(expected)


def test_no_referrals():
    figures, made = dense.figures(Counts.of([1, 2], []), Decimal(0))
    assert figures.top_connectors == [] and made.ranks is None
    assert figures.never_referred == [1, 2] and figures.overall_reciprocity == 0.0
    assert Counts.of([], []).top_edges(5) == [] and pagerank(np.zeros((0, 0))).size == 0


def test_quiet_members_read_off_the_counts_are_the_graphs():
    from partner_net.domain.matrix import quiet_members

    graph = random_graph(6)
    graph.add_edge(30, 30, weight=1)  # a self-referral does not count
    members = list(range(1, 35))
    assert Counts.of_graph(graph).quiet(members) == quiet_members(graph, members)
    assert {31, 34} <= quiet_members(graph, members)
