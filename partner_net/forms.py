"""Form pieces shared by the blueprints."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, Field, PasswordField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError


class EmptyForm(FlaskForm):
    """Carries only the CSRF token, for POST-only buttons."""


MIN_PASSWORD = 10


def strip(value: str | None) -> str | None:
    """Field filter: surrounding white space is never part of what a member meant."""
    return value.strip() if isinstance(value, str) else value


def email_field(label: str = "Email") -> EmailField:
    return EmailField(
        label,
        validators=[
            DataRequired("Enter your email address."),
            Email("Enter an email address like name@example.com."),
            Length(max=254, message="That email address is too long."),
        ],
        filters=[lambda v: v.strip().lower() if v else v],
        render_kw={"autocomplete": "email"},
    )


def new_password_fields() -> tuple[PasswordField, PasswordField]:
    password = PasswordField(
        "Password",
        validators=[
            DataRequired("Choose a password."),
            Length(min=MIN_PASSWORD, max=200,
                   message=f"Use at least {MIN_PASSWORD} characters."),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[
            DataRequired("Repeat the password."),
            EqualTo("password", message="The two passwords are not the same."),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


# Characters no member means to type: C0 controls (NUL, bell, escape...) and DEL.
_CONTROL = {chr(c) for c in range(32)} | {"\x7f"}
_LINE_BREAKS = {"\n", "\r", "\t"}


class SingleLine:
    """Validator for one-line fields (names, subjects, companies): no control characters.

    A newline in a name breaks email headers and CSV rows; a NUL byte breaks PostgreSQL.
    """

    def __init__(self, message: str = "Use one line of ordinary text (no control characters "
                                      "or line breaks).") -> None:
        self.message = message

    def __call__(self, _form: FlaskForm, field: Field) -> None:
        if isinstance(field.data, str) and any(ch in _CONTROL for ch in field.data):
            raise ValidationError(self.message)


class PlainText:
    """Validator for multi-line text: line breaks and tabs allowed, other controls not."""

    def __init__(self, message: str = "Remove the control characters from this text.") -> None:
        self.message = message

    def __call__(self, _form: FlaskForm, field: Field) -> None:
        if isinstance(field.data, str) and any(
                ch in _CONTROL and ch not in _LINE_BREAKS for ch in field.data):
            raise ValidationError(self.message)


#: The largest id a URL or form may name (PostgreSQL's INTEGER); larger ones are 404 / errors.
MAX_ID = 2**31 - 1


def safe_id(value: object) -> int:
    """``coerce`` for id select fields: an int in 0..MAX_ID, else 0 (treated as "none")."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return 0
    return number if 0 <= number <= MAX_ID else 0
