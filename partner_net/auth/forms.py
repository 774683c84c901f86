from __future__ import annotations

import sqlalchemy as sa
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, ValidationError

from partner_net.extensions import db
from partner_net.forms import SingleLine, email_field, new_password_fields, one_line
from partner_net.models import Member


def name_field() -> StringField:
    return StringField(
        "Your name",
        validators=[
            DataRequired("Enter your name."),
            SingleLine(),
            Length(max=120, message="Keep it under 120 characters."),
        ],
        filters=[one_line],
        render_kw={"autocomplete": "name"},
    )


class SignInForm(FlaskForm):
    email = email_field()
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password.")],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField("Keep me signed in on this device")
    next = HiddenField()
    submit = SubmitField("Sign in")


class SignUpForm(FlaskForm):
    name = name_field()
    email = email_field()
    password, confirm = new_password_fields()
    submit = SubmitField("Create my account")

    EMAIL_TAKEN = "An account with this email already exists. Sign in, or reset your password."

    def validate_email(self, field: StringField) -> None:
        if db.session.scalar(sa.select(Member.id).filter_by(email=field.data)):
            raise ValidationError(self.EMAIL_TAKEN)


class ForgotPasswordForm(FlaskForm):
    email = email_field()
    submit = SubmitField("Email me a reset link")


class ResetPasswordForm(FlaskForm):
    password, confirm = new_password_fields()
    submit = SubmitField("Set my new password")
