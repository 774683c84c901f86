"""The one form of the network pages: marking a strategic partner."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import SelectField, ValidationError
from wtforms.validators import DataRequired
from wtforms.widgets import Select

from partner_net.network.aggregates import GroupMember


class Options(Select):
    """WTForms' select, each plain option written straight out, the same HTML as
    :meth:`Select.render_option` writes (``selected`` before ``value``, as its sorted
    attributes put it): one option per member of the group, each through
    ``html_params`` otherwise, was the largest part of the page's own rendering."""

    @classmethod
    def render_option(cls, choice, **kwargs) -> Markup:
        if kwargs or choice.render_kw or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        value = escape(choice.value).replace(Markup('"'), Markup("&quot;"))
        label = escape(choice.label or choice.value)
        selected = "selected " if choice.selected else ""
        return Markup(f'<option {selected}value="{value}">{label}</option>')


class StrategicPartnerForm(FlaskForm):
    """Choose a member of the group. The choices are the group's other active members;
    anything else posted (yourself, someone from another group) gets a clear message."""

    partner = SelectField(
        "Member to refer first", coerce=int, validate_choice=False, widget=Options(),
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
