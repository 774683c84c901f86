"""Forms for a member's profile and ideal-client profiles."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from wtforms import (
    Field,
    HiddenField,
    StringField,
    SubmitField,
    TelField,
    TextAreaField,
    URLField,
)
from wtforms.validators import AnyOf, DataRequired, Length, ValidationError

from partner_net.forms import PlainText, SingleLine, one_line, strip
from partner_net.members.directory import normalise_category, normalise_keywords
from partner_net.models import Member
from partner_net.seats import seat_conflicts

TALKABLE_MAX = 500
PHONE_CHARS = re.compile(r"^[0-9 +().\-]+$")
SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:(?!\d)", re.IGNORECASE)
HOSTNAME = re.compile(
    r"^(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$|^localhost$", re.IGNORECASE
)


def length(limit: int, what: str = "it") -> Length:
    return Length(max=limit, message=f"Keep {what} under {limit} characters.")


def validate_phone(_form: FlaskForm, field: Field) -> None:
    """Optional; digits, spaces and + ( ) - . only, with 6 to 20 digits."""
    if not field.data:
        return
    if not PHONE_CHARS.match(field.data):
        raise ValidationError("Use only digits, spaces and + ( ) - . in a phone number.")
    digits = sum(c.isdigit() for c in field.data)
    if not 6 <= digits <= 20:
        raise ValidationError("A phone number has between 6 and 20 digits.")


def normalise_website(value: str) -> str | None:
    """``value`` as an http(s) URL (``example.com`` gets ``https://``), or None if it is not one."""
    if " " in value:
        return None
    if "://" not in value:
        if SCHEME.match(value):  # mailto:, javascript: and the like
            return None
        value = "https://" + value
    parts = urlsplit(value)
    if parts.scheme.lower() not in {"http", "https"}:
        return None
    try:
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return None
    if not HOSTNAME.match(host):
        return None
    return value


def validate_website(_form: FlaskForm, field: Field) -> None:
    """Optional; accepts ``example.com`` and stores it as ``https://example.com``."""
    if not field.data:
        return
    normalised = normalise_website(field.data)
    if normalised is None:
        raise ValidationError("Enter a web address like example.com or https://example.com.")
    field.data = normalised


class ProfileForm(FlaskForm):
    name = StringField(
        "Your name",
        validators=[SingleLine(), DataRequired("Enter your name."), length(120, "your name")],
        filters=[one_line],
        render_kw={"autocomplete": "name"},
    )
    business = StringField(
        "Business", validators=[SingleLine(), length(160, "the business name")], filters=[one_line],
        render_kw={"autocomplete": "organization"},
    )
    category = StringField(
        "Category or profession", validators=[SingleLine(), length(120, "the category")],
        filters=[one_line],
        render_kw={"list": "category-suggestions", "autocomplete": "organization-title"},
    )
    phone = TelField(
        "Phone", validators=[SingleLine(), length(40, "the phone number"), validate_phone],
        filters=[strip],
        render_kw={"autocomplete": "tel", "inputmode": "tel"},
    )
    website = URLField(
        "Website", validators=[SingleLine(), length(300, "the web address"), validate_website],
        filters=[strip], render_kw={"autocomplete": "url", "placeholder": "example.com"},
    )
    bio = TextAreaField(
        "About you and your business", validators=[PlainText(), length(4000, "your bio")],
        filters=[strip],
        render_kw={"rows": 5},
    )
    talkable_difference = TextAreaField(
        "What makes you worth talking about",
        validators=[PlainText(), length(TALKABLE_MAX, "your talkable difference")],
        filters=[strip],
        render_kw={"rows": 3, "maxlength": TALKABLE_MAX},
    )
    referral_criteria = TextAreaField(
        "I refer people who…", validators=[PlainText(), length(1000, "your referral criteria")],
        filters=[strip], render_kw={"rows": 3},
    )
    submit = SubmitField("Save my profile")

    def __init__(self, *args: Any, member: Member, **kwargs: Any) -> None:
        super().__init__(*args, obj=member, **kwargs)
        self.member = member

    def validate_category(self, field: Field) -> None:
        """In groups with one seat per category, the category must be free."""
        if normalise_category(field.data) == normalise_category(self.member.category):
            return  # unchanged: keeping a seat is never a new conflict
        # Every message names a seat holder; show them all (one per group).
        field.errors.extend(seat_conflicts(self.member, field.data or ""))


class IdealClientForm(FlaskForm):
    title = StringField(
        "Who they are",
        validators=[SingleLine(), DataRequired("Give this ideal client a short title."),
                    length(120, "the title")],
        filters=[one_line],
        render_kw={"placeholder": "Independent restaurant owners"},
    )
    industry = StringField("Industry", validators=[SingleLine(), length(120, "the industry")],
                           filters=[one_line])
    segment = StringField("Size or segment", validators=[SingleLine(), length(120, "the segment")],
                          filters=[one_line], render_kw={"placeholder": "10–50 staff"})
    area = StringField("Area", validators=[SingleLine(), length(120, "the area")],
    filters=[one_line],
                       render_kw={"placeholder": "Within 20 miles of town"})
    frustration = TextAreaField(
        "Their common frustration", validators=[PlainText(), length(2000, "the frustration")],
        filters=[strip], render_kw={"rows": 3},
    )
    triggers = TextAreaField(
        "What it looks like when they need me",
        validators=[PlainText(), length(2000, "the triggers")],
        filters=[strip], render_kw={"rows": 3},
    )
    value = TextAreaField(
        "The value I deliver", validators=[PlainText(), length(2000, "the value")], filters=[strip],
        render_kw={"rows": 3},
    )
    keywords = StringField(
        "Keywords", validators=[SingleLine(), length(300, "the keywords")],
        filters=[normalise_keywords],
        render_kw={"placeholder": "POS, franchise, food safety"},
    )
    submit = SubmitField("Save")


class MoveForm(FlaskForm):
    direction = HiddenField(validators=[AnyOf(["up", "down"], message="Move up or down.")])
