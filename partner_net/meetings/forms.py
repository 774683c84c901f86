"""Forms of the meeting pages. Every text field is bounded to its column."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    FormField,
    HiddenField,
    SelectChoice,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from partner_net.amounts import AmountField, valid_amount
from partner_net.domain.attendance import CYCLE
from partner_net.forms import (
    DateField,
    IntegerField,
    PlainText,
    SelectField,
    SingleLine,
    TimeField,
    safe_id,
    strip,
)
from partner_net.meetings.live import ASK_MAX
from partner_net.meetings.rules import KINDS, MAX_ITEMS, MAX_MINUTES
from partner_net.meetings.visitors import FOLLOW_UPS, STATUSES
from partner_net.meetings.visitors import KINDS as VISITOR_KINDS
from partner_net.referrals.forms import ProspectFields, validate_phone

TOKEN = Regexp(r"^[A-Za-z0-9_-]{16,64}$", message="This form has expired; reload the page.")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_field() -> HiddenField:
    return HiddenField(validators=[DataRequired("This form has expired; reload the page."),
                                   TOKEN])


def line(label: str, max_length: int, required: str | None = None, **render_kw) -> StringField:
    validators = [DataRequired(required)] if required else [Optional()]
    validators += [SingleLine(), Length(max=max_length,
                                        message=f"Keep it under {max_length} characters.")]
    return StringField(label, validators=validators, filters=[strip],
                       render_kw={"maxlength": max_length, **render_kw})


class AskForm(FlaskForm):
    text = line("This week I'm looking for…", ASK_MAX,
                placeholder="e.g. an introduction to the facilities manager at the hospital")
    submit = SubmitField("Save my ask")


class WhenWhereForm(FlaskForm):
    day = DateField("Date", validators=[InputRequired("Enter the date, like 2026-12-01.")])
    at = TimeField("Time", format="%H:%M", validators=[
        InputRequired("Enter the time as HH:MM, for example 07:00.")])
    place = line("Where", 200)
    note = line("Message to the members", 300,
                placeholder="e.g. the hotel is closed for the holidays")


class OneOffForm(WhenWhereForm):
    submit = SubmitField("Add the meeting")


class MoveForm(WhenWhereForm):
    submit = SubmitField("Move the meeting and tell the members")


class CancelForm(FlaskForm):
    note = line("Why (the members are told)", 300, "Say why, so the members know.")
    submit = SubmitField("Cancel the meeting and tell the members")


class DetailsForm(FlaskForm):
    speaker = SelectField("Featured speaker", coerce=safe_id, validate_choice=False)
    speaker_topic = line("Speaker's topic", 200)
    education_topic = line("Education slot", 200)
    highlights = TextAreaField("Highlights", filters=[strip], render_kw={"rows": 3},
                               validators=[PlainText(), Length(max=4000)])
    submit = SubmitField("Save")


class TapForm(FlaskForm):
    seen = HiddenField(validators=[AnyOf(["", *CYCLE], message="Reload the roll call.")])


class SubstituteForm(FlaskForm):
    substitute_name = line("Substitute's name", 120, "Enter the substitute's name.")
    substitute_business = line("Their business", 160)
    submit = SubmitField("Save")


def _contact_required(form: FlaskForm) -> bool:
    if not form.email.data and not form.phone.data:
        form.email.errors = [*form.email.errors, "Give an email or a phone number."]
        return False
    return True


class VisitorFields(FlaskForm):
    name = line("Name", 120, "Enter the name.", autocomplete="name")
    business = line("Business", 160, autocomplete="organization")
    category = line("Profession", 120, placeholder="e.g. Plumber")
    email = EmailField("Email", filters=[lambda v: v.strip().lower() if v else v],
                       validators=[Optional(), SingleLine(),
                                   Email("Enter an email like name@example.com."),
                                   Length(max=254)], render_kw={"autocomplete": "email"})
    phone = StringField("Phone", filters=[strip],
                        validators=[Optional(), SingleLine(), validate_phone],
                        render_kw={"type": "tel", "inputmode": "tel", "autocomplete": "tel"})
    form_token = token_field()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return _contact_required(self) and valid


class VisitorForm(VisitorFields):
    kind = SelectField("Type", default="visitor",
                       choices=[SelectChoice(k, v) for k, v in VISITOR_KINDS.items()])
    invited_by = SelectField("Invited by", coerce=safe_id, validate_choice=False)
    submit = SubmitField("Add the visitor")


class RegisterForm(VisitorFields):
    invited_by_name = line("Who invited you? (optional)", 120)
    submit = SubmitField("Register")


class VisitorStatusForm(FlaskForm):
    seen = HiddenField(validators=[AnyOf(list(STATUSES))])
    status = SelectField("Status", choices=[SelectChoice(k, v) for k, v in STATUSES.items()])
    note = TextAreaField("Follow-up note", filters=[strip], render_kw={"rows": 2},
                         validators=[PlainText(), Length(max=2000)])
    submit = SubmitField("Save")

    def validate_note(self, field: TextAreaField) -> None:
        if self.status.data in FOLLOW_UPS and self.status.data != "joined" and not field.data:
            raise ValidationError("Say what happened when you followed up.")


ACTIONS = ("start", "item", "next_speaker", "skip", "absent", "restart", "end")


class ConsoleForm(FlaskForm):
    version = IntegerField(validators=[InputRequired(), NumberRange(min=0, max=2**31 - 1)])
    action = HiddenField(validators=[AnyOf(ACTIONS, message="Unknown action.")])
    index = IntegerField(validators=[Optional(), NumberRange(min=0, max=MAX_ITEMS)])


class SlipForm(ProspectFields):
    giver = SelectField("Giver", coerce=safe_id, validate_choice=False,
                        validators=[DataRequired("Choose who gives the referral.")])
    receiver = SelectField("Receiver", coerce=safe_id, validate_choice=False,
                           validators=[DataRequired("Choose who receives it.")])
    inside = BooleanField("The prospect is a member of this group (inside referral)")
    form_token = token_field()
    submit = SubmitField("Record the slip")


class ThanksForm(FlaskForm):
    member = SelectField("Who thanks", coerce=safe_id, validate_choice=False,
                         validators=[DataRequired("Choose who closed the business.")])
    thanked = SelectField("for business from", coerce=safe_id, validate_choice=False,
                          validators=[DataRequired("Choose who referred it.")])
    amount = AmountField("Amount", places=2, render_kw={"inputmode": "decimal"}, validators=[
        InputRequired("Enter the amount."), valid_amount])
    note = line("Note", 300)
    form_token = token_field()
    submit = SubmitField("Record the thank-you")


class AgendaItemForm(FlaskForm):
    class Meta:
        csrf = False

    kind = SelectField("Kind", choices=[SelectChoice(k, v) for k, v in KINDS.items()])
    title = line("Item", 120)
    minutes = IntegerField("Minutes", validators=[
        InputRequired("Enter the minutes (0 leaves the item out)."),
        NumberRange(min=0, max=MAX_MINUTES, message=f"Use 0 to {MAX_MINUTES} minutes.")])


def _within(label: str, low: int, high: int, message: str) -> IntegerField:
    """A required whole number from ``low`` to ``high``: one message for empty or out of
    range."""
    return IntegerField(label, validators=[InputRequired(message),
                                           NumberRange(min=low, max=high, message=message)])


class RulesForm(FlaskForm):
    agenda = FieldList(FormField(AgendaItemForm), min_entries=1, max_entries=MAX_ITEMS)
    speaking_seconds = _within("Seconds per member in the 60-second round", 15, 300,
                               "Use 15 to 300 seconds.")
    absences_allowed = _within("Absences allowed", 0, 52, "Use 0 to 52.")
    lates_per_absence = _within("Lates that count as one absence (0: never)", 0, 10,
                                "Use 0 to 10.")
    window_months = _within("Rolling window (months)", 1, 24, "Use 1 to 24 months.")
    submit = SubmitField("Save the meeting settings")


class SwapForm(FlaskForm):
    first = SelectField(lazy_gettext("Swap the speaker of"), validate_choice=True)
    second = SelectField(lazy_gettext("with the speaker of"), validate_choice=True)
    submit = SubmitField(lazy_gettext("Swap"))


class SwapAskForm(FlaskForm):
    """A member asks another to swap turns: my date (a choice of my turns), theirs."""

    mine = SelectField(lazy_gettext("My turn"), validate_choice=True)
    theirs = HiddenField(validators=[DataRequired()])
    other = HiddenField(validators=[DataRequired()])
    submit = SubmitField(lazy_gettext("Ask to swap"))


class SwapAnswerForm(FlaskForm):
    """Accept, decline or cancel: the version the member saw (compare-and-set)."""

    version = HiddenField()
    next = HiddenField()
