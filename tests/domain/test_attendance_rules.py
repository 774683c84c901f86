"""Attendance rules at their boundaries: the window's edge, lates, substitutes, medical."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from partner_net.domain.attendance import (
    CYCLE,
    Mark,
    Rules,
    months_before,
    next_mark,
    standing,
    window_start,
)

TODAY = date(2026, 11, 24)
RULES = Rules()


def weeks_ago(n: int) -> date:
    return TODAY - timedelta(weeks=n)


@pytest.mark.parametrize(("absences", "state"), [(0, "ok"), (2, "ok"), (3, "warning"),
                                                  (4, "over")])
def test_three_absences_are_allowed_the_third_warns_the_fourth_breaks(absences, state):
    marks = [(weeks_ago(n + 1), Mark.ABSENT) for n in range(absences)]
    result = standing(marks, TODAY, RULES)
    assert result.counted == absences
    assert result.state == state


@pytest.mark.parametrize(("lates", "counted"), [(1, 0), (2, 1), (3, 1), (4, 2), (7, 3),
                                                (8, 4)])
def test_two_lates_count_as_one_absence(lates, counted):
    marks = [(weeks_ago(n + 1), Mark.LATE) for n in range(lates)]
    assert standing(marks, TODAY, RULES).counted == counted


def test_lates_and_absences_add_up_to_the_limit():
    marks = [(weeks_ago(1), Mark.ABSENT), (weeks_ago(2), Mark.ABSENT),
             (weeks_ago(3), Mark.LATE), (weeks_ago(4), Mark.LATE)]
    assert standing(marks, TODAY, RULES).state == "warning"
    marks.append((weeks_ago(5), Mark.LATE))  # a third late alone does not tip it
    assert standing(marks, TODAY, RULES).state == "warning"
    marks.append((weeks_ago(6), Mark.LATE))
    assert standing(marks, TODAY, RULES).state == "over"


def test_substitutes_and_medical_do_not_count():
    marks = [(weeks_ago(n + 1), Mark.SUBSTITUTE) for n in range(10)]
    marks += [(weeks_ago(n + 11), Mark.MEDICAL) for n in range(5)]
    result = standing(marks, TODAY, RULES)
    assert (result.counted, result.substitutes, result.medical, result.state) == (0, 10, 5, "ok")
    assert standing(marks, TODAY, Rules(medical_counts=True)).counted == 5


def test_the_rolling_window_is_six_months_ending_today():
    assert months_before(TODAY, 6) == date(2026, 5, 24)
    assert window_start(TODAY, RULES) == date(2026, 5, 25)
    edge_out = [(date(2026, 5, 24), Mark.ABSENT)] * 4
    edge_in = [(date(2026, 5, 25), Mark.ABSENT)] * 4
    assert standing(edge_out, TODAY, RULES).counted == 0
    assert standing(edge_in, TODAY, RULES).counted == 4
    future = [(TODAY + timedelta(days=7), Mark.ABSENT)]
    assert standing(future, TODAY, RULES).counted == 0


def test_month_arithmetic_clamps_to_the_end_of_a_short_month():
    assert months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert months_before(date(2028, 8, 31), 6) == date(2028, 2, 29)
    assert months_before(date(2026, 3, 15), 6) == date(2025, 9, 15)


def test_group_rules_change_the_limits():
    marks = [(weeks_ago(1), Mark.ABSENT), (weeks_ago(2), Mark.LATE)]
    strict = Rules(absences_allowed=1, lates_per_absence=1)
    assert standing(marks, TODAY, strict).state == "over"
    lenient = Rules(absences_allowed=5, lates_per_absence=0)
    assert standing(marks, TODAY, lenient).counted == 1


def test_a_tap_cycles_through_every_mark_and_back():
    seen = [next_mark(None)]
    for _ in range(len(CYCLE)):
        seen.append(next_mark(seen[-1]))
    assert seen == [*CYCLE, CYCLE[0]]
