"""Amounts of closed business: what a member may type, as plain rules (no Flask).

A closed value is positive, has at most two decimals and stays below a billion in the
group's currency (the column holds 14 digits; a typo of ten zeros is refused with a
message rather than stored). NaN, sNaN and infinities are refused as not-a-number.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

MAX_AMOUNT = Decimal("999999999.99")
MIN_AMOUNT = Decimal("0.01")

NOT_A_NUMBER = "Enter the amount in digits, like 1250 or 1250.50."
NOT_POSITIVE = "Enter an amount above zero."
TOO_LARGE = "Enter an amount up to 999,999,999.99; check for extra zeros."
TOO_PRECISE = "Use at most two decimals, like 1250.50."


def amount_problem(value: Decimal | int | float | None) -> str | None:
    """Why ``value`` cannot be a closed value, or None when it can."""
    if value is None:
        return None
    try:
        value = Decimal(str(value))
        if not value.is_finite():
            return NOT_A_NUMBER
        if value < MIN_AMOUNT:
            return NOT_POSITIVE
        if value > MAX_AMOUNT:
            return TOO_LARGE
        if value != value.quantize(MIN_AMOUNT):
            return TOO_PRECISE
    except InvalidOperation:
        return NOT_A_NUMBER
    return None


def parse_amount(text: str | None) -> Decimal | None:
    """A typed amount: spaces and thousands commas allowed ("1,250.50"); None if unreadable."""
    cleaned = (text or "").strip().replace(",", "").replace(" ", "").replace("\u00a0", "")
    if not cleaned or len(cleaned) > 40:
        return None
    try:
        return Decimal(cleaned)
    except (InvalidOperation, ValueError):
        return None
