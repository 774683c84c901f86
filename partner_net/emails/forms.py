"""The email-preferences form: a box per kind of email, and the member's time zone."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, SubmitField
from wtforms.validators import Length, Optional, ValidationError

from partner_net.emails.kinds import all_kinds
from partner_net.forms import SingleLine
from partner_net.groups.forms import canonical_timezone, timezone_names


class PreferencesForm(FlaskForm):
    timezone = StringField(
        "My time zone",
        validators=[Optional(), SingleLine(), Length(max=64)],
        filters=[canonical_timezone],
        render_kw={"list": "timezones", "autocomplete": "off", "spellcheck": "false"},
    )
    submit = SubmitField("Save email settings")

    def validate_timezone(self, field: StringField) -> None:
        if field.data and field.data not in timezone_names():
            raise ValidationError(f"“{field.data}” is not a time zone we know. Pick one from "
                                  "the list, like Europe/London, or leave it empty.")

    def kind_fields(self) -> list[tuple[str, BooleanField]]:
        return [(name, getattr(self, f"wants_{name}")) for name in all_kinds()]

    def opted_out(self) -> set[str]:
        return {name for name, f in self.kind_fields() if not f.data}


def preferences_form(opted_out: set[str], timezone: str | None,
                     **kwargs: object) -> PreferencesForm:
    """A form class with one "send me ..." box per kind of email (kinds.toml)."""

    class Form(PreferencesForm):
        pass

    for name, kind in all_kinds().items():
        setattr(Form, f"wants_{name}", BooleanField(kind.label, default=name not in opted_out,
                                                    description=kind.description))
    return Form(timezone=timezone or "", **kwargs)
