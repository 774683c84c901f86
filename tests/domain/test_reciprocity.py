"""Reciprocity figures on small graphs whose numbers are worked out by hand.

The inputs are per-pair aggregates as the SQL layer produces them: referrals that are
``not_a_fit``, ``passed_on`` or withdrawn are already left out there, so each
``PairAggregate`` here stands for referrals that count.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from decimal import Decimal

import networkx as nx
import pytest

from partner_net.domain.reciprocity import (
    OneSided,
    PairAggregate,
    PartnerBalance,
    build_graph,
    gini,
    group_figures,
    member_balance,
    overall_reciprocity,
    owed,
    partner_lists,
    top_connectors,
    weighted_reciprocity,
)

T0 = datetime(2025, 3, 1, tzinfo=UTC)
T1 = datetime(2025, 4, 1, tzinfo=UTC)


def pair(giver: int, receiver: int, count: int, value: str = "0", last_at=None) -> PairAggregate:
    return PairAggregate(giver, receiver, count, Decimal(value), last_at)


# --- the graph -----------------------------------------------------------------------


def test_graph_has_a_node_for_every_member_even_without_referrals():
    graph = build_graph([1, 2, 3], [pair(1, 2, 2, "150.00", T0)])
    assert sorted(graph.nodes) == [1, 2, 3]
    assert graph.edges[1, 2] == {"weight": 2, "value": Decimal("150.00"), "last_at": T0}
    assert not isinstance(graph, nx.MultiDiGraph)


def test_graph_merges_repeated_pairs_and_ignores_self_and_empty_pairs():
    graph = build_graph(
        [1, 2],
        [pair(1, 2, 1, "10", T1), pair(1, 2, 2, "5", T0), pair(1, 1, 4), pair(2, 1, 0)],
    )
    assert list(graph.edges(data=True)) == [
        (1, 2, {"weight": 3, "value": Decimal("15"), "last_at": T1})
    ]


def test_graph_keeps_referrals_with_someone_outside_the_member_list():
    graph = build_graph([1], [pair(1, 9, 1)])
    assert sorted(graph.nodes) == [1, 9]


def test_passed_on_chain_credits_original_giver_and_final_receiver_once():
    """A gave B a referral and B passed it on to C. The SQL layer drops the passed-on
    referral and keeps the new one, which runs from the original giver A to C, so the
    chain arrives here as a single A -> C pair: B neither gave nor received."""
    a, b, c = 1, 2, 3
    graph = build_graph([a, b, c], [pair(a, c, 1)])
    assert member_balance(graph, a).given == 1
    assert member_balance(graph, c).received == 1
    assert (member_balance(graph, b).given, member_balance(graph, b).received) == (0, 0)


# --- members and pairs ---------------------------------------------------------------


def test_member_balance_counts_values_and_distinct_partners():
    graph = build_graph(
        [1, 2, 3],
        [pair(1, 2, 3, "100"), pair(1, 3, 1), pair(2, 1, 1, "40.50"), pair(3, 2, 2)],
    )
    one = member_balance(graph, 1)
    assert (one.given, one.received, one.net) == (4, 1, 3)
    assert (one.value_given, one.value_received) == (Decimal("100"), Decimal("40.50"))
    assert (one.partners_given_to, one.partners_received_from) == (2, 1)
    two = member_balance(graph, 2)
    assert (two.given, two.received, two.net) == (1, 5, -4)
    assert (two.partners_given_to, two.partners_received_from) == (1, 2)


def test_member_who_only_receives():
    graph = build_graph([1, 2, 3], [pair(1, 3, 2), pair(2, 3, 1)])
    three = member_balance(graph, 3)
    assert (three.given, three.received, three.net) == (0, 3, -3)
    assert (three.partners_given_to, three.partners_received_from) == (0, 2)
    assert partner_lists(graph, 3).refer_most == []
    assert [p.partner_id for p in partner_lists(graph, 3).chances_to_give] == [1, 2]


def test_balance_of_a_member_outside_the_graph_is_zero():
    balance = member_balance(build_graph([1], []), 7)
    assert (balance.given, balance.received, balance.net, balance.value_given) == (
        0, 0, 0, Decimal(0)
    )


def test_owed_is_what_the_partner_gave_minus_what_the_member_gave():
    graph = build_graph([1, 2], [pair(1, 2, 3), pair(2, 1, 1)])
    assert owed(graph, 2, 1) == 2  # 1 referred 2 three times, 2 gave back once
    assert owed(graph, 1, 2) == -2
    assert owed(graph, 1, 3) == 0


def test_partner_lists_sort_balanced_chances_and_refer_most():
    me = 1
    graph = build_graph(
        range(1, 7),
        [
            pair(me, 2, 3), pair(2, me, 2),  # balanced (|owed| = 1), busiest
            pair(me, 3, 1), pair(3, me, 1),  # balanced (owed 0)
            pair(4, me, 4), pair(me, 4, 1),  # chance to give: owed 3
            pair(5, me, 2),                  # chance to give: owed 2
            pair(me, 6, 5),                  # I refer most
        ],
    )
    lists = partner_lists(graph, me)
    assert lists.balanced == [PartnerBalance(2, 2, 3), PartnerBalance(3, 1, 1)]
    assert [(p.partner_id, p.owed) for p in lists.chances_to_give] == [(4, 3), (5, 2)]
    assert [(p.partner_id, p.i_gave) for p in lists.refer_most] == [
        (6, 5), (2, 3), (3, 1), (4, 1)
    ]
    assert len(partner_lists(graph, me, top=1).refer_most) == 1


def test_unequal_pair_is_not_balanced():
    graph = build_graph([1, 2], [pair(1, 2, 3), pair(2, 1, 1)])
    assert partner_lists(graph, 1).balanced == []
    assert partner_lists(graph, 2).chances_to_give == [PartnerBalance(1, gave_me=3, i_gave=1)]


# --- group figures -------------------------------------------------------------------


@pytest.mark.parametrize("members", [[], [1], [1, 2, 3]])
def test_figures_without_referrals(members):
    figures = group_figures(build_graph(members, []))
    assert figures.members == len(members)
    assert (figures.total_referrals, figures.total_value, figures.relationships) == (
        0, Decimal(0), 0
    )
    assert (figures.overall_reciprocity, figures.weighted_reciprocity) == (0.0, 0.0)
    assert figures.gini_received == 0.0
    assert figures.one_sided == []
    assert figures.never_referred == members
    assert figures.top_connectors == []


def test_figures_of_a_mutual_pair():
    graph = build_graph([1, 2], [pair(1, 2, 3, "100"), pair(2, 1, 3, "50")])
    figures = group_figures(graph)
    assert (figures.total_referrals, figures.total_value, figures.relationships) == (
        6, Decimal("150"), 2
    )
    assert figures.overall_reciprocity == 1.0
    assert figures.weighted_reciprocity == 1.0
    assert figures.gini_received == 0.0
    assert figures.one_sided == []
    assert figures.never_referred == []
    assert partner_lists(graph, 1).balanced == [PartnerBalance(2, 3, 3)]


def test_figures_of_an_inward_star():
    """Four members each referred the hub once; the hub referred nobody."""
    hub = 0
    graph = build_graph(range(5), [pair(leaf, hub, 1) for leaf in range(1, 5)])
    figures = group_figures(graph)
    assert (figures.total_referrals, figures.relationships) == (4, 4)
    assert figures.overall_reciprocity == 0.0
    assert figures.weighted_reciprocity == 0.0
    assert figures.gini_received == pytest.approx(0.8)  # [0, 0, 0, 0, 4]: (n - 1) / n
    assert figures.one_sided == []  # one referral each is below the threshold of 2
    assert figures.never_referred == [1, 2, 3, 4]
    assert figures.top_connectors[0][0] == hub
    assert member_balance(graph, hub).partners_received_from == 4


def test_figures_of_an_outward_star():
    """The hub referred each of four members twice and got nothing back."""
    hub = 0
    graph = build_graph(range(5), [pair(hub, leaf, 2) for leaf in range(1, 5)])
    figures = group_figures(graph)
    assert figures.one_sided == [OneSided(hub, leaf, 2) for leaf in range(1, 5)]
    assert figures.never_referred == [hub]
    # received [0, 2, 2, 2, 2]: sum |xi - xj| = 16, over 2 * 25 * 1.6 = 80
    assert figures.gini_received == pytest.approx(0.2)


def test_weighted_and_overall_reciprocity_hand_computed():
    graph = build_graph(
        [1, 2, 3], [pair(1, 2, 2), pair(2, 1, 1), pair(2, 3, 4), pair(3, 1, 1)]
    )
    # W = 2 + 1 + 4 + 1 = 8; W<-> = min(2, 1) + min(1, 2) = 2 over ordered pairs
    assert weighted_reciprocity(graph) == pytest.approx(0.25)
    # four relationships, two of them (1->2, 2->1) returned
    assert overall_reciprocity(graph) == pytest.approx(0.5)


def test_one_sided_lists_largest_first_and_ignores_returned_pairs():
    graph = build_graph(
        [1, 2, 3, 4],
        [pair(1, 2, 2), pair(3, 4, 5), pair(2, 3, 7), pair(3, 2, 1), pair(4, 1, 1)],
    )
    assert group_figures(graph).one_sided == [OneSided(3, 4, 5), OneSided(1, 2, 2)]


@pytest.mark.parametrize("seed", [1, 2, 3, 5, 8, 13])
def test_overall_reciprocity_matches_networkx_on_random_graphs(seed):
    rng = random.Random(seed)
    reference = nx.gnp_random_graph(12, 0.25, seed=seed, directed=True)
    pairs = [pair(i, j, rng.randint(1, 5)) for i, j in reference.edges]
    graph = build_graph(reference.nodes, pairs)
    assert overall_reciprocity(graph) == pytest.approx(nx.overall_reciprocity(reference))


def test_overall_reciprocity_counts_pairs_not_referrals():
    """Ten referrals one way and one back is still a returned relationship."""
    graph = build_graph([1, 2], [pair(1, 2, 10), pair(2, 1, 1)])
    assert overall_reciprocity(graph) == 1.0
    assert weighted_reciprocity(graph) == pytest.approx(2 / 11)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([0, 0, 0, 4], 0.75),
        ([1, 2, 3], 2 / 9),
        ([5, 5, 5], 0.0),
        ([0, 0], 0.0),
        ([], 0.0),
        ([7], 0.0),
    ],
)
def test_gini_population_formula(values, expected):
    assert gini(values) == pytest.approx(expected)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_gini_equals_mean_absolute_difference_definition(seed):
    rng = random.Random(seed)
    values = [rng.randint(0, 20) for _ in range(15)]
    n, mean = len(values), sum(values) / len(values)
    pairwise = sum(abs(x - y) for x in values for y in values) / (2 * n * n * mean)
    assert gini(values) == pytest.approx(pairwise)


def test_top_connectors_cut_and_tie_break_by_id():
    hub = 0
    graph = build_graph(range(6), [pair(leaf, hub, 1) for leaf in range(1, 5)])
    ranked = top_connectors(graph, top=3)
    assert [member for member, _ in ranked] == [0, 1, 2]  # 5 took no part: not ranked
    assert ranked[0][1] > ranked[1][1]
    assert top_connectors(graph, top=10)[-1][0] == 4


def test_a_balance_moved_by_an_edges_change_equals_one_read_from_the_changed_graph():
    from partner_net.domain.reciprocity import edge_move, moved

    before = build_graph([1, 2, 3], [pair(1, 2, 3, "100"), pair(2, 1, 1), pair(3, 1, 2, "40")])
    after = build_graph([1, 2, 3], [pair(1, 2, 4, "250.50"), pair(2, 1, 1), pair(1, 3, 1)])
    balance = {m: member_balance(before, m) for m in (1, 2, 3)}
    for g, r in [(1, 2), (3, 1), (1, 3)]:
        move = edge_move(before.get_edge_data(g, r), after.get_edge_data(g, r))
        balance[g] = moved(balance[g], g, move)
        balance[r] = moved(balance[r], r, move.reversed())
    assert balance == {m: member_balance(after, m) for m in (1, 2, 3)}
    assert moved(None, 9, edge_move(None, {"weight": 2, "value": Decimal(5)})) == \
        member_balance(build_graph([], [pair(9, 1, 2, "5")]), 9)
