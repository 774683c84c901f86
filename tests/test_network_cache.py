"""The network cache: reused while the group's referrals stay the same, rebuilt as soon
as they change, also when the change was made by another worker process."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.models import Group, NetworkChange
from partner_net.models.base import UTCDateTime
from partner_net.network.cache import NetworkCache
from partner_net.referrals import service
from partner_net.referrals.pipeline import Status
from tests import factories
from tests.referral_factories import give, pass_on, woven_group

NOW = datetime(2030, 1, 15, 12, 0, tzinfo=UTC)


@pytest.fixture
def now(monkeypatch):
    """Referrals are made "now" and read within the period."""
    from partner_net import clock

    monkeypatch.setattr(clock, "now", lambda: NOW)
    return NOW


def received(cache: NetworkCache, group: Group, member_id: int, period: str = "all") -> int:
    return cache.get(group.id, period, NOW).balances[member_id].received


def test_second_read_is_served_from_the_cache(world, now):
    cache = NetworkCache()
    give(world.group, world.alice, world.bob)
    first = cache.get(world.group.id, "all", now)
    second = cache.get(world.group.id, "all", now)
    assert second is first
    assert (cache.hits, cache.misses) == (1, 1)


def test_giving_a_referral_bumps_the_version_and_the_next_read_sees_it(world, now):
    cache = NetworkCache()
    assert received(cache, world.group, world.bob.id) == 0
    version = db.session.scalar(sa.select(Group.referrals_version).filter_by(id=world.group.id))
    give(world.group, world.alice, world.bob)
    assert db.session.scalar(
        sa.select(Group.referrals_version).filter_by(id=world.group.id)) == version + 1
    assert received(cache, world.group, world.bob.id) == 1
    assert (cache.misses, cache.patches) == (1, 1)  # patched by the delta, not rebuilt


def test_status_change_that_stops_counting_is_seen(world, now):
    cache = NetworkCache()
    referral = give(world.group, world.alice, world.bob)
    assert received(cache, world.group, world.bob.id) == 1
    service.move(referral, world.bob, service.Move(to=Status.NOT_A_FIT, note="Not my trade"))
    db.session.commit()
    assert received(cache, world.group, world.bob.id) == 0


def test_withdrawal_is_seen(world, now):
    cache = NetworkCache()
    referral = give(world.group, world.alice, world.bob)
    assert received(cache, world.group, world.bob.id) == 1
    service.withdraw(referral, world.alice, "Wrong member")
    db.session.commit()
    assert received(cache, world.group, world.bob.id) == 0


def test_a_change_made_by_another_worker_is_seen(world, now):
    """Two caches stand for two worker processes sharing one database: the one that did
    not make the change still reads the new version stamp from the database."""
    worker_a, worker_b = NetworkCache(), NetworkCache()
    assert received(worker_a, world.group, world.bob.id) == 0
    assert received(worker_b, world.group, world.bob.id) == 0
    give(world.group, world.alice, world.bob)  # a request handled by worker B
    assert received(worker_a, world.group, world.bob.id) == 1
    assert received(worker_b, world.group, world.bob.id) == 1


def test_a_stale_group_object_in_the_session_does_not_hide_a_change(world, now):
    """The version is read with a query, not from ``group.referrals_version``."""
    cache = NetworkCache()
    group = world.group
    assert received(cache, group, world.bob.id) == 0
    with db.engine.begin() as connection:  # another process gives a referral
        connection.execute(sa.text(
            "UPDATE groups SET referrals_version = referrals_version + 1 WHERE id = :id"),
            {"id": group.id})
        connection.execute(sa.text(
            "INSERT INTO referrals (group_id, giver_id, receiver_id, created_at, updated_at,"
            " prospect_name, prospect_company, prospect_email, prospect_phone, need,"
            " temperature, expects_call, status, status_changed_at, thank_you_note)"
            " VALUES (:g, :a, :b, :t, :t, 'P', '', '', '', 'n', 3, :f, 'given', :t, '')"
        ).bindparams(sa.bindparam("t", type_=UTCDateTime()), sa.bindparam("f", type_=sa.Boolean())),
            {"g": group.id, "a": world.alice.id, "b": world.bob.id, "t": NOW, "f": False})
    assert received(cache, group, world.bob.id) == 1


def test_periods_are_cached_apart(world, now):
    cache = NetworkCache()
    give(world.group, world.alice, world.bob)
    assert cache.get(world.group.id, "month", now) is not cache.get(world.group.id, "all", now)
    assert cache.get(world.group.id, "nonsense", now) is cache.get(world.group.id, "12m", now)


def test_the_cache_keeps_at_most_maxsize_entries(world, now):
    cache = NetworkCache(maxsize=2)
    for period in ("month", "quarter", "12m", "all"):
        cache.get(world.group.id, period, now)
    assert len(cache._items) == 2
    cache.get(world.group.id, "all", now)
    assert cache.hits == 1


def test_a_group_made_again_with_the_same_id_is_not_confused(world, now):
    """Same id, version 0 again (a demo reset): the creation time tells them apart."""
    cache = NetworkCache()
    give(world.group, world.alice, world.bob)
    before = cache.get(world.group.id, "all", now)
    world.group.created_at = datetime(2031, 1, 1, tzinfo=UTC)
    db.session.commit()
    assert cache.get(world.group.id, "all", now) is not before


# --- updated by the delta --------------------------------------------------------------


def same_network(patched, rebuilt) -> None:
    assert patched.counts.ids == rebuilt.counts.ids
    assert (patched.counts.weights == rebuilt.counts.weights).all()
    assert sorted(patched.graph.edges(data=True)) == sorted(rebuilt.graph.edges(data=True))
    assert set(patched.graph.nodes) == set(rebuilt.graph.nodes)
    assert patched.balances == rebuilt.balances
    assert patched.figures == rebuilt.figures
    assert patched.network_svg == rebuilt.network_svg and patched.bars_svg == rebuilt.bars_svg


def test_every_kind_of_change_patches_to_what_a_rebuild_gives(world, now):
    cache = NetworkCache()
    carol = factories.make_member("Carol Cole", category="Plumber")
    factories.join(world.group, carol)
    db.session.commit()
    first = give(world.group, world.alice, world.bob)
    won = give(world.group, world.bob, world.alice)
    passed = give(world.group, world.alice, world.bob, name="Pass Me")
    gone = give(world.group, carol, world.bob, name="Withdrawn")
    cache.get(world.group.id, "all", now)
    steps = [
        lambda: give(world.group, world.alice, world.bob, name="Another"),
        lambda: service.move(won, world.alice, service.Move(to=Status.WON, value=1250)),
        lambda: service.move(passed, world.bob, service.Move(
            to=Status.PASSED_ON, pass_to=carol, note="Carol fits")),
        lambda: service.withdraw(gone, carol, "Sent to the wrong member"),
        lambda: service.move(first, world.bob, service.Move(to=Status.NOT_A_FIT, note="No")),
    ]
    for step in steps:
        step()
        db.session.commit()
        patched = cache.get(world.group.id, "all", now)
        same_network(patched, NetworkCache().get(world.group.id, "all", now))
    assert (cache.misses, cache.patches) == (1, len(steps))
    assert len(cache._items) == 1  # one version per group and period, the latest


def test_a_worker_several_versions_behind_patches_them_all_at_once(world, now):
    behind, rebuilt = NetworkCache(), NetworkCache()
    behind.get(world.group.id, "12m", now)
    for n in range(5):
        give(world.group, world.alice if n % 2 else world.bob,
             world.bob if n % 2 else world.alice, name=f"P{n}")
    patched = behind.get(world.group.id, "12m", now)
    same_network(patched, rebuilt.get(world.group.id, "12m", now))
    assert behind.patches == 1


def test_a_version_with_no_record_of_its_pairs_rebuilds(world, now):
    cache = NetworkCache()
    cache.get(world.group.id, "all", now)
    give(world.group, world.alice, world.bob)
    db.session.execute(sa.delete(NetworkChange))  # pruned, say
    db.session.commit()
    assert received(cache, world.group, world.bob.id) == 1
    assert (cache.misses, cache.patches) == (2, 0)


def test_drawings_are_made_only_when_shown(world, now, monkeypatch):
    from partner_net.network import svg

    drawn = []
    real = svg.network_svg
    monkeypatch.setattr(svg, "network_svg", lambda *a, **k: drawn.append(1) or real(*a, **k))
    cache = NetworkCache()
    give(world.group, world.alice, world.bob)
    network = cache.get(world.group.id, "all", now)
    assert network.balances[world.bob.id].received == 1 and drawn == []
    assert "<svg" in network.network_svg and "<svg" in network.network_svg
    assert drawn == [1]


def test_received_lately_is_brought_forward_by_the_delta(world, now):
    from datetime import timedelta

    from partner_net.network import aggregates
    from partner_net.network.service import _ReceivedMemo

    memo = _ReceivedMemo()
    since = now - timedelta(days=91)
    carol = factories.make_member("Carol Cole", category="Plumber")
    factories.join(world.group, carol)
    db.session.commit()
    first = give(world.group, world.alice, world.bob)
    passed = give(world.group, world.alice, world.bob, name="Pass Me")
    gone = give(world.group, carol, world.alice, name="Withdrawn")
    assert memo.get(world.group.id, since) == {world.bob.id: 2, world.alice.id: 1}
    steps = [
        lambda: give(world.group, world.bob, carol, name="Another"),
        lambda: service.move(passed, world.bob, service.Move(
            to=Status.PASSED_ON, pass_to=carol, note="Carol fits")),
        lambda: service.withdraw(gone, carol, "Sent to the wrong member"),
        lambda: service.move(first, world.bob, service.Move(to=Status.NOT_A_FIT, note="No")),
    ]
    for step in steps:
        step()
        db.session.commit()
        assert memo.get(world.group.id, since) == aggregates.received_counts(world.group.id,
                                                                             since)
    assert memo.get(world.group.id, since) == {carol.id: 2}
    assert (memo.misses, memo.patches) == (1, len(steps))
    assert len(memo._items) == 1  # one version per group
    give(world.group, world.alice, world.bob, name="After the gap")
    db.session.execute(sa.delete(NetworkChange))  # pruned: a gap means a full count
    db.session.commit()
    assert memo.get(world.group.id, since) == {carol.id: 2, world.bob.id: 1}
    assert memo.misses == 2


def test_copy_graph_is_graph_copy():
    import networkx as nx

    from partner_net.network.cache import copy_graph

    graph = nx.DiGraph(name="g")
    graph.add_nodes_from([1, 2, 3, 4], role="member")
    graph.add_edge(1, 2, weight=3, value=5)
    graph.add_edge(2, 1, weight=1, value=0)
    graph.add_edge(3, 1, weight=2, value=1)
    copied = copy_graph(graph)
    expected = graph.copy()
    assert copied.graph == expected.graph
    assert dict(copied.nodes(data=True)) == dict(expected.nodes(data=True))
    assert sorted(copied.edges(data=True)) == sorted(expected.edges(data=True))
    assert sorted(copied.in_edges(1, data=True)) == sorted(expected.in_edges(1, data=True))
    assert copied.in_degree(4) == 0 and copied.has_node(4)
    # Its own: changing the copy leaves the original as it was.
    copied.remove_edge(1, 2)
    copied.add_edge(4, 3, weight=9)
    copied.nodes[1]["role"] = "left"
    assert graph.has_edge(1, 2) and not graph.has_edge(4, 3)
    assert not graph.has_edge(4, 3) and 4 not in graph.pred[3]
    assert copied.pred[3][4] is copied.succ[4][3] and graph.nodes[1]["role"] == "member"
    # An unchanged edge's data is shared, never copied (nothing changes it in place).
    assert copied.succ[2][1] is graph.succ[2][1] and copied.pred[1][2] is graph.pred[1][2]


# --- what the page shows, made again by the delta ---------------------------------------


def same_page(patched, rebuilt) -> None:
    """What the network page shows of ``patched`` equals what a from-scratch build shows:
    figures (ranking order included), both drawings, and the matrix's cells in the order
    of the clusters ``patched`` kept."""
    from partner_net.domain.matrix import Matrix, counted
    from partner_net.network import aggregates, matrix_table

    same_network(patched, rebuilt)
    assert patched.top_edges == rebuilt.top_edges
    order = patched.matrix.order
    assert sorted(order) == sorted(rebuilt.matrix.order)
    expected = Matrix(order, patched.matrix.cluster, *counted(rebuilt.graph))
    given = {m: b.given for m, b in rebuilt.balances.items()}
    assert patched.matrix_table == matrix_table.matrix_table(
        expected, rebuilt.name, given, aggregates.PERIODS[rebuilt.period].lower())


def test_the_page_after_changes_equals_a_from_scratch_build(world, now):
    """Versions that showed the page and versions that did not (my reciprocity, the
    dashboard) alternate: what is carried skips the latter."""
    cache = NetworkCache()
    people, referrals = woven_group(world, extra=3, residue=0)
    first = cache.get(world.group.id, "12m", now)
    same_page(first, NetworkCache().get(world.group.id, "12m", now))
    steps = [
        lambda: give(world.group, people[3], people[4], name="New pair"),
        lambda: give(world.group, world.alice, world.bob, name="Again"),
        lambda: service.move(referrals[0], referrals[0].receiver,
                             service.Move(to=Status.WON, value=900)),
        lambda: service.withdraw(referrals[1], referrals[1].giver, "Wrong member"),
        lambda: pass_on(referrals[2], people),  # the giver's total stays, two cells move
        lambda: [give(world.group, people[5], world.alice, name=f"Many {k}")
                 for k in range(6)],  # the strongest arrow: every width changes
    ]
    for number, step in enumerate(steps):
        step()
        db.session.commit()
        patched = cache.get(world.group.id, "12m", now)
        if number % 2 == 0 or number == len(steps) - 1:  # else a reader showing none of it
            same_page(patched, NetworkCache().get(world.group.id, "12m", now))
    assert (cache.misses, cache.patches) == (1, len(steps))


def test_a_worker_keeps_one_version_per_group_not_a_chain_of_them(world, now):
    import gc
    import weakref

    cache = NetworkCache()
    give(world.group, world.alice, world.bob)
    network = cache.get(world.group.id, "all", now)
    network.figures, network.network_svg, network.matrix_table, network.bars_svg  # noqa: B018
    earlier = weakref.ref(network)
    del network
    give(world.group, world.bob, world.alice)
    later = cache.get(world.group.id, "all", now)
    assert later.carried.picture and later.carried.table and later.carried.figures
    gc.collect()
    assert earlier() is None  # only its pieces are carried, never the network itself


def test_a_patch_leaves_out_values_in_another_currency_as_a_rebuild_does(world, now):
    """A value closed in another currency before the group's was fixed (an old row) is
    left out of the totals by the patch as by the full build: never two currencies added."""
    cache = NetworkCache()
    old = give(world.group, world.alice, world.bob, name="Old value")
    service.move(old, world.bob, service.Move(to=Status.WON, value=900))
    db.session.commit()
    old.closed_currency = "USD" if world.group.currency != "USD" else "EUR"
    db.session.commit()
    cache.get(world.group.id, "all", now)
    give(world.group, world.alice, world.bob, name="New one")  # touches the same pair
    db.session.commit()
    patched = cache.get(world.group.id, "all", now)
    same_network(patched, NetworkCache().get(world.group.id, "all", now))
    assert patched.balances[world.alice.id].value_given == 0
