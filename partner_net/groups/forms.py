from __future__ import annotations

import re
from functools import cache
from zoneinfo import available_timezones

from email_validator import EmailNotValidError, validate_email
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from partner_net.auth.forms import name_field
from partner_net.forms import (
    PlainText,
    SelectField,
    SingleLine,
    TimeField,
    new_password_fields,
    one_line,
)
from partner_net.groups.currencies import ISO_4217
from partner_net.groups.locales import default_locale, locale_choices
from partner_net.models.accounts import WEEKDAYS

MAX_INVITES = 50


@cache
def timezone_names() -> list[str]:
    """Every IANA time zone this machine knows, sorted (read from disk once)."""
    return sorted(available_timezones())


@cache
def _timezones_by_key() -> dict[str, str]:
    return {_zone_key(name): name for name in timezone_names()}


def _zone_key(name: str) -> str:
    return name.strip().lower().replace(" ", "_")


def canonical_timezone(value: str | None) -> str | None:
    """Field filter: a zone name as typed, in any case and with spaces for underscores
    ("europe/london", "America/New York"), as the IANA spells it; anything else as typed
    (stripped), for the validator to refuse by name."""
    if not isinstance(value, str):
        return value
    return _timezones_by_key().get(_zone_key(value), value.strip())


class GroupForm(FlaskForm):
    """Starting a group and its settings page."""

    name = StringField(
        "Group name",
        validators=[DataRequired("Give the group a name."), SingleLine(),
                    Length(max=120, message="Keep the name under 120 characters.")],
        filters=[one_line],
    )
    meeting_weekday = SelectField(
        "Meets on", choices=[SelectChoice(i, day) for i, day in enumerate(WEEKDAYS)], coerce=int,
        validate_choice=True, default=2,
    )
    meeting_time = TimeField(
        "Time", format="%H:%M",
        validators=[DataRequired("Enter the time as HH:MM, for example 07:00.")],
    )
    meeting_place = StringField(
        "Where",
        validators=[Optional(), SingleLine(),
                    Length(max=200, message="Keep the place under 200 characters.")],
        filters=[one_line],
    )
    timezone = StringField(
        "Time zone",
        validators=[DataRequired("Choose the time zone the group meets in."), SingleLine()],
        filters=[canonical_timezone],
        default="UTC",
        render_kw={"list": "timezones", "autocomplete": "off", "spellcheck": "false"},
    )
    currency = StringField(
        "Currency",
        validators=[DataRequired("Enter the currency the group counts closed business in."),
                    SingleLine()],
        filters=[lambda v: v.strip().upper() if v else v],
        default="USD",
        render_kw={"list": "currencies", "autocomplete": "off", "maxlength": 3,
                   "spellcheck": "false"},
    )
    locale = SelectField(
        "Write amounts and dates as in", choices=locale_choices, default=default_locale,
        validate_choice=True, invalid_choice_message="Choose one of the listed formats.",
    )
    exclusive_categories = BooleanField("One seat per category", default=True)
    submit = SubmitField("Start the group")

    def validate_timezone(self, field: StringField) -> None:
        if field.data not in timezone_names():
            raise ValidationError(
                f"“{field.data}” is not a time zone we know. Pick one from the list, "
                "like Europe/London or America/New_York."
            )

    def validate_currency(self, field: StringField) -> None:
        if field.data not in ISO_4217:
            raise ValidationError(
                f"“{field.data}” is not an ISO 4217 currency code. Use three letters, "
                "like USD, EUR or GBP."
            )

    def settings(self) -> dict[str, object]:
        """The group's attributes as typed."""
        return {name: getattr(self, name).data for name in (
            "name", "meeting_weekday", "meeting_time", "timezone", "currency", "locale",
            "exclusive_categories")} | {"meeting_place": self.meeting_place.data or ""}


def split_addresses(text: str) -> list[str]:
    """Addresses separated by commas, semicolons or new lines.

    ``Dana Delgado <dana@example.com>``, as pasted from a mail program, gives the address.
    """
    found = []
    for part in re.split(r"[,;\n]+", text or ""):
        part = part.strip()
        bracketed = re.fullmatch(r"[^<>]*<([^<>]+)>", part)
        if bracketed:
            part = bracketed.group(1).strip()
        if part:
            found.append(part)
    return found


class InviteForm(FlaskForm):
    emails = TextAreaField(
        "Email addresses",
        validators=[DataRequired("Enter at least one email address."), PlainText()],
        render_kw={"rows": 4, "autocomplete": "off", "spellcheck": "false",
                   "placeholder": "dana@example.com, lee@example.com"},
    )
    submit = SubmitField("Send invitations")

    def validate_emails(self, field: TextAreaField) -> None:
        """Checks every address, naming the bad ones; sets :attr:`addresses`."""
        good: list[str] = []
        bad: list[str] = []
        for part in split_addresses(field.data):
            try:
                email = validate_email(part, check_deliverability=False).normalized.lower()
            except EmailNotValidError:
                bad.append(part)
                continue
            if len(email) > 254:
                bad.append(part)
            elif email not in good:
                good.append(email)
        if bad:
            noun = "This is not an email address" if len(bad) == 1 else \
                "These are not email addresses"
            raise ValidationError(f"{noun}: {', '.join(bad)}. Correct or remove "
                                  f"{'it' if len(bad) == 1 else 'them'} and send again.")
        if not good:
            raise ValidationError("Enter at least one email address.")
        if len(good) > MAX_INVITES:
            raise ValidationError(f"Invite at most {MAX_INVITES} people at a time.")
        self.addresses = good


def category_field() -> StringField:
    return StringField(
        "Your category (profession)",
        validators=[Optional(), SingleLine(),
                    Length(max=120, message="Keep it under 120 characters.")],
        filters=[one_line],
        render_kw={"autocomplete": "organization-title"},
    )


class NewAccountForm(FlaskForm):
    """Accepting an invitation without an account: the email comes from the invitation."""

    name = name_field()
    password, confirm = new_password_fields()
    category = category_field()
    submit = SubmitField("Create my account and join")


class JoinForm(FlaskForm):
    """The “Join <group>” button for an existing account."""

    submit = SubmitField("Join")


class MemberSearchForm(FlaskForm):
    """The organizer's members page: find someone by name, email, business or category
    (a GET form: no CSRF token, nothing changes)."""

    class Meta:
        csrf = False

    q = StringField("Find a member", filters=[lambda v: v.strip() if isinstance(v, str) else v],
                    validators=[SingleLine(), Optional(),
                                Length(max=100, message="Use at most 100 characters.")])
