"""The SQL per-pair aggregates, with figures worked out by hand.

Referrals are made through the referral service (tests/referral_factories.py), so
statuses, passing on and closed values are the real ones.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from partner_net.domain import reciprocity
from partner_net.domain.reciprocity import PairAggregate
from partner_net.extensions import db
from partner_net.network import aggregates
from partner_net.referrals import service
from partner_net.referrals.pipeline import Status
from tests import factories
from tests.referral_factories import give

NOW = datetime(2025, 6, 18, 10, 30, tzinfo=UTC)


@pytest.fixture
def carol(world):
    member = factories.make_member("Carol Cooper", category="Plumber")
    factories.join(world.group, member)
    db.session.commit()
    return member


def counts(pairs: list[PairAggregate]) -> dict[tuple[int, int], int]:
    return {(p.giver, p.receiver): p.count for p in pairs}


def test_no_referrals_gives_no_rows(world):
    assert aggregates.pair_aggregates(world.group.id) == []


def test_one_row_per_pair_with_count_value_and_latest_date(world):
    a, b, o = world.alice, world.bob, world.organizer
    first = give(world.group, a, b)
    second = give(world.group, a, b)
    give(world.group, b, a)
    give(world.group, o, a)
    service.move(second, b, service.Move(to=Status.WON, value=Decimal("1250.50")))
    service.move(first, b, service.Move(to=Status.CONTACTED))
    db.session.commit()

    pairs = aggregates.pair_aggregates(world.group.id)

    assert counts(pairs) == {(a.id, b.id): 2, (b.id, a.id): 1, (o.id, a.id): 1}
    by_pair = {(p.giver, p.receiver): p for p in pairs}
    assert by_pair[a.id, b.id].value == Decimal("1250.50")
    assert by_pair[b.id, a.id].value == Decimal("0")
    assert by_pair[a.id, b.id].last_at == second.created_at


def test_only_won_referrals_carry_value(world):
    referral = give(world.group, world.alice, world.bob)
    service.move(referral, world.bob, service.Move(to=Status.LOST, note="Went elsewhere"))
    referral.closed_value = Decimal("999")  # a stray value on a lost referral is not counted
    db.session.commit()
    [pair] = aggregates.pair_aggregates(world.group.id)
    assert (pair.count, pair.value) == (1, Decimal("0"))


def test_not_a_fit_and_withdrawn_are_left_out(world):
    a, b = world.alice, world.bob
    unfit = give(world.group, a, b)
    service.move(unfit, b, service.Move(to=Status.NOT_A_FIT, note="We don't do flat roofs"))
    withdrawn = give(world.group, a, b)
    service.withdraw(withdrawn, a, "Gave it to the wrong person")
    give(world.group, a, b)
    db.session.commit()
    assert counts(aggregates.pair_aggregates(world.group.id)) == {(a.id, b.id): 1}


def test_passed_on_chain_counts_once_for_final_receiver_and_credits_original_giver(
        world, carol):
    """Alice -> Bob, Bob passes it on to Carol: one count Alice -> Carol, none to Bob."""
    a, b, c = world.alice, world.bob, carol
    referral = give(world.group, a, b)
    child = service.move(referral, b, service.Move(to=Status.PASSED_ON, pass_to=c))
    db.session.commit()
    assert child is not None and child.giver_id == a.id

    pairs = aggregates.pair_aggregates(world.group.id)

    assert counts(pairs) == {(a.id, c.id): 1}
    graph = reciprocity.build_graph([a.id, b.id, c.id], pairs)
    assert reciprocity.member_balance(graph, a.id).given == 1
    assert reciprocity.member_balance(graph, b.id).received == 0
    assert reciprocity.member_balance(graph, b.id).given == 0
    assert reciprocity.member_balance(graph, c.id).received == 1


def test_a_chain_passed_on_twice_still_counts_once(world, carol):
    a, b, c, o = world.alice, world.bob, carol, world.organizer
    referral = give(world.group, a, b)
    child = service.move(referral, b, service.Move(to=Status.PASSED_ON, pass_to=c))
    service.move(child, c, service.Move(to=Status.PASSED_ON, pass_to=o))
    db.session.commit()
    assert counts(aggregates.pair_aggregates(world.group.id)) == {(a.id, o.id): 1}


def test_other_groups_referrals_are_not_counted(world):
    other = world.other_group
    factories.join(other, world.alice)
    factories.join(other, world.bob)
    db.session.commit()
    give(other, world.alice, world.bob)
    give(world.group, world.bob, world.alice)
    assert counts(aggregates.pair_aggregates(world.group.id)) == {
        (world.bob.id, world.alice.id): 1}


def test_period_filter_uses_created_at(world):
    old = give(world.group, world.alice, world.bob)
    recent = give(world.group, world.alice, world.bob)
    give(world.group, world.bob, world.alice)
    old.created_at = NOW - timedelta(days=400)
    recent.created_at = NOW - timedelta(days=20)
    db.session.commit()

    year = aggregates.period_start("12m", NOW)
    month = aggregates.period_start("month", NOW)
    assert counts(aggregates.pair_aggregates(world.group.id, year)) == {
        (world.alice.id, world.bob.id): 1, (world.bob.id, world.alice.id): 1}
    assert counts(aggregates.pair_aggregates(world.group.id, month)) == {
        (world.bob.id, world.alice.id): 1}
    assert sum(counts(aggregates.pair_aggregates(world.group.id)).values()) == 3


@pytest.mark.parametrize(("period", "expected"), [
    ("month", datetime(2025, 6, 1, tzinfo=UTC)),
    ("quarter", datetime(2025, 4, 1, tzinfo=UTC)),
    ("12m", datetime(2024, 6, 18, tzinfo=UTC)),
    ("all", None),
])
def test_period_start(period, expected):
    assert aggregates.period_start(period, NOW) == expected


@pytest.mark.parametrize(("given", "expected"), [
    ("month", "month"), ("all", "all"), (None, "12m"), ("forever", "12m"), ("", "12m")])
def test_unknown_periods_fall_back_to_twelve_months(given, expected):
    assert aggregates.normalise_period(given) == expected


def test_hand_computed_group_figures_through_sql(world, carol):
    """A mutual pair (Alice <-> Bob, 2 and 1), a one-sided pair (Olivia -> Alice, 2),
    Carol never referred.

    Relationships: A->B, B->A, O->A = 3, of which 2 are returned: reciprocity 2/3.
    Weighted: min(2,1) + min(1,2) = 2 of 5 referrals: 0.4.
    Received: A 3, B 2, O 0, C 0 -> Gini = (2*(1*0+2*0+3*2+4*3))/(4*5) - 5/4 = 0.55.
    """
    a, b, o, c = world.alice, world.bob, world.organizer, carol
    give(world.group, a, b)
    give(world.group, a, b)
    give(world.group, b, a)
    give(world.group, o, a)
    give(world.group, o, a)

    members = [m.id for m in aggregates.active_members(world.group.id)]
    graph = reciprocity.build_graph(members, aggregates.pair_aggregates(world.group.id))
    figures = reciprocity.group_figures(graph)

    assert figures.total_referrals == 5
    assert figures.relationships == 3
    assert figures.overall_reciprocity == pytest.approx(2 / 3)
    assert figures.weighted_reciprocity == pytest.approx(0.4)
    assert figures.gini_received == pytest.approx(0.55)
    assert [(s.giver, s.receiver, s.count) for s in figures.one_sided] == [(o.id, a.id, 2)]
    assert figures.never_referred == sorted([o.id, c.id])


def test_active_members_leaves_out_deactivated_memberships(world, carol):
    carol.memberships[0].active = False
    db.session.commit()
    names = [m.name for m in aggregates.active_members(world.group.id)]
    assert names == ["Alice Archer", "Bob Baker", "Olivia Organizer"]


def test_ideal_client_texts_collects_terms_the_whole_text_and_whom(world, carol):
    factories.make_profile(world.alice, industry="Hospitality", keywords="restaurants, bars")
    factories.make_profile(world.alice, title="Landlords", keywords="")
    carol.referral_criteria = "I refer people who let flats."
    db.session.commit()
    texts = aggregates.ideal_client_texts([world.alice.id, world.bob.id, carol.id])
    terms, text, whom = texts[world.alice.id]
    assert terms == ["Hospitality", "restaurants, bars"]
    assert "Hospitality" in text and "restaurants, bars" in text and "Landlords" in text
    assert whom == ["Restaurant owners. Hospitality", "Landlords"]
    assert texts[world.bob.id] == ([], "", [])
    assert texts[carol.id].whom == ["I refer people who let flats."]  # no profile: criteria
    assert aggregates.ideal_client_texts([]) == {}


# --- what one member's suggestions read --------------------------------------------------


def test_my_pairs_are_the_members_own_with_the_same_counting_rules(world, carol):
    """Alice's pairs only, in this group, counted like pair_aggregates, dates aware."""
    a, b, c, o = world.alice, world.bob, carol, world.organizer
    for giver, receiver in [(a, b), (a, b), (b, a), (c, a), (b, c), (o, b)]:
        give(world.group, giver, receiver)
    unfit = give(world.group, a, c)
    service.move(unfit, c, service.Move(to=Status.NOT_A_FIT, note="Not for us"))
    old = give(world.group, o, a)
    old.created_at = NOW - timedelta(days=400)
    factories.join(world.other_group, a)
    factories.join(world.other_group, b)
    db.session.commit()
    give(world.other_group, b, a)
    mine = aggregates.my_pairs(world.group.id, a.id, aggregates.period_start("12m", NOW))
    assert counts(mine) == {(a.id, b.id): 2, (b.id, a.id): 1, (c.id, a.id): 1}
    assert all(p.last_at is not None and p.last_at.tzinfo is not None for p in mine)
    everything = aggregates.pair_aggregates(world.group.id, aggregates.period_start("12m", NOW))
    assert counts(mine) == {k: v for k, v in counts(everything).items() if a.id in k}
    assert (o.id, a.id) in counts(aggregates.my_pairs(world.group.id, a.id, None))


def test_received_counts_per_member_since_a_moment(world, carol):
    give(world.group, world.alice, world.bob)
    give(world.group, carol, world.bob)
    old = give(world.group, world.bob, world.alice)
    old.created_at = NOW - timedelta(days=100)
    db.session.commit()
    since = NOW - timedelta(days=91)
    assert aggregates.received_counts(world.group.id, since) == {world.bob.id: 2}
