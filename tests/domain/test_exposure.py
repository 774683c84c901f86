"""The exposure budget: fair share, smoothing, the free band, and the slate log."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from partner_net.domain.exposure import (
    FREE_RATIO,
    FULL_RATIO,
    PRIOR_SLATES,
    SLATE,
    WINDOW_WEEKS,
    Exposure,
    ExposureLog,
    exposure_from_slates,
    over_exposure,
    window_start,
)

MONDAY = date(2025, 6, 2)


def test_fair_share_is_a_slate_over_the_others():
    assert Exposure(group_size=31).fair_share() == pytest.approx(SLATE / 30)
    assert Exposure(group_size=3).fair_share() == 1.0  # a slate holds everyone
    assert Exposure().fair_share() == 1.0


def test_ratio_is_smoothed_towards_fair_when_few_slates_exist():
    fair = SLATE / 30
    assert Exposure(group_size=31).ratio(7) == pytest.approx(1.0)
    one = Exposure(shown={7: 1}, slates=1, group_size=31)
    assert one.ratio(7) == pytest.approx((1 + PRIOR_SLATES * fair) / (1 + PRIOR_SLATES) / fair)
    many = Exposure(shown={7: 100}, slates=100, group_size=31)
    assert many.ratio(7) > one.ratio(7) > 1.0
    assert Exposure(shown={}, slates=100, group_size=31).ratio(7) < 0.1


@pytest.mark.parametrize(("ratio", "signal"), [
    (0.0, 0.0), (1.0, 0.0), (FREE_RATIO, 0.0),
    ((FREE_RATIO + FULL_RATIO) / 2, 0.5), (FULL_RATIO, 1.0), (10.0, 1.0),
])
def test_over_exposure_is_free_then_linear_then_full(ratio, signal):
    assert over_exposure(ratio) == pytest.approx(signal)


def test_shown_to_every_other_viewer_every_week_is_fully_over_exposed():
    viewers = range(1, 31)
    rows = [(v, MONDAY - timedelta(weeks=w), 99) for v in viewers for w in range(WINDOW_WEEKS)]
    exposure = exposure_from_slates(1, rows, group_size=31)
    assert exposure.slates == 29 * WINDOW_WEEKS and exposure.shown == {99: 29 * WINDOW_WEEKS}
    assert exposure.signal(99) == 1.0


def test_a_viewers_own_slates_never_count_against_their_suggestions():
    rows = [(1, MONDAY, 99), (1, MONDAY, 98), (2, MONDAY, 98)]
    exposure = exposure_from_slates(1, rows, group_size=10)
    assert exposure.shown == {98: 1} and exposure.slates == 1


def test_the_log_records_once_per_viewer_week_and_member_within_the_window():
    log = ExposureLog()
    log.record(1, MONDAY, [5, 6, 7, 8])  # only a slate's worth is kept
    log.record(1, MONDAY, [5, 6, 7])  # reading the page again changes nothing
    log.record(2, MONDAY, [5])
    log.record(3, window_start(MONDAY) - timedelta(weeks=1), [5])  # before the window
    assert len(log.rows) == 5
    exposure = log.exposure(2, MONDAY, group_size=10)
    assert exposure.shown == {5: 1, 6: 1, 7: 1} and exposure.slates == 1
    log.prune(MONDAY)
    assert (3, window_start(MONDAY) - timedelta(weeks=1), 5) not in log.rows
    assert len(log.rows) == 4


def test_window_start_covers_this_week_and_the_ones_before():
    assert window_start(MONDAY) == MONDAY - timedelta(weeks=WINDOW_WEEKS - 1)
