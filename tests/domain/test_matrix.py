"""The give/receive matrix: members who refer each other sit together."""

from __future__ import annotations

from partner_net.domain.matrix import clusters, matrix, reorder
from partner_net.domain.reciprocity import PairAggregate, build_graph


def graph(members, pairs):
    return build_graph(members, [PairAggregate(g, r, n) for g, r, n in pairs])


def test_two_circles_of_partners_are_two_clusters_and_the_quiet_come_last():
    # 1-2-3 refer each other a lot, 4-5-6 too, one referral across; 7 never referred.
    g = graph(range(1, 8), [(1, 2, 5), (2, 1, 4), (2, 3, 3), (3, 1, 2), (1, 3, 1),
                            (4, 5, 2), (5, 6, 2), (6, 4, 2), (3, 4, 1)])
    found = clusters(g, list(range(1, 8)))
    assert [sorted(c) for c in found] == [[1, 2, 3], [4, 5, 6], [7]]
    assert found[0][0] == 1  # the busiest first: 1 exchanged 12 referrals


def test_the_matrix_counts_each_direction_and_marks_cluster_starts():
    g = graph([1, 2, 3], [(1, 2, 3), (2, 1, 1)])
    m = matrix(g, [1, 2, 3])
    assert m.order == [1, 2, 3]
    assert (m.count(1, 2), m.count(2, 1), m.count(1, 3)) == (3, 1, 0)
    assert m.top == 3
    assert m.cluster == {1: 1, 2: 1, 3: 0}
    assert [m.starts_cluster(i) for i in range(3)] == [False, False, True]


def test_no_referrals_at_all():
    m = matrix(graph([1, 2], []), [1, 2])
    assert m.order == [1, 2] and m.top == 0 and m.cluster == {1: 0, 2: 0}


def test_an_earlier_clustering_reorders_a_changed_graph_while_it_fits():
    members = list(range(1, 8))
    pairs = [(1, 2, 5), (2, 1, 4), (2, 3, 3), (3, 1, 2), (4, 5, 2), (5, 6, 2), (6, 4, 2)]
    earlier = matrix(graph(members, pairs), members)
    # One more referral inside a cluster: the same order, the new count.
    later = graph(members, pairs[:-1] + [(6, 4, 3)])
    kept = reorder(earlier, later, members)
    assert kept is not None and kept.order == earlier.order
    assert kept.cluster == earlier.cluster and kept.count(6, 4) == 3 and kept.top == 5
    # 7 was quiet and now refers: the quiet group changed, so cluster again.
    assert reorder(earlier, graph(members, pairs + [(7, 1, 1)]), members) is None
    # A member joined or left: cluster again.
    assert reorder(earlier, later, members + [8]) is None
    assert reorder(earlier, later, members[:-1]) is None
