"""The one form of the one-to-ones page: recording a one-to-one."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, Length

from partner_net.forms import DateField, PlainText, SelectField, safe_id, strip
from partner_net.network.aggregates import GroupMember
from partner_net.onetoones.service import EARLIEST

NOTES_MAX = 2000


class OneToOneForm(FlaskForm):
    """Whom you met and when. The partner choices are the group's other active members;
    anything else posted (yourself, someone from another group) gets a clear message."""

    partner = SelectField(
        "Whom did you meet?", coerce=safe_id, validate_choice=False,
        validators=[DataRequired("Choose the member you met.")],
    )
    met_on = DateField(
        "When", validators=[DataRequired("Enter the date you met, like 2026-11-23.")],
        invalid_value_message="Enter the date you met, like 2026-11-23.",
    )
    notes = TextAreaField(
        "Notes",
        validators=[PlainText(), Length(max=NOTES_MAX, message=f"Keep the notes under "
                                                               f"{NOTES_MAX:,} characters.")],
        filters=[strip],
        render_kw={"rows": 4, "maxlength": NOTES_MAX,
                   "placeholder": "e.g. Her best clients are new restaurant owners; "
                                  "listen for anyone opening a second site"},
    )
    submit = SubmitField("Record the one-to-one")

    def __init__(self, *args, me: int, members: Iterable[GroupMember], today: date,
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.me = me
        self.today = today
        self.allowed = {m.id: m for m in members if m.id != me}
        self.partner.choices = [(0, "Choose a member…")] + [
            (m.id, f"{m.name} ({m.category})" if m.category else m.name)
            for m in self.allowed.values()
        ]
        self.met_on.render_kw = {"min": EARLIEST.isoformat(), "max": today.isoformat()}
        if self.met_on.data is None and not self.is_submitted():
            self.met_on.data = today

    def validate_partner(self, field: SelectField) -> None:
        if field.data == self.me:
            raise ValidationError(
                "A one-to-one is with someone else; choose the member you met.")
        if field.data not in self.allowed:
            raise ValidationError("Choose an active member of this group.")

    def validate_met_on(self, field: DateField) -> None:
        if field.data > self.today:
            raise ValidationError(
                "That date is in the future; record the one-to-one once you have met.")
        if field.data < EARLIEST:
            raise ValidationError(f"Enter a date from {EARLIEST.year} onwards.")
