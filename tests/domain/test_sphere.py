"""The sphere's rules: the ladder, the cadence, due and overdue at their boundaries, the
quarter, the funnel, and the keys duplicates are found by."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from partner_net.domain import sphere
from partner_net.domain.sphere import Due, Move

RULES = sphere.rules()


def test_the_data_file_gives_the_ladder_in_order_with_its_default_cadences():
    assert RULES.rung_keys == ("suspect", "prospect", "customer", "member", "advocate",
                               "raving_fan")
    cadence = {r.key: r.cadence_days for r in RULES.rungs}
    assert cadence["raving_fan"] == cadence["advocate"] == 30
    assert cadence["customer"] == 91
    assert cadence["suspect"] == cadence["prospect"] == 365
    assert RULES.channel_keys == ("call", "email", "meeting", "note", "gift", "card")
    assert len(RULES.questions) == 6
    assert RULES.thanks_ideas


def test_a_data_file_with_a_cadence_out_of_range_is_refused(tmp_path):
    text = sphere.DATA_FILE.read_text().replace("cadence_days = 365", "cadence_days = 9999", 1)
    broken = tmp_path / "sphere.toml"
    broken.write_text(text)
    with pytest.raises(ValueError, match="cadence"):
        sphere.load_rules(broken)


@pytest.mark.parametrize(("rung", "direction", "expected"), [
    ("suspect", "up", "prospect"),
    ("advocate", "up", "raving_fan"),
    ("raving_fan", "down", "advocate"),
    ("prospect", "down", "suspect"),
])
def test_moving_one_rung(rung, direction, expected):
    assert sphere.moved(rung, direction) == expected


@pytest.mark.parametrize(("rung", "direction", "message"), [
    ("raving_fan", "up", "top"), ("suspect", "down", "bottom"), ("boss", "up", "unknown")])
def test_the_ends_of_the_ladder(rung, direction, message):
    with pytest.raises(sphere.LadderError, match=message):
        sphere.moved(rung, direction)


def test_a_contact_cadence_overrides_the_rung_default():
    assert sphere.cadence_of("customer", None) == 91
    assert sphere.cadence_of("customer", 14) == 14


LAST = date(2030, 1, 10)


@pytest.mark.parametrize(("days_after_last", "expected"), [
    (0, Due.OK),
    (22, Due.OK),  # 30-day cadence: amber from day 23 (7 days before the due date)
    (23, Due.DUE),
    (30, Due.DUE),  # the due date itself is amber
    (31, Due.OVERDUE),  # the day after is red
])
def test_due_and_overdue_at_their_boundaries(days_after_last, expected):
    plan = sphere.schedule("advocate", None, LAST, None)
    assert plan.due_on == LAST + timedelta(days=30)
    assert plan.amber_from == LAST + timedelta(days=23)
    today = LAST + timedelta(days=days_after_last)
    assert sphere.due_status(plan.due_on, plan.amber_from, today) is expected


def test_a_short_cadence_is_not_always_amber():
    """A weekly cadence turns amber at most a quarter of the week before (1 day)."""
    plan = sphere.schedule("advocate", 7, LAST, None)
    assert plan.due_on - plan.amber_from == timedelta(days=1)
    assert sphere.due_status(plan.due_on, plan.amber_from, LAST + timedelta(days=5)) is Due.OK
    one_day = sphere.schedule("advocate", 1, LAST, None)
    assert one_day.amber_from == one_day.due_on


def test_a_snooze_hides_the_contact_until_it_ends_then_it_is_due():
    plan = sphere.schedule("advocate", None, LAST, LAST + timedelta(days=45))
    assert plan.due_on == plan.amber_from == LAST + timedelta(days=45)
    assert sphere.due_status(plan.due_on, plan.amber_from, LAST + timedelta(days=44)) is Due.OK
    assert sphere.due_status(plan.due_on, plan.amber_from, LAST + timedelta(days=45)) is Due.DUE
    assert sphere.due_status(plan.due_on, plan.amber_from,
                             LAST + timedelta(days=46)) is Due.OVERDUE


def test_a_snooze_shorter_than_the_cadence_changes_nothing():
    assert sphere.schedule("advocate", None, LAST, LAST + timedelta(days=3)) == \
        sphere.schedule("advocate", None, LAST, None)


@pytest.mark.parametrize(("day", "start", "end"), [
    (date(2030, 1, 1), date(2030, 1, 1), date(2030, 4, 1)),
    (date(2030, 3, 31), date(2030, 1, 1), date(2030, 4, 1)),
    (date(2030, 4, 1), date(2030, 4, 1), date(2030, 7, 1)),
    (date(2030, 12, 31), date(2030, 10, 1), date(2031, 1, 1)),
])
def test_quarter_bounds(day, start, end):
    assert sphere.quarter_bounds(day) == (start, end)


def test_the_funnel_counts_rungs_and_moves_from_the_top():
    counts = {"suspect": 4, "customer": 2, "raving_fan": 1}
    moves = [Move(1, None, "suspect"), Move(2, "suspect", "prospect"),
             Move(2, "prospect", "customer"), Move(3, "advocate", "member")]
    rows = sphere.funnel(counts, moves)
    assert [r.rung.key for r in rows][0] == "raving_fan"
    by_key = {r.rung.key: r for r in rows}
    assert (by_key["suspect"].count, by_key["suspect"].arrived, by_key["suspect"].up) == (4, 1, 1)
    assert (by_key["prospect"].count, by_key["prospect"].arrived, by_key["prospect"].up) == (
        0, 1, 1)
    assert by_key["customer"].arrived == 1
    assert (by_key["advocate"].down, by_key["member"].arrived) == (1, 1)


@pytest.mark.parametrize(("a", "b", "same"), [
    ("+44 7700 900123", "07700 900123", True),
    ("(0)7700-900.123", "0044 7700 900123", True),
    ("07700 900123", "07700 900124", False),
    ("12345", "12345", False),  # too short to tell whose it is
])
def test_phone_keys(a, b, same):
    key_a, key_b = sphere.phone_key(a), sphere.phone_key(b)
    assert (bool(key_a) and key_a == key_b) is same


def test_email_keys_ignore_case_and_space_and_refuse_non_addresses():
    assert sphere.email_key("  Zoe.Angstrom@Example.COM ") == "zoe.angstrom@example.com"
    assert sphere.email_key("not an email") == ""


def test_duplicates_by_email_or_phone():
    keys = sphere.keys_of("A@x.example", "07700 900123")
    assert sphere.is_duplicate(keys, {"a@x.example"}, set())
    assert sphere.is_duplicate(keys, set(), {sphere.phone_key("+447700900123")})
    assert not sphere.is_duplicate(keys, {"b@x.example"}, {"111111111"})
    assert not sphere.is_duplicate(sphere.keys_of("", ""), {""}, {""})
