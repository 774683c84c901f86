from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from partner_net.forms import strip

#: As long as the give form's need field, so whatever fits there can be matched.
MAX_NEED = 1000
EMPTY_MESSAGE = "Type a few words about what the prospect needs."
LONG_MESSAGE = f"Keep it under {MAX_NEED:,} characters."


class MatchForm(FlaskForm):
    """A GET search: it changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False

    q = StringField(
        "What does the prospect need?",
        validators=[DataRequired(EMPTY_MESSAGE), Length(max=MAX_NEED, message=LONG_MESSAGE)],
        filters=[strip],
        render_kw={"placeholder": "e.g. water coming through the ceiling since the storm",
                   "autocomplete": "off", "enterkeyhint": "search"},
    )
