"""Whether a members' swap of two turns is still valid given the rota as it stands."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from partner_net.domain.rota import SwapProblem, plan, swap, swap_problem
from tests.domain.test_rota import members

TODAY = date(2026, 1, 5)
DATES = [TODAY + timedelta(days=1, weeks=w) for w in range(6)]  # Tuesdays from tomorrow
PLAN = {d: i + 1 for i, d in enumerate(DATES)}  # member 1 on the first date, 2 on the next…


def problem(requester=1, requester_on=DATES[0], other=3, other_on=DATES[2], planned=None,
            **extra):
    return swap_problem(PLAN if planned is None else planned, requester_id=requester,
                        requester_on=requester_on, other_id=other, other_on=other_on,
                        today=extra.pop("today", TODAY), **extra)


def test_a_swap_of_two_planned_turns_is_valid():
    assert problem() is None
    assert problem(requester=3, requester_on=DATES[2], other=1, other_on=DATES[0]) is None


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"other": 1}, SwapProblem.SAME_PERSON),
    ({"other_on": DATES[0]}, SwapProblem.SAME_DATE),
    ({"today": DATES[1]}, SwapProblem.PAST),
    ({"cancelled": {DATES[2]}}, SwapProblem.CANCELLED),
    ({"started": {DATES[0]}}, SwapProblem.STARTED),
    ({"other_on": DATES[-1] + timedelta(weeks=1)}, SwapProblem.NOT_PLANNED_DATE),
    ({"requester": 2}, SwapProblem.REQUESTER_MOVED),
    ({"other": 4}, SwapProblem.OTHER_MOVED),
])
def test_each_reason_a_swap_cannot_be_made(kwargs, expected):
    assert problem(**kwargs) is expected


def test_an_absence_that_pushes_the_requester_back_invalidates_the_request():
    group = members(6)
    before = plan(group, DATES)
    speaker = before[DATES[0]]
    other = before[DATES[2]]
    assert swap_problem(before, requester_id=speaker, requester_on=DATES[0], other_id=other,
                        other_on=DATES[2], today=TODAY) is None
    after = plan(group, DATES, away={DATES[0]: {speaker}})
    assert after[DATES[0]] != speaker
    assert swap_problem(after, requester_id=speaker, requester_on=DATES[0], other_id=other,
                        other_on=DATES[2], today=TODAY) is SwapProblem.REQUESTER_MOVED


def test_once_swapped_the_same_request_or_one_touching_a_swapped_date_is_invalid():
    group = members(6)
    before = plan(group, DATES)
    a, b, c = before[DATES[0]], before[DATES[1]], before[DATES[2]]
    after = plan(group, DATES, pinned=swap(before, DATES[0], DATES[1]))
    assert (after[DATES[0]], after[DATES[1]]) == (b, a)
    assert swap_problem(after, requester_id=a, requester_on=DATES[0], other_id=b,
                        other_on=DATES[1], today=TODAY) is SwapProblem.REQUESTER_MOVED
    # c had asked b for b's old date: b is not there any more.
    assert swap_problem(after, requester_id=c, requester_on=DATES[2], other_id=b,
                        other_on=DATES[1], today=TODAY) is SwapProblem.OTHER_MOVED
    # Nobody speaks twice after the swap.
    assert len({after[d] for d in DATES}) == len(DATES)
