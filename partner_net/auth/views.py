"""Sign up, sign in and out, signing out everywhere else, forgotten passwords."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, logout_user

from partner_net import ratelimits
from partner_net.access import next_url_from_request, safe_next_url
from partner_net.auth import service, sessions
from partner_net.auth.forms import ForgotPasswordForm, ResetPasswordForm, SignInForm, SignUpForm
from partner_net.extensions import db, limiter
from partner_net.forms import EmptyForm
from partner_net.mail import send_email
from partner_net.models import PasswordResetToken

bp = Blueprint("auth", __name__, url_prefix="/auth")

signin_limit_reached = ratelimits.form_again(
    "auth/signin.html", SignInForm,
    "Too many sign-in attempts from here. Wait a minute and try again, or reset your password.")
signup_limit_reached = ratelimits.form_again(
    "auth/signup.html", SignUpForm,
    "Too many sign-ups from here. Wait a few minutes and try again; what you typed is kept "
    "(except the password).")
forgot_limit_reached = ratelimits.form_again(
    "auth/forgot.html", ForgotPasswordForm,
    "Too many reset links asked for. Wait a few minutes, and check your inbox (and spam "
    "folder) for the link already sent.")


@bp.route("/signin", methods=["GET", "POST"])
@limiter.limit(ratelimits.setting("SIGNIN_RATE_LIMIT"), methods=["POST"],
               key_func=ratelimits.by_address, on_breach=signin_limit_reached)
def signin():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignInForm()
    if request.method == "GET":
        form.next.data = safe_next_url(request.args.get("next")) or ""
    if form.validate_on_submit():
        member = service.member_for_credentials(form.email.data, form.password.data)
        if member is None:
            form.password.errors.append("That email and password do not match an account.")
        elif not member.may_sign_in:
            form.email.errors.append(
                "This account has been deactivated. Ask your group's organizer to reactivate it."
            )
        else:
            sessions.sign_in(member, remember=form.remember.data)
            db.session.commit()
            return redirect(next_url_from_request() or url_for("main.home"))
    return render_template("auth/signin.html", form=form)


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(ratelimits.setting("SIGNUP_RATE_LIMIT"), methods=["POST"],
               key_func=ratelimits.by_address, on_breach=signup_limit_reached)
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignUpForm()
    if form.validate_on_submit():
        target = next_url_from_request() or url_for("main.home")  # checked before any write
        member = service.create_member(form.name.data, form.email.data, form.password.data)
        if member is None:  # the same email signed up by a request sent at the same time
            form.email.errors.append(SignUpForm.EMAIL_TAKEN)
        else:
            sessions.sign_in(member)
            flash(f"Welcome, {member.first_name}! Start a group, or open the invitation "
                  "link your organizer sent you.", "success")
            return redirect(target)
    return render_template("auth/signup.html", form=form)


@bp.post("/signout")
@login_required
def signout():
    if EmptyForm().validate_on_submit():
        sessions.sign_out(current_user._get_current_object())
        flash("You are signed out, on this device and every other.", "info")
    return redirect(url_for("auth.signin"))


@bp.post("/signout-everywhere")
@login_required
def signout_everywhere():
    """End every other session and remember-me cookie of the member; stay signed in here."""
    if EmptyForm().validate_on_submit():
        sessions.sign_out_elsewhere(current_user._get_current_object())
        flash("You are signed out on every other device and browser. You are still signed "
              "in here.", "success")
    return redirect(url_for("members.edit_profile"))  # the message shows at the top


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit(ratelimits.setting("RESET_RATE_LIMIT"), methods=["POST"],
               key_func=ratelimits.by_address, on_breach=forgot_limit_reached)
@limiter.limit(ratelimits.setting("RESET_EMAIL_RATE_LIMIT"), methods=["POST"],
               key_func=ratelimits.by_email_field, on_breach=forgot_limit_reached)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        member = service.member_by_email(form.email.data)
        if member is not None and member.active:
            hours = current_app.config["PASSWORD_RESET_HOURS"]
            token = service.new_reset_token(member, hours)
            send_email(
                member.email, "Reset your Partner Net password", "password_reset",
                member=member, hours=hours,
                link=url_for("auth.reset_password", token=token, _external=True),
            )
            db.session.commit()
        # The same answer either way, so the form does not reveal who has an account.
        flash(f"If {form.email.data} has an account, a reset link is on its way. "
              "It works once, for a short while, and replaces any link sent before.", "info")
        return redirect(url_for("auth.signin"))
    return render_template("auth/forgot.html", form=form)


def reset_link_refused():
    flash("That reset link has expired or was already used, or a newer one replaced it. "
          "Ask for a new one.", "error")
    return redirect(url_for("auth.forgot_password"))


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    reset = PasswordResetToken.find_by_token(token[:200])
    if reset is None or not reset.is_usable:
        return reset_link_refused()
    form = ResetPasswordForm()
    if form.validate_on_submit():
        if not service.reset_password(reset, form.password.data):
            return reset_link_refused()
        db.session.commit()
        logout_user()
        flash("Your password is changed, and every session that was signed in with the old "
              "one is ended. Sign in with the new password now.", "success")
        return redirect(url_for("auth.signin"))
    return render_template("auth/reset.html", form=form)
