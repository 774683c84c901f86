"""The one form of the network pages: marking a strategic partner."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import ValidationError
from wtforms.validators import DataRequired

from partner_net.forms import SelectField
from partner_net.network.aggregates import GroupMember


class StrategicPartnerForm(FlaskForm):
    """Choose a member of the group. The choices are the group's other active members;
    anything else posted (yourself, someone from another group) gets a clear message."""

    partner = SelectField(
        "Member to refer first", coerce=int, validate_choice=False,
        validators=[DataRequired("Choose a member of the group.")],
    )

    def __init__(self, *args, me: int, members: Iterable[GroupMember],
                 marked: Iterable[int] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.me = me
        self.allowed = {m.id: m for m in members}
        marked = set(marked)
        self.partner.choices = [(0, "Choose a member…")] + [
            (m.id, f"{m.name} ({m.category})" if m.category else m.name)
            for m in self.allowed.values() if m.id != me and m.id not in marked
        ]

    def validate_partner(self, field: SelectField) -> None:
        if field.data == self.me:
            raise ValidationError(
                "You can't be your own strategic partner; choose another member.")
        if field.data not in self.allowed:
            raise ValidationError("Choose an active member of this group.")
