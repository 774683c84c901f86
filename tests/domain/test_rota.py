"""The featured-speaker rota: no repeats until everyone had a turn; swaps; absences."""

from __future__ import annotations

from datetime import date, timedelta

from partner_net.domain.rota import RotaMember, plan, queue, swap

START = date(2026, 1, 6)
DATES = [START + timedelta(weeks=w) for w in range(8)]


def members(n: int, since: date = date(2025, 1, 1)) -> list[RotaMember]:
    return [RotaMember(i, since + timedelta(days=i)) for i in range(1, n + 1)]


def test_no_repeat_until_every_active_member_has_had_a_turn():
    dates = [START + timedelta(weeks=w) for w in range(30)]
    planned = plan(members(12), dates)
    speakers = [planned[d] for d in dates]
    for start in range(0, 30 - 12 + 1):
        assert len(set(speakers[start:start + 12])) == 12  # any 12 weeks: 12 different people


def test_the_longest_waiting_speaks_first_and_a_newcomer_joins_the_back():
    group = [RotaMember(1, date(2025, 6, 1)), RotaMember(2, date(2025, 3, 1)),
             RotaMember(3, date(2025, 9, 1))]
    newcomer = RotaMember(4, date(2025, 12, 1))  # joined after everyone's last turn
    assert queue([*group, newcomer]) == [2, 1, 3, 4]
    planned = plan([*group, newcomer], DATES[:4])
    assert [planned[d] for d in DATES[:4]] == [2, 1, 3, 4]


def test_an_absence_pushes_the_speaker_back_not_out():
    group = members(5)
    planned = plan(group, DATES[:5], away={DATES[0]: {1}})
    assert planned[DATES[0]] == 2
    assert planned[DATES[1]] == 1  # back the first week they are there
    assert sorted(planned[d] for d in DATES[:5]) == [1, 2, 3, 4, 5]


def test_swaps_pin_both_dates_and_nobody_is_planned_twice():
    group = members(6)
    planned = plan(group, DATES[:6])
    pins = swap(planned, DATES[0], DATES[3])
    assert pins == {DATES[0]: planned[DATES[3]], DATES[3]: planned[DATES[0]]}
    swapped = plan(group, DATES[:6], pinned=pins)
    assert swapped[DATES[0]] == planned[DATES[3]]
    assert swapped[DATES[3]] == planned[DATES[0]]
    assert sorted(swapped.values()) == [1, 2, 3, 4, 5, 6]


def test_pins_of_members_who_left_are_ignored_and_no_one_available_gives_none():
    group = members(2)
    planned = plan(group, DATES[:3], pinned={DATES[0]: 99}, away={DATES[2]: {1, 2}})
    assert planned[DATES[0]] == 1
    assert planned[DATES[1]] == 2
    assert planned[DATES[2]] is None
    assert plan([], DATES[:2]) == {DATES[0]: None, DATES[1]: None}
