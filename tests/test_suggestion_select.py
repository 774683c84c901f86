"""The suggestions page's member select writes the same HTML as WTForms' own."""

from __future__ import annotations

import pytest
from wtforms import Form, SelectField
from wtforms.widgets import Select

from partner_net.forms import SelectField as QuickSelectField
from partner_net.network.forms import StrategicPartnerForm


@pytest.mark.filterwarnings("ignore:Passing SelectField choices as tuples:DeprecationWarning")
@pytest.mark.parametrize("data", [None, 0, 7, "7", "x"])
def test_the_options_are_wtforms_own(data):
    """Choices as the page gives them (tuples), nothing chosen, one chosen, junk."""
    choices = [(0, "Choose a member…"), (7, 'Ann "Annie" <Lee> & Co'), (8, ""), (9, "Bo (Tiler)")]

    class Plain(Form):
        partner = SelectField(coerce=int, validate_choice=False, choices=choices)

    class Fast(Form):
        partner = QuickSelectField(coerce=int, validate_choice=False, choices=choices)

    assert StrategicPartnerForm.partner.field_class is QuickSelectField  # the page's
    plain, fast = Plain(data={"partner": data}), Fast(data={"partner": data})
    assert isinstance(Plain.partner.kwargs.get("widget", Select()), Select)
    assert fast.partner() == plain.partner()
    assert fast.partner(class_="wide", aria_describedby="hint") == plain.partner(
        class_="wide", aria_describedby="hint")
