"""Sign up, sign in and out, forgotten passwords."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_limiter import RequestLimit
from flask_login import current_user, login_required, login_user, logout_user

from partner_net.access import next_url_from_request, safe_next_url
from partner_net.auth.forms import ForgotPasswordForm, ResetPasswordForm, SignInForm, SignUpForm
from partner_net.extensions import db, limiter
from partner_net.forms import EmptyForm
from partner_net.mail import send_email
from partner_net.models import Member, PasswordResetToken
from partner_net.models.base import new_token, utcnow

bp = Blueprint("auth", __name__, url_prefix="/auth")


def signin_limit() -> str:
    return current_app.config["SIGNIN_RATE_LIMIT"]


def signin_limit_reached(_limit: RequestLimit) -> Response:
    """Too many attempts: the same form, the email kept, a clear message, status 429."""
    form = SignInForm()
    form.validate()  # fills form.data without a second database look-up of the password
    form.password.errors = []
    form.email.errors = []
    flash("Too many sign-in attempts from here. Wait a minute and try again, "
          "or reset your password.", "error")
    return make_response(render_template("auth/signin.html", form=form), 429)


@bp.route("/signin", methods=["GET", "POST"])
@limiter.limit(signin_limit, methods=["POST"], on_breach=signin_limit_reached)
def signin():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignInForm()
    if request.method == "GET":
        form.next.data = safe_next_url(request.args.get("next")) or ""
    if form.validate_on_submit():
        member = db.session.scalar(sa.select(Member).filter_by(email=form.email.data))
        if member is None or not member.check_password(form.password.data):
            form.password.errors.append("That email and password do not match an account.")
        elif not member.may_sign_in:
            form.email.errors.append(
                "This account has been deactivated. Ask your group's organizer to reactivate it."
            )
        else:
            login_user(member, remember=form.remember.data)
            return redirect(next_url_from_request() or url_for("main.home"))
    return render_template("auth/signin.html", form=form)


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignUpForm()
    if form.validate_on_submit():
        member = Member(name=form.name.data, email=form.email.data)
        member.set_password(form.password.data)
        db.session.add(member)
        db.session.commit()
        login_user(member)
        flash(f"Welcome, {member.first_name}! Start a group, or open the invitation "
              "link your organizer sent you.", "success")
        return redirect(next_url_from_request() or url_for("main.home"))
    return render_template("auth/signup.html", form=form)


@bp.post("/signout")
@login_required
def signout():
    if EmptyForm().validate_on_submit():
        logout_user()
        flash("You are signed out.", "info")
    return redirect(url_for("auth.signin"))


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        member = db.session.scalar(sa.select(Member).filter_by(email=form.email.data))
        if member is not None and member.active:
            token, token_hash = new_token()
            hours = current_app.config["PASSWORD_RESET_HOURS"]
            db.session.add(PasswordResetToken(
                member=member, token_hash=token_hash,
                expires_at=utcnow() + timedelta(hours=hours),
            ))
            db.session.commit()
            send_email(
                member.email, "Reset your Partner Net password", "password_reset",
                member=member, hours=hours,
                link=url_for("auth.reset_password", token=token, _external=True),
            )
        # The same answer either way, so the form does not reveal who has an account.
        flash(f"If {form.email.data} has an account, a reset link is on its way. "
              "It works once, for a short while.", "info")
        return redirect(url_for("auth.signin"))
    return render_template("auth/forgot.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    reset = PasswordResetToken.find_by_token(token)
    if reset is None or not reset.is_usable:
        flash("That reset link has expired or was already used. Ask for a new one.", "error")
        return redirect(url_for("auth.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        reset.member.set_password(form.password.data)
        reset.used_at = utcnow()
        db.session.commit()
        logout_user()
        flash("Your password is changed. Sign in with it now.", "success")
        return redirect(url_for("auth.signin"))
    return render_template("auth/reset.html", form=form)
