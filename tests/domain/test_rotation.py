"""The 60-second round over a year with joins and leaves: nobody is stuck first or last."""

from __future__ import annotations

import random
from statistics import mean

from partner_net.domain.rotation import Speaker, alphabetical, speaking_order, starter_after

NAMES = ["Ada Quinn", "ben ortiz", "Cara Ng", "Dev Patel", "Ella Moss", "Finn Lee",
         "Gia Romano", "Hugo Bell", "Ivy Chen", "Jon Diaz", "Kay Fox", "Leo Hart",
         "Mia Ross", "Ned Shaw", "Ola Berg", "Pia Kaur", "Raj Iyer", "Sue Webb",
         "Tom Kerr", "Uma Rao"]


def run_year(weeks: int = 52, seed: int = 3):
    """52 weeks of rounds; members join and leave along the way. Returns per-week orders."""
    rng = random.Random(seed)
    pool = list(enumerate(NAMES, start=1))
    active = dict(pool[:14])
    waiting = pool[14:]
    previous: Speaker | None = None
    orders: list[list[int]] = []
    for week in range(weeks):
        if week % 6 == 5 and waiting:  # someone joins
            member_id, name = waiting.pop(0)
            active[member_id] = name
        if week % 9 == 8:  # someone leaves (possibly last week's starter)
            gone = previous.id if week % 18 == 17 and previous else rng.choice(list(active))
            active.pop(gone, None)
        members = alphabetical(active.items())
        starter = starter_after(members, previous)
        orders.append(speaking_order(members, starter))
        previous = starter
    return orders


def test_first_starter_is_alphabetically_first_and_the_round_wraps():
    members = alphabetical([(3, "Cara"), (1, "ada"), (2, "Ben")])
    starter = starter_after(members, None)
    assert starter.id == 1
    assert speaking_order(members, starter) == [1, 2, 3]
    second = starter_after(members, starter)
    assert speaking_order(members, second) == [2, 3, 1]
    third = starter_after(members, second)
    assert speaking_order(members, third) == [3, 1, 2]
    assert starter_after(members, third).id == 1  # wraps from Z to A


def test_a_starter_who_left_still_marks_the_place():
    before = alphabetical([(1, "Ada"), (2, "Ben"), (3, "Cara"), (4, "Dev")])
    starter = starter_after(before, starter_after(before, None))
    assert starter.id == 2
    assert starter_after(before, None, steps=1) == starter_after(before, before[-1], steps=1)
    assert starter_after(before, before[0], steps=3).id == 4  # three weeks on from Ada
    after = alphabetical([(1, "Ada"), (3, "Cara"), (4, "Dev")])  # Ben left
    assert starter_after(after, starter).id == 3
    assert speaking_order(after, starter) == [3, 4, 1]


def test_nobody_is_first_or_last_two_weeks_running():
    orders = run_year()
    for this_week, next_week in zip(orders, orders[1:], strict=False):
        assert this_week[0] != next_week[0]
        assert this_week[-1] != next_week[-1]


def test_over_any_run_of_weeks_no_member_is_always_first_or_last():
    orders = run_year()
    for length in (2, 3, 5, 8):
        for start in range(len(orders) - length + 1):
            window = orders[start:start + length]
            assert len({order[0] for order in window}) > 1
            assert len({order[-1] for order in window}) > 1


def test_positions_spread_over_the_year():
    orders = run_year()
    spread: dict[int, list[float]] = {}
    for order in orders:
        for position, member_id in enumerate(order):
            spread.setdefault(member_id, []).append(position / (len(order) - 1))
    for member_id, places in spread.items():
        if len(places) < 20:  # joined late or left early
            continue
        assert min(places) < 0.2, member_id  # near the front at least once
        assert max(places) > 0.8, member_id  # near the back at least once
        assert 0.3 < mean(places) < 0.7, member_id  # no one is mostly early or mostly late


def test_every_member_speaks_once_in_every_position_over_n_stable_weeks():
    members = alphabetical((i, f"Member {i:02d}") for i in range(1, 11))
    previous = None
    seen: dict[int, set[int]] = {s.id: set() for s in members}
    for _ in range(len(members)):
        previous = starter_after(members, previous)
        for position, member_id in enumerate(speaking_order(members, previous)):
            seen[member_id].add(position)
    assert all(positions == set(range(10)) for positions in seen.values())


def test_same_names_are_told_apart_by_id_and_empty_lists_are_fine():
    members = alphabetical([(7, "Sam Lee"), (5, "sam  lee")])
    assert [s.id for s in members] == [5, 7]
    assert starter_after([], None) is None
    assert speaking_order([], None) == []
