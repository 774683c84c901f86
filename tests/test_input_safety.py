"""Typed input: one-line fields refuse control characters, multi-line ones refuse NUL, with
a clear message and nothing typed lost; hostile URLs are a 400/404 (the fuzz test,
tests/test_fuzz.py, sends far more)."""

from __future__ import annotations

import html
import importlib
import inspect
import pkgutil
from decimal import Decimal

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import Form, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.validators import AnyOf

import partner_net
from partner_net.amounts import AmountField, valid_amount
from partner_net.forms import PlainText, SingleLine, one_line, search_words
from tests import factories

pytestmark = pytest.mark.usefixtures("fresh_g")


def all_forms() -> list[type[FlaskForm]]:
    for info in pkgutil.walk_packages(partner_net.__path__, "partner_net."):
        if info.name.endswith(".forms"):
            importlib.import_module(info.name)

    def below(cls: type) -> list[type]:
        return [c for sub in cls.__subclasses__() for c in (sub, *below(sub))]

    return sorted({c for c in below(FlaskForm) if c.__module__.startswith("partner_net")},
                  key=lambda c: f"{c.__module__}.{c.__name__}")


def typed_fields(form: type[FlaskForm]):
    """(name, field class, validator classes) of the fields a person types into."""
    for name, unbound in inspect.getmembers(form, lambda v: hasattr(v, "field_class")):
        cls = unbound.field_class
        if not issubclass(cls, StringField) or issubclass(cls, HiddenField | PasswordField):
            continue
        validators = unbound.kwargs.get("validators") or []
        if any(isinstance(v, AnyOf) for v in validators):
            continue  # one of a few fixed words
        yield name, cls, {type(v) for v in validators}


def test_every_typed_field_refuses_control_characters():
    missing = []
    for form in all_forms():
        for name, cls, validators in typed_fields(form):
            wanted = (PlainText, SingleLine) if issubclass(cls, TextAreaField) else (SingleLine,)
            if not validators & set(wanted):
                missing.append(f"{form.__module__}.{form.__name__}.{name}")
    assert missing == []


@pytest.mark.parametrize("value", ["a\nb", "a\rb", "a\x00b", "tab\there", "esc\x1b", "\x7f",
                                   "nel\x85", "line\u2028separator"])
def test_single_line_refuses_every_kind_of_line_break_and_control(value):
    class LineForm(Form):
        name = StringField(validators=[SingleLine()])

    form = LineForm(MultiDict({"name": value}))
    assert not form.validate()
    assert form.name.errors == ["Use one line of ordinary text: no line breaks, tabs or "
                                "control characters."]


def test_plain_text_keeps_line_breaks_and_refuses_nul():
    class NoteForm(Form):
        text = TextAreaField(validators=[PlainText()])

    assert NoteForm(MultiDict({"text": "one\r\ntwo\n\tthree\u2028four"})).validate()
    form = NoteForm(MultiDict({"text": "one\x00two"}))
    assert not form.validate() and "control characters" in form.text.errors[0]


def test_search_words_turn_control_characters_into_spaces():
    assert search_words(" roof\x00tiles\n ") == "roof tiles"
    assert search_words(None) == ""
    assert search_words("x" * 500, 100) == "x" * 100


def test_one_line_filter_squashes_spaces_but_leaves_breaks_for_the_validator():
    assert one_line("  Acme   Roofing  ") == "Acme Roofing"
    assert one_line("Acme\nRoofing") == "Acme\nRoofing"
    assert one_line(None) is None


@pytest.mark.parametrize("typed", ["sNaN", "NaN", "-Infinity", "1e999999"])
def test_amounts_that_are_not_numbers_are_a_form_error(typed):
    class AmountForm(Form):
        amount = AmountField(places=2, validators=[valid_amount])

    form = AmountForm(MultiDict({"amount": typed}))
    assert not form.validate()  # no InvalidOperation from the comparison
    assert form.amount.errors
    assert AmountForm(MultiDict({"amount": "1250.50"})).amount.data == Decimal("1250.50")


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_profile_keeps_what_was_typed_and_says_why(client, auth, world):
    auth.login(world.alice)
    response = client.post("/profile", data={
        "name": "Alice\r\nBcc: x@example.com", "business": "Archer Roofing",
        "bio": "Roofs.\x00", "website": "", "phone": "", "category": "Roofer",
    })
    text = page(response)
    assert response.status_code == 200
    assert "Use one line of ordinary text" in text
    assert "Remove the control characters" in text
    assert "Archer Roofing" in text and "Bcc: x@example.com" in text  # nothing typed lost
    assert world.alice.name == "Alice Archer"


@pytest.mark.parametrize("field, value", [
    ("name", "North\x00Star"), ("meeting_place", "The Hotel\nRoom 2"),
])
def test_group_settings_refuse_control_characters(client, auth, world, field, value):
    auth.login(world.organizer)
    data = {"name": "North Star", "meeting_weekday": "2", "meeting_time": "07:00",
            "meeting_place": "The Riverside Hotel", "timezone": "Europe/London",
            "currency": "GBP", "locale": "en_GB", "exclusive_categories": "y", field: value}
    response = client.post(f"/g/{world.group.slug}/manage/settings", data=data)
    assert response.status_code == 200
    assert "Use one line of ordinary text" in page(response)


def test_ideal_client_invitations_and_one_to_ones(client, auth, world):
    auth.login(world.organizer)
    response = client.post("/profile/clients/new", data={"title": "Cafés\x1b[31m"})
    assert "Use one line of ordinary text" in page(response)
    response = client.post(f"/g/{world.group.slug}/manage/invitations",
                           data={"emails": "dana@example.com\x00"})
    assert "Remove the control characters" in page(response)
    response = client.post(f"/g/{world.group.slug}/one-to-ones", data={
        "partner": str(world.alice.id), "met_on": "2026-11-20", "notes": "Good\x00talk"})
    assert "Remove the control characters" in page(response)


def test_a_prospect_name_with_a_line_break_is_refused(client, auth, world):
    auth.login(world.alice)
    response = client.post("/referrals/new", data={
        "receiver": str(world.bob.id), "group": str(world.group.id),
        "prospect_name": "Priya\nSubject: spam", "prospect_phone": "+44 20 7946 0018",
        "need": "A roof", "temperature": "3"})
    assert response.status_code in (200, 400)
    assert "Use one line of ordinary text" in page(response)


def test_hostile_urls_are_refused_cleanly(client, auth, world):
    auth.login(world.alice)
    assert client.get("/g/abc%00def/").status_code == 404
    assert client.get(f"/g/{world.group.slug}/members/2147483648").status_code == 404
    assert client.get(f"/g/{world.group.slug}/members/{2**63}").status_code == 404
    for search in ("members?q=a%00b&category=%00", "members?q=a%0Ab", "sphere?q=%00&rung=%00"):
        assert client.get(f"/g/{world.group.slug}/{search}").status_code == 200
    member = factories.make_member("Zed Zero")
    assert client.get(f"/g/{world.group.slug}/members/{member.id}").status_code == 404
