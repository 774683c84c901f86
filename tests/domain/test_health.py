"""Member health scoring: every band boundary of the defaults file, the lights, the trend,
the one action, and a group's own bands."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from partner_net.domain import health
from partner_net.domain.health import BandsProblem, Figures

B = health.defaults()
W = 26  # weeks in the window


def band_of(key: str, value: Fraction | int) -> int:
    return B.measures[key].band(Fraction(value))


# --- every band boundary of the defaults --------------------------------------------------


@pytest.mark.parametrize(("given", "band", "points"), [
    (0, 0, 0), (12, 0, 0),           # 12/26 = 0.46 < 0.5
    (13, 1, 5),                       # exactly 0.5 a week: the band above
    (19, 1, 5),                       # 0.73
    (Fraction(39, 2), 2, 10),         # exactly 0.75 (as a rate)
    (25, 2, 10), (26, 3, 15),         # exactly 1 a week
    (31, 3, 15), (Fraction(156, 5), 4, 20),  # exactly 1.2
    (32, 4, 20), (100, 4, 20),
])
def test_referrals_given_per_week_bands(given, band, points):
    value = Fraction(given) / W
    measure = B.measures["given"]
    assert measure.band(value) == band
    assert measure.points[band] == points


@pytest.mark.parametrize(("absences", "points"), [(0, 20), (1, 15), (2, 10), (3, 0), (9, 0)])
def test_absences_in_six_months(absences, points):
    result = health.score(Figures(absences=absences), B)
    assert result.score("attendance").points == points


@pytest.mark.parametrize(("rate", "band"), [
    (Fraction(0), 0), (Fraction(1, 13), 0),
    (Fraction(1, 12), 1), (Fraction(1, 7), 1),
    (Fraction(1, 6), 2), (Fraction(1, 5), 2),
    (Fraction(1, 4), 3), (Fraction(49, 100), 3),
    (Fraction(1, 2), 4), (Fraction(3), 4),
])
def test_visitors_per_week_bands(rate, band):
    assert band_of("visitors", rate) == band


@pytest.mark.parametrize("key", ["received", "one_to_ones", "closed_value"])
def test_each_edge_opens_the_band_above_and_just_below_stays(key):
    measure = B.measures[key]
    for index, edge in enumerate(measure.edges):
        assert measure.band(edge) == index + 1
        assert measure.band(edge - Fraction(1, 10**6)) == index


def test_absence_edges_close_their_band():
    measure = B.measures["attendance"]
    for index, edge in enumerate(measure.edges):
        assert measure.band(edge) == index
        assert measure.band(edge + 1) == index + 1


def test_the_defaults_add_up_to_100_and_document_the_lights():
    assert B.max_total == 100
    assert (B.green, B.amber, B.red) == (70, 50, 30)
    assert B.stay_in_touch == health.StayInTouch(90, 180, 30)


# --- lights -------------------------------------------------------------------------------


@pytest.mark.parametrize(("total", "light"), [
    (100, "green"), (70, "green"), (69, "amber"), (50, "amber"), (49, "red"), (30, "red"),
    (29, "grey"), (0, "grey"),
])
def test_light_boundaries(total, light):
    assert B.light(total) == light


def test_a_model_member_is_green_and_an_absent_one_grey():
    model = Figures(absences=0, given=32, received=26, visitors=13, one_to_ones=26,
                    closed_value=Decimal("30000"))
    result = health.score(model, B)
    assert result.total == 100 and result.light == "green"
    assert health.score(Figures(absences=5), B).light == "grey"


def test_rates_use_the_weeks_a_newer_member_has_been_there():
    # 4 referrals in 4 weeks is 1 a week; over 26 weeks it would be 0.15.
    assert health.weeks_looked_at(4, B) == 4
    assert health.weeks_looked_at(1, B) == 4  # never fewer than min_weeks
    assert health.weeks_looked_at(80, B) == 26
    assert health.score(Figures(given=4, weeks=4), B).score("given").band == 3
    assert health.score(Figures(given=4, weeks=26), B).score("given").band == 0


# --- trend ----------------------------------------------------------------------------------


def test_trend_against_the_previous_six_months():
    now = health.score(Figures(given=26), B)      # 15 + 20 absences = 35
    before = health.score(Figures(given=13), B)   # 5 + 20 = 25
    assert health.trend(now, before, B) == "up"
    assert health.trend(before, now, B) == "down"
    assert health.trend(now, now, B) == "steady"
    assert health.trend(now, None, B) is None
    nearly = health.score(Figures(given=26, received=7), B)  # +2 only
    assert health.trend(nearly, now, B) == "steady"


# --- the one action ---------------------------------------------------------------------


def test_one_more_referral_a_fortnight_takes_an_amber_member_to_green():
    # 20 attendance + 5 given (13) + 20 visitors (13) + 11 one-to-ones (13) + 10 received
    # = 66: amber. Given at 0.75 a week (20: 7 more) is +5 -> 71; one-to-ones at 1 a week
    # would need 13 more for +4.
    figures = Figures(given=13, received=26, visitors=13, one_to_ones=13)
    result = health.score(figures, B)
    assert (result.total, result.light) == (66, "amber")
    action = health.one_action(figures, B)
    assert action is not None
    assert (action.key, action.extra, action.light) == ("given", 7, "green")
    assert action.text == "One more referral a fortnight takes you to green."


def test_the_fewest_extra_wins():
    figures = Figures(given=32, visitors=7, one_to_ones=13, received=0)
    result = health.score(figures, B)
    assert (result.total, result.light) == (20 + 20 + 15 + 11, "amber")
    action = health.one_action(figures, B)
    # Visitors 7 -> 13 (1/2 a week) is +5 with 6 more; one-to-ones 13 -> 26 is +4 with 13.
    assert (action.key, action.extra, action.light) == ("visitors", 6, "green")
    assert action.text == "One more visitor a month takes you to green."


def test_when_no_single_step_reaches_the_next_light_the_best_rate_is_named():
    figures = Figures(absences=3)  # 0 points: grey, red needs 30
    action = health.one_action(figures, B)
    # Per extra: visitors 5 points for 3, one-to-ones 3 for 4, referrals 5 for 13.
    assert action is not None
    assert (action.key, action.extra, action.light) == ("visitors", 3, "grey")
    assert action.text == "One more visitor every two months is the quickest way up."


def test_green_members_have_no_action():
    figures = Figures(given=32, received=26, visitors=13, one_to_ones=26)
    assert health.one_action(figures, B) is None


@pytest.mark.parametrize(("extra", "weeks", "said"), [
    (1, 26, (1, "in the next six months")), (2, 26, (1, "a quarter")),
    (3, 26, (1, "every two months")), (6, 26, (1, "a month")), (13, 26, (1, "a fortnight")),
    (26, 26, (1, "a week")), (27, 26, (2, "a week")), (2, 4, (1, "a fortnight")),
])
def test_how_often_is_never_less_than_needed(extra, weeks, said):
    assert health.how_often(extra, weeks) == said
    many, words = said
    length = {w: n for n, w in health.INTERVALS}[words]
    assert many * Fraction(weeks, length) >= extra


# --- a group's own bands ------------------------------------------------------------------


def test_overrides_replace_only_what_they_name():
    bands = health.with_overrides({"measures": {"given": {"edges": ["1", "2"],
                                                          "points": [0, 10, 20]}},
                                   "lights": {"green": 60}})
    assert bands.measures["given"].edges == (1, 2)
    assert bands.measures["visitors"] == B.measures["visitors"]
    assert (bands.green, bands.amber) == (60, 50)


def test_overrides_round_trip():
    assert health.with_overrides(health.as_overrides(B)) == B


@pytest.mark.parametrize(("change", "message"), [
    ({"measures": {"given": {"edges": ["1", "0.5"]}}}, "must go up"),
    ({"measures": {"given": {"edges": ["x"]}}}, "is not a number"),
    ({"measures": {"given": {"edges": ["1/0"]}}}, "is not a number"),
    ({"measures": {"given": {"edges": ["-1", "2", "3", "4"]}}}, "out of range"),
    ({"measures": {"given": {"points": [1, 2]}}}, "give 5 points"),
    ({"measures": {"given": {"points": [0, 1, 2, 3, 5000]}}}, "points go from 0"),
    ({"lights": {"green": 40, "amber": 50}}, "red < amber < green"),
    ({"lights": {"green": 101}}, "nobody could be green"),
    ({"stay_in_touch": {"amber_days": 200}}, "red later than amber"),
    ({"lights": {"green": "many"}}, "whole numbers"),
])
def test_bad_overrides_are_refused_with_a_message(change, message):
    with pytest.raises(BandsProblem, match=message):
        health.with_overrides(change)


def test_numbers_are_read_exactly():
    assert health.parse_number("3/4") == Fraction(3, 4)
    assert health.parse_number("0.75") == Fraction(3, 4)
    assert health.parse_number(1.2) == Fraction(6, 5)
    assert health.format_fraction(Fraction(6, 5)) == "1.2"
    assert health.format_fraction(Fraction(1, 12)) == "1/12"
    assert health.format_fraction(Fraction(3)) == "3"
