"""The rules for amounts of closed business (partner_net.domain.money)."""

from decimal import Decimal

import pytest

from partner_net.domain import money


@pytest.mark.parametrize(("typed", "problem"), [
    ("1250.50", None),
    ("0.01", None),
    ("999999999.99", None),
    ("1,250.50", None),
    ("0", money.NOT_POSITIVE),
    ("-5", money.NOT_POSITIVE),
    ("1000000000", money.TOO_LARGE),
    ("99999999999999", money.TOO_LARGE),
    ("1E+30", money.TOO_LARGE),
    ("12.345", money.TOO_PRECISE),
    ("sNaN", money.NOT_A_NUMBER),
    ("NaN", money.NOT_A_NUMBER),
    ("Infinity", money.NOT_A_NUMBER),
    ("-inf", money.NOT_A_NUMBER),
])
def test_amount_problems(typed, problem):
    assert money.amount_problem(money.parse_amount(typed)) == problem


@pytest.mark.parametrize("typed", ["", "abc", "12,34.5.6", "1" * 41, "£12", "\x00"])
def test_unreadable_amounts_parse_to_none(typed):
    assert money.parse_amount(typed) is None


def test_ints_and_floats_are_checked_too():
    assert money.amount_problem(500) is None
    assert money.amount_problem(0.5) is None
    assert money.amount_problem(10**12) == money.TOO_LARGE
    assert money.amount_problem(Decimal("sNaN")) == money.NOT_A_NUMBER
