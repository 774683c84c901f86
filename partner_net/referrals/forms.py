from __future__ import annotations

import re
import secrets

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    RadioField,
    SelectChoice,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from partner_net.amounts import AmountField, valid_amount
from partner_net.forms import DateField, PlainText, SelectField, SingleLine, safe_id, strip
from partner_net.referrals.pipeline import LABELS, TEMPERATURES, Status
from partner_net.referrals.service import GIVE_TOKEN, THANK_YOU_METHODS, Move, Prospect

PHONE = re.compile(r"^\+?[\d\s().-]{6,25}$")


def validate_phone(_form: FlaskForm, field: StringField) -> None:
    digits = re.sub(r"\D", "", field.data or "")
    if field.data and (not PHONE.match(field.data) or not 6 <= len(digits) <= 20):
        raise ValidationError("Enter a phone number of 6 to 20 digits, like +44 20 7946 0018.")


def parse_version(value: object) -> object:
    """The version a form was built from. Unreadable or absurd values become 0, which no
    referral has, so they read as "changed meanwhile" rather than as an error."""
    if value is None or value == "" or isinstance(value, int):
        return value if value != "" else None
    try:
        number = int(str(value))
    except ValueError:
        return 0
    return number if 0 < number < 2**31 else 0


class VersionedForm(FlaskForm):
    """A form that changes a referral: it carries the version it was built from, for the
    compare-and-set (``partner_net.referrals.service.claim``)."""

    version = HiddenField(filters=[parse_version])

    def seen(self) -> int | None:
        return self.version.data if isinstance(self.version.data, int) else None


def new_token() -> str:
    return secrets.token_urlsafe(24)


class ProspectFields(FlaskForm):
    prospect_name = StringField(
        "Prospect's name",
        validators=[DataRequired("Whom are you referring? Enter their name."), SingleLine(),
                    Length(max=160, message="Keep the name under 160 characters.")],
        filters=[strip],
        render_kw={"autocomplete": "off"},
    )
    prospect_company = StringField(
        "Their business", validators=[Optional(), SingleLine(), Length(max=160)],
        filters=[strip],
        render_kw={"autocomplete": "off"},
    )
    prospect_email = EmailField(
        "Their email",
        validators=[Optional(), SingleLine(),
                    Email("Enter an email address like name@example.com."), Length(max=254)],
        filters=[strip],
        render_kw={"autocomplete": "off", "inputmode": "email"},
    )
    prospect_phone = StringField(
        "Their phone", validators=[Optional(), SingleLine(), validate_phone], filters=[strip],
        render_kw={"autocomplete": "off", "inputmode": "tel", "type": "tel"},
    )
    need = TextAreaField(
        "What they need",
        validators=[DataRequired("Say in a few words what they need."), PlainText(),
                    Length(max=1000, message="Keep it under 1,000 characters.")],
        filters=[strip],
        render_kw={"rows": 3, "placeholder": "e.g. their café's roof leaks after every storm"},
    )
    temperature = RadioField(
        "How warm is it?",
        choices=[SelectChoice(level, f"{level} · {text}") for level, text in TEMPERATURES.items()],
        coerce=int,
        default=3,
        validators=[InputRequired("Choose how warm the referral is.")],
    )
    expects_call = BooleanField("They expect the call")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.prospect_phone.data and not self.prospect_email.data:
            self.prospect_phone.errors = [
                *self.prospect_phone.errors,
                "Give an email or a phone number, so they can be reached.",
            ]
            return False
        return valid

    def prospect(self) -> Prospect:
        return Prospect(
            name=self.prospect_name.data, company=self.prospect_company.data or "",
            email=self.prospect_email.data or "", phone=self.prospect_phone.data or "",
            need=self.need.data, temperature=self.temperature.data,
            expects_call=self.expects_call.data,
        )

    def fill_from(self, referral) -> None:
        self.prospect_name.data = referral.prospect_name
        self.prospect_company.data = referral.prospect_company
        self.prospect_email.data = referral.prospect_email
        self.prospect_phone.data = referral.prospect_phone
        self.need.data = referral.need
        self.temperature.data = referral.temperature
        self.expects_call.data = referral.expects_call


class GiveForm(ProspectFields):
    #: One-time token: the same form posted twice (a double click) records one referral.
    token = HiddenField(validators=[Optional(), Regexp(rf"^{GIVE_TOKEN.pattern}\Z")],
                        default=new_token)
    receiver = SelectField("Refer to", coerce=safe_id, validate_choice=False,
                           validators=[DataRequired("Choose the member you are referring to.")])
    group = SelectField("Record it in", coerce=safe_id, validate_choice=False,
                        validators=[Optional()])
    submit = SubmitField("Give the referral")


