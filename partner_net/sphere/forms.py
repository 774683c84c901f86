"""The forms of My sphere. Every form that creates rows carries a one-time ``token``."""

from __future__ import annotations

import secrets
from datetime import date

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    SubmitField,
    TelField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from partner_net.domain import sphere as rules
from partner_net.forms import (
    DateField,
    IntegerField,
    PlainText,
    SelectField,
    SingleLine,
    safe_id,
    strip,
)
from partner_net.sphere.service import ContactFields

NOTE_MAX = 1000
NOTES_MAX = 4000
EARLIEST = date(2000, 1, 1)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_field() -> HiddenField:
    return HiddenField(validators=[
        DataRequired("This form has expired; reload the page and try again."),
        Regexp(r"^[A-Za-z0-9_-]{16,64}$", message="This form has expired; reload the page."),
    ])


class TokenForm(FlaskForm):
    """A form that creates rows: its token is fresh on every render, kept on a re-render."""

    token = token_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.token.data:
            self.token.data = new_token()


def rung_choices() -> list[SelectChoice]:
    return [SelectChoice(r.key, r.label) for r in rules.rules().rungs]


def name_field(label: str = "Name") -> StringField:
    return StringField(label, filters=[strip], validators=[
        DataRequired("Enter their name."), SingleLine(),
        Length(max=160, message="Keep the name under 160 characters.")],
        render_kw={"autocomplete": "off", "maxlength": 160})


def email_field() -> EmailField:
    return EmailField("Email", filters=[strip], validators=[
        Optional(), SingleLine(), Email("Enter an email address like name@example.com."),
        Length(max=254, message="That email address is too long.")],
        render_kw={"autocomplete": "off", "inputmode": "email"})


def phone_field() -> TelField:
    return TelField("Phone", filters=[strip], validators=[
        Optional(), SingleLine(), Length(max=40, message="Keep the phone number under 40 "
                                                         "characters."),
        Regexp(r"^[0-9+()./\- ]*$", message="Use digits, spaces, + ( ) - . only.")],
        render_kw={"autocomplete": "off", "inputmode": "tel"})


def company_field() -> StringField:
    return StringField("Company", filters=[strip], validators=[
        Optional(), SingleLine(), Length(max=160, message="Keep it under 160 characters.")],
        render_kw={"maxlength": 160})


class QuickAddForm(TokenForm):
    """Name and one way to reach them; the rest can wait."""

    name = name_field()
    email = email_field()
    phone = phone_field()
    company = company_field()
    rung = SelectField("On the ladder", choices=rung_choices, default="suspect",
                       validators=[DataRequired("Choose a rung.")])
    submit = SubmitField("Add to my sphere")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.email.data and not self.phone.data and not self.email.errors \
                and not self.phone.errors:
            self.email.errors = [*self.email.errors,
                                 "Enter an email address or a phone number (or both)."]
            return False
        return valid

    def fields(self) -> ContactFields:
        return ContactFields(name=self.name.data, email=self.email.data or "",
                             phone=self.phone.data or "", company=self.company.data or "",
                             rung=self.rung.data)


class ContactForm(FlaskForm):
    """Every detail of a contact (the rung moves on the contact's page, as an event)."""

    version = HiddenField()
    name = name_field()
    company = company_field()
    email = email_field()
    phone = phone_field()
    how_known = StringField("How I know them", filters=[strip], validators=[
        Optional(), SingleLine(), Length(max=200, message="Keep it under 200 characters.")],
        render_kw={"maxlength": 200, "placeholder": "e.g. Client since 2021; school friend"})
    tags = StringField("Tags", filters=[strip], validators=[
        Optional(), SingleLine(), Length(max=200, message="Keep the tags under 200 "
                                                          "characters.")],
        render_kw={"maxlength": 200, "placeholder": "e.g. golf, restaurant owners"})
    strength = IntegerField("Relationship strength (1–10)", validators=[
        Optional(), NumberRange(1, 10, "Rate the relationship from 1 to 10.")],
        render_kw={"min": 1, "max": 10, "inputmode": "numeric"})
    cadence_days = IntegerField("Touch every … days", validators=[
        Optional(), NumberRange(1, 730, "Choose from 1 to 730 days.")],
        render_kw={"min": 1, "max": 730, "inputmode": "numeric"})
    notes = TextAreaField("Private notes", filters=[strip], validators=[
        Optional(), PlainText(), Length(max=NOTES_MAX, message=f"Keep the notes under "
                                                               f"{NOTES_MAX:,} characters.")],
        render_kw={"rows": 4, "maxlength": NOTES_MAX})
    submit = SubmitField("Save")

    def fields(self, rung: str) -> ContactFields:
        return ContactFields(
            name=self.name.data, email=self.email.data or "", phone=self.phone.data or "",
            company=self.company.data or "", rung=rung, how_known=self.how_known.data or "",
            tags=self.tags.data or "", notes=self.notes.data or "",
            strength=self.strength.data, cadence_days=self.cadence_days.data)


