"""Form pieces shared by the blueprints."""

from __future__ import annotations

import re
import unicodedata

import wtforms
import wtforms.widgets.core
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import EmailField, Field, PasswordField
from wtforms.validators import DataRequired, Email, EqualTo, Length, StopValidation
from wtforms.widgets import Select
from wtforms.widgets.core import clean_key


class EmptyForm(FlaskForm):
    """Carries only the CSRF token, for POST-only buttons."""


MIN_PASSWORD = 10


def strip(value: str | None) -> str | None:
    """Field filter: surrounding white space is never part of what a member meant."""
    return value.strip() if isinstance(value, str) else value


def search_words(value: str | None, limit: int = 200) -> str:
    """Words typed in a search box (``?q=``): control characters become spaces, so that a
    NUL byte searches for nothing rather than breaking PostgreSQL."""
    text = "".join(" " if unicodedata.category(ch) in _NOT_IN_A_LINE else ch
                   for ch in (value or "")[:limit])
    return " ".join(text.split())


def one_line(value: str | None) -> str | None:
    """Field filter for one-line fields: stripped, runs of spaces made one. Line breaks and
    other control characters are left for :class:`SingleLine` to refuse (with a message),
    not silently removed."""
    return re.sub(r" {2,}", " ", value.strip()) if isinstance(value, str) else value


def email_field(label: str = "Email") -> EmailField:
    return EmailField(
        label,
        validators=[
            DataRequired("Enter your email address."),
            SingleLine(),
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


# Characters no member means to type in one line: control characters (C0 and C1: NUL,
# tab, line feed, escape, DEL, NEL...) and the Unicode line and paragraph separators.
_NOT_IN_A_LINE = {"Cc", "Zl", "Zp"}
#: What multi-line text may hold besides printable characters: line breaks of any kind, tabs.
_LINE_BREAKS = frozenset({"\n", "\r", "\t", "\x85", "\u2028", "\u2029"})


def control_characters(text: str, allowed: set[str] | frozenset[str] = frozenset()) -> bool:
    """Whether ``text`` holds a control character (or line separator) not in ``allowed``."""
    return any(unicodedata.category(ch) in _NOT_IN_A_LINE and ch not in allowed for ch in text)


class SingleLine:
    """Validator for one-line fields (names, subjects, companies): no control characters.

    A newline in a name breaks email headers and CSV rows; a NUL byte breaks PostgreSQL.
    Put it first: it stops the field's other checks, which may look the value up.
    """

    def __init__(self, message: str = "Use one line of ordinary text: no line breaks, tabs "
                                      "or control characters.") -> None:
        self.message = message

    def __call__(self, _form: FlaskForm, field: Field) -> None:
        if isinstance(field.data, str) and control_characters(field.data):
            raise StopValidation(self.message)  # later checks may query with the value


class PlainText:
    """Validator for multi-line text: line breaks and tabs allowed, other controls not."""

    def __init__(self, message: str = "Remove the control characters (such as NUL bytes) from "
                                      "this text.") -> None:
        self.message = message

    def __call__(self, _form: FlaskForm, field: Field) -> None:
        if isinstance(field.data, str) and control_characters(field.data, _LINE_BREAKS):
            raise StopValidation(self.message)


#: The largest id a URL or form may name (PostgreSQL's INTEGER); larger ones are 404 / errors.
MAX_ID = 2**31 - 1


def version_seen(text: str | None, missing: int = 0) -> int:
    """The version a form was opened at (its hidden ``version`` field): -1, a conflict,
    for anything that is not one; ``missing`` when none was sent."""
    if not text:
        return missing
    try:
        value = int(text)
    except ValueError:
        return -1
    return value if 0 <= value <= MAX_ID else -1


def safe_id(value: object) -> int:
    """``coerce`` for id select fields: an int in 0..MAX_ID, else 0 (treated as "none")."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return 0
    return number if 0 <= number <= MAX_ID else 0


class QuickSelect(Select):
    """WTForms' ``<select>`` writing its plain options directly, byte for byte as WTForms
    does (``<option selected value="3">Ada Archer</option>``): its general attribute
    writer cost about 12 µs an option, 1 ms for a list of a chapter's members, and several
    pages show two or more such lists. Options with attributes of their own go the
    general way."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw:
            return super().render_option(choice, **kwargs)
        value = choice.value
        if isinstance(value, bool):
            value = str(value)
        label = escape(choice.label or choice.value)
        if choice.selected:
            return Markup(f'<option selected value="{escape(value)}">{label}</option>')
        return Markup(f'<option value="{escape(value)}">{label}</option>')


class OneMessage:
    """A typed value that cannot be read gets its own message and no other: the
    validators after it (a range, "required") would only add a second message about a
    value that is not there. Nothing typed is left to the field's validators (its own
    "required" message, or none when it is optional)."""

    #: Said when the text typed cannot be read as this field's kind of value.
    unreadable = ""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("invalid_value_message", self.unreadable)
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not "".join(valuelist).strip():
            self.data = None  # nothing typed: "required" or "optional" says what to do
            return
        super().process_formdata(valuelist)

    def pre_validate(self, form) -> None:
        if self.process_errors:
            raise StopValidation()
        super().pre_validate(form)


class IntegerField(OneMessage, wtforms.IntegerField):
    unreadable = "Enter a whole number, like 12."


class DateField(OneMessage, wtforms.DateField):
    unreadable = "Enter the date, like 2026-12-01."


class TimeField(OneMessage, wtforms.TimeField):
    unreadable = "Enter the time as HH:MM, for example 07:00."


class SelectField(wtforms.SelectField):
    """``wtforms.SelectField`` with :class:`QuickSelect` (same HTML, faster)."""

    widget = QuickSelect()


#: WTForms' own, kept for the test that compares the two.
wtforms_html_params = wtforms.widgets.core.html_params


def html_params(**kwargs: object) -> Markup:
    """``wtforms.widgets.html_params``, the same text (attributes sorted by name, ``True``
    bare, ``False`` left out, values escaped) without ``Markup.format``, which made it
    take about 8 times as long: every input, label and option of every form pays it."""
    params = []
    for key, value in sorted(kwargs.items()):
        name = escape(clean_key(key))
        if value is True:
            params.append(name)
        elif value is not False:
            params.append(f'{name}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    return Markup(" ".join(params))


def use_quick_html_params() -> None:
    """WTForms' widgets and labels look ``html_params`` up in their modules at each call:
    point those names at :func:`html_params` (tests/test_forms_html.py checks that both
    write the same)."""
    wtforms.widgets.core.html_params = html_params
    wtforms.widgets.html_params = html_params
    # Inputs (text, hidden, date, submit, the CSRF token...) and buttons call it through
    # a class attribute bound when WTForms was imported: the module name alone left every
    # <input> on the slow writer.
    for widget in (wtforms.widgets.core.Input, wtforms.widgets.core.Button):
        widget.html_params = staticmethod(html_params)
