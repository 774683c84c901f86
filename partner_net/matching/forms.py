from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange

from partner_net.forms import IntegerField, SingleLine, safe_id, strip
from partner_net.models.matching import NEED_MAX, SOURCES, VERDICTS

#: As long as the give form's need field, so whatever fits there can be matched.
MAX_NEED = NEED_MAX
EMPTY_MESSAGE = "Type a few words about what the prospect needs."
LONG_MESSAGE = f"Keep it under {MAX_NEED:,} characters."


class MatchForm(FlaskForm):
    """A GET search: it changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False

    q = StringField(
        "What does the prospect need?",
        validators=[DataRequired(EMPTY_MESSAGE), Length(max=MAX_NEED, message=LONG_MESSAGE),
                    SingleLine()],
        filters=[strip],
        render_kw={"placeholder": "e.g. water coming through the ceiling since the storm",
                   "autocomplete": "off", "enterkeyhint": "search"},
    )


class FeedbackForm(FlaskForm):
    """'Good fit' / 'Wrong person' on one result: two submit buttons named ``verdict``."""

    q = HiddenField(validators=[DataRequired(EMPTY_MESSAGE),
                                Length(max=MAX_NEED, message=LONG_MESSAGE), SingleLine()],
                    filters=[strip])
    member = HiddenField(filters=[safe_id],
                         validators=[NumberRange(min=1, message="Pick a member.")])
    position = IntegerField(validators=[NumberRange(min=1, max=100)], default=1)
    source = HiddenField(validators=[AnyOf(SOURCES)], default="page")
    verdict = StringField(validators=[AnyOf(VERDICTS, message="Say good fit or wrong person.")])