class EditForm(ProspectFields, VersionedForm):
    submit = SubmitField("Save the correction")


class MoveForm(VersionedForm):
    to = SelectField("New status", validate_choice=False,
                     validators=[DataRequired("Choose the new status.")])
    note = TextAreaField("Note", validators=[PlainText(), Length(max=2000)], filters=[strip],
                         render_kw={"rows": 2})
    shared = BooleanField("Share this with the referrer", default=True)
    value = AmountField("Value of the business closed", places=2,
                        validators=[Optional(), valid_amount],
                        render_kw={"inputmode": "decimal", "autocomplete": "off"})
    #: Not shown: closed values are in the group's currency. A script that sends another
    #: currency is told so (``service._check_amount``), never silently converted.
    currency = StringField("Currency", validators=[Optional(), SingleLine(), Length(max=3, message=(
        "Closed business is recorded in the group's currency only."))],
        filters=[lambda v: v.strip().upper() if v else v])
    pass_to = SelectField("Pass it on to", coerce=safe_id, validate_choice=False,
                          validators=[Optional()])
    submit = SubmitField("Update")

    def validate_to(self, field: SelectField) -> None:
        if field.data not in {s.value for s in Status}:
            raise ValidationError("Choose one of the statuses offered.")

    def validate(self, extra_validators=None) -> bool:
        """What each status asks for: a value for Won, a reason for Lost, a member to pass to."""
        valid = super().validate(extra_validators)
        to = self.to.data
        if to == Status.WON and self.value.data is None and not self.value.errors:
            self.value.errors = ["Enter the value of the business closed."]
        if to in (Status.LOST, Status.NOT_A_FIT) and not self.note.data:
            self.note.errors = [*self.note.errors, f"Say why it is “{LABELS[Status(to)]}”."]
        if to == Status.PASSED_ON and not self.pass_to.data:
            self.pass_to.errors = [*self.pass_to.errors, "Choose the member who is a better fit."]
        return valid and not (self.value.errors or self.note.errors or self.pass_to.errors)

    def step(self, pass_to) -> Move:
        return Move(to=Status(self.to.data), note=self.note.data or "",
                    shared=self.shared.data, value=self.value.data,
                    currency=self.currency.data or None, pass_to=pass_to)


class NoteForm(VersionedForm):
    note = TextAreaField("Add a note", validators=[
        DataRequired("Write the note first."), PlainText(), Length(max=2000)], filters=[strip],
        render_kw={"rows": 2, "placeholder": "e.g. Called, meeting booked for Thursday"})
    shared = BooleanField("Share this with the referrer", default=True)
    submit = SubmitField("Add note")


class ThankForm(VersionedForm):
    """``when`` has no default here: the view fills in the group's local today
    (``clock.local_today``), not the server's date."""

    method = SelectField("How", choices=[SelectChoice(k, v) for k, v in THANK_YOU_METHODS.items()],
                         validators=[DataRequired("Choose how you said thank you.")])
    when = DateField("When", validators=[DataRequired("Enter the date, like 2026-11-23.")])
    note = TextAreaField("Note", validators=[PlainText(), Length(max=1000)], filters=[strip],
                         render_kw={"rows": 2})
    submit = SubmitField("Record the thank-you")


class ValueForm(VersionedForm):
    """The receiver corrects the value of a won referral (a new event; the giver told)."""

    value = AmountField("Corrected value", places=2,
                        validators=[InputRequired("Enter the corrected value."), valid_amount],
                        render_kw={"inputmode": "decimal", "autocomplete": "off"})
    reason = TextAreaField("Why it changed", validators=[PlainText(), Length(max=500)],
                           filters=[strip],
                           render_kw={"rows": 2,
                                      "placeholder": "e.g. the order grew by a second site"})
    submit = SubmitField("Correct the value")


class WithdrawForm(VersionedForm):
    reason = TextAreaField("Why withdraw it?", validators=[
        DataRequired("Say why, so the receiver understands."), PlainText(), Length(max=1000)],
        filters=[strip], render_kw={"rows": 2})
    submit = SubmitField("Withdraw the referral")


class GiverNoteForm(FlaskForm):
    note = TextAreaField("Your note to the receiver", validators=[
        DataRequired("Write the note first."), PlainText(), Length(max=2000)], filters=[strip],
        render_kw={"rows": 2, "placeholder": "e.g. She prefers a call after six"})
    submit = SubmitField("Send the note")