class TouchForm(TokenForm):
    """One tap: the channel is the button pressed; a note and a date are optional."""

    channel = HiddenField(validators=[DataRequired("Choose how you were in touch.")])
    note = TextAreaField("Note (optional)", filters=[strip], validators=[
        Optional(), PlainText(), Length(max=NOTE_MAX, message=f"Keep the note under "
                                                              f"{NOTE_MAX:,} characters.")],
        render_kw={"rows": 2, "maxlength": NOTE_MAX})
    touched_on = DateField("When", validators=[Optional()])

    def __init__(self, *args, today: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.touched_on.render_kw = {"min": EARLIEST.isoformat(), "max": today.isoformat()}

    def validate_channel(self, field: HiddenField) -> None:
        if field.data not in rules.rules().channel_keys:
            raise ValidationError("Choose how you were in touch.")

    def validate_touched_on(self, field: DateField) -> None:
        if field.data and field.data > self.today:
            raise ValidationError("That date is in the future; log a touch once it happened.")
        if field.data and field.data < EARLIEST:
            raise ValidationError(f"Enter a date from {EARLIEST.year} onwards.")

    @property
    def day(self) -> date:
        return self.touched_on.data or self.today


class SnoozeForm(FlaskForm):
    version = HiddenField()
    days = IntegerField(validators=[InputRequired("Choose how long."), NumberRange(1, 90)])


class LadderForm(FlaskForm):
    seen = HiddenField()
    direction = SelectField(choices=[SelectChoice("up", "Up"), SelectChoice("down", "Down")],
                            validators=[DataRequired()])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ChecklistForm(FlaskForm):
    version = HiddenField()
    strength = IntegerField("How strong is this relationship? (1–10)", validators=[
        Optional(), NumberRange(1, 10, "Rate the relationship from 1 to 10.")],
        render_kw={"min": 1, "max": 10, "inputmode": "numeric"})
    earned = MultiCheckboxField("Have I earned the right to ask?", validate_choice=True,
                                choices=lambda: [SelectChoice(q.key, q.label)
                                                 for q in rules.rules().questions])
    submit = SubmitField("Save my answers")


class LinkReferralForm(FlaskForm):
    referral = SelectField("A referral you gave for them", coerce=safe_id,
                           validate_choice=False, validators=[
                               DataRequired("Choose one of the referrals you gave.")])
    submit = SubmitField("Link it")


class EntryForm(FlaskForm):
    """What a person on my referral list is good for, and why I vouch for them."""

    what_for = StringField("What I refer them for", filters=[strip], validators=[
        DataRequired("Say what you refer them for."), SingleLine(),
        Length(max=200, message="Keep it under 200 characters.")],
        render_kw={"maxlength": 200, "placeholder": "e.g. Kitchen refits in older houses"})
    why = TextAreaField("Why I vouch for them", filters=[strip], validators=[
        Optional(), PlainText(), Length(max=500, message="Keep it under 500 characters.")],
        render_kw={"rows": 2, "maxlength": 500})


class PartnerEntryForm(EntryForm):
    partner = SelectField("A partner in the group", coerce=safe_id, validate_choice=False,
                          validators=[DataRequired("Choose a member.")])
    submit = SubmitField("Add to my list")


class ContactEntryForm(EntryForm):
    submit = SubmitField("Put on my referral list")


class CriteriaForm(FlaskForm):
    referral_criteria = TextAreaField("I refer people who…", filters=[strip], validators=[
        Optional(), PlainText(), Length(max=2000, message="Keep it under 2,000 characters.")],
        render_kw={"rows": 3, "maxlength": 2000})
    submit = SubmitField("Save")


class SharingForm(FlaskForm):
    with_group = BooleanField("Show my referral list on my member page, to my groups")
    submit = SubmitField("Save")


class ImportForm(FlaskForm):
    file = FileField("A vCard (.vcf) or CSV file from your phone or email",
                     validators=[FileRequired("Choose a file to import.")],
                     render_kw={"accept": ".vcf,.vcard,.csv,text/vcard,text/csv"})
    submit = SubmitField("Preview")


class ConfirmImportForm(FlaskForm):
    payload = HiddenField(validators=[DataRequired()])
    pick = SelectMultipleField(coerce=int, validate_choice=False)
    rung = SelectField("Put them on the rung", choices=rung_choices, default="suspect")
    submit = SubmitField("Import the ticked contacts")


class ThanksForm(TokenForm):
    channel = SelectField("What did you do?", validators=[DataRequired()],
                          choices=lambda: [SelectChoice(c.key, c.label)
                                           for c in rules.rules().channels])
    note = TextAreaField("What it was (private)", filters=[strip], validators=[
        Optional(), PlainText(), Length(max=NOTE_MAX, message=f"Keep it under "
                                                              f"{NOTE_MAX:,} characters.")],
        render_kw={"rows": 2, "maxlength": NOTE_MAX,
                   "placeholder": "e.g. Tickets to Saturday's match"})
    submit = SubmitField("Log it as a touch")
