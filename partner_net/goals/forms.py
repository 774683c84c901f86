"""The monthly goals form: four targets, zero for none."""

from __future__ import annotations

from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import DecimalField, HiddenField, IntegerField, SubmitField
from wtforms.validators import NumberRange, Optional

from partner_net.domain import goals as rules


def _count(label: str) -> IntegerField:
    return IntegerField(label, validators=[
        Optional(), NumberRange(0, rules.MAX_COUNT,
                                f"Enter a whole number from 0 to {rules.MAX_COUNT}.")],
        render_kw={"inputmode": "numeric", "min": 0, "max": rules.MAX_COUNT})


class GoalsForm(FlaskForm):
    version = HiddenField()
    referrals_given = _count("Referrals to give")
    one_to_ones = _count("One-to-ones to hold")
    visitors = _count("Visitors to invite")
    closed_value = DecimalField("Business to close from referrals", places=2, validators=[
        Optional(), NumberRange(Decimal(0), rules.MAX_VALUE,
                                "Enter an amount from 0 to 100,000,000.")],
        render_kw={"inputmode": "decimal", "min": 0})
    submit = SubmitField("Save my goals")

    def values(self) -> dict[str, int | Decimal]:
        return {"referrals_given": self.referrals_given.data or 0,
                "one_to_ones": self.one_to_ones.data or 0,
                "visitors": self.visitors.data or 0,
                "closed_value": (self.closed_value.data or Decimal(0)).quantize(Decimal("0.01"))}
