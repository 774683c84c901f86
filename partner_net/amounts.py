"""The form field for amounts of money, with the rules of ``partner_net.domain.money``."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DecimalField
from wtforms.validators import ValidationError
from wtforms.widgets import TextInput

from partner_net.domain.money import NOT_A_NUMBER, amount_problem, parse_amount
from partner_net.forms import OneMessage


class AmountField(OneMessage, DecimalField):
    """An amount as people type it ("1,250.50"); NaN, infinities, absurd sizes refused
    with a message (``partner_net.domain.money``). A text input (inputmode decimal), so
    browsers let "1,250.50" through to the server's message instead of dropping it."""

    widget = TextInput()
    unreadable = NOT_A_NUMBER

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        self.data = parse_amount(valuelist[0])
        if self.data is None:
            raise ValueError(self.unreadable)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data:.2f}"


def valid_amount(_form: FlaskForm, field: AmountField) -> None:
    problem = amount_problem(field.data)
    if problem:
        raise ValidationError(problem)
