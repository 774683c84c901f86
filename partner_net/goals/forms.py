"""The monthly goals form: four targets, zero for none."""

from __future__ import annotations

from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import HiddenField, SubmitField
from wtforms.validators import NumberRange, Optional, StopValidation

from partner_net.amounts import AmountField
from partner_net.domain import goals as rules
from partner_net.domain.money import NOT_A_NUMBER
from partner_net.forms import IntegerField


def _count(label: str) -> IntegerField:
    return IntegerField(label, validators=[
        Optional(), NumberRange(0, rules.MAX_COUNT,
                                f"Enter a whole number from 0 to {rules.MAX_COUNT}.")],
        render_kw={"inputmode": "numeric", "min": 0, "max": rules.MAX_COUNT})


def finite(_form: FlaskForm, field) -> None:
    """NaN and infinities are not amounts (and would break the range check)."""
    if field.data is not None and not Decimal(field.data).is_finite():
        raise StopValidation(NOT_A_NUMBER)


class GoalsForm(FlaskForm):
    version = HiddenField()
    referrals_given = _count("Referrals to give")
    one_to_ones = _count("One-to-ones to hold")
    visitors = _count("Visitors to invite")
    closed_value = AmountField("Business to close from referrals", validators=[
        Optional(), finite, NumberRange(Decimal(0), rules.MAX_VALUE,
                                "Enter an amount from 0 to 100,000,000.")],
        render_kw={"inputmode": "decimal"})
    submit = SubmitField("Save my goals")

    def values(self) -> dict[str, int | Decimal]:
        return {"referrals_given": self.referrals_given.data or 0,
                "one_to_ones": self.one_to_ones.data or 0,
                "visitors": self.visitors.data or 0,
                "closed_value": (self.closed_value.data or Decimal(0)).quantize(Decimal("0.01"))}
