"""The visitors' self-registration form: no account, only the meeting's link.

It shows the group's name, the place and the time, nothing else (no members, no
referrals). It is refused once the meeting is over or cancelled, rate-limited per
address, and refuses the same email or phone twice for one meeting.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, render_template, request

from partner_net.extensions import db, limiter
from partner_net.meetings import schedule, visitors
from partner_net.meetings.blueprint import bp
from partner_net.meetings.forms import RegisterForm, new_token
from partner_net.models import Meeting


def registration_limit() -> str:
    return current_app.config["VISITOR_REGISTRATION_LIMIT"]


def meeting_for(token: str) -> Meeting:
    if not 16 <= len(token) <= 64:
        abort(404)
    meeting = db.session.scalar(sa.select(Meeting).filter_by(registration_token=token))
    if meeting is None:
        abort(404)
    return meeting


@bp.route("/visit/<token>", methods=["GET", "POST"])
@limiter.limit(registration_limit, methods=["POST"])
def register(token: str):
    meeting = meeting_for(token)
    closed = meeting.cancelled or schedule.is_over(meeting)
    form = RegisterForm()
    if request.method == "GET":
        form.form_token.data = new_token()
    done = None
    status = 200
    if not closed and form.validate_on_submit():
        try:
            done = visitors.add(meeting, visitors.NewVisitor(
                name=form.name.data, business=form.business.data or "",
                category=form.category.data or "", email=form.email.data or "",
                phone=form.phone.data or "", invited_by_name=form.invited_by_name.data or ""),
                self_registered=True, form_token=form.form_token.data)
        except visitors.VisitorError as error:
            db.session.rollback()
            form.email.errors = [*form.email.errors, str(error)]
            status = 409
        else:
            db.session.commit()
    elif form.is_submitted():
        status = 410 if closed else 400
    if form.form_token.errors:
        form.form_token.data = new_token()
    return render_template("meetings/register.html", meeting=meeting, group=meeting.group,
                           form=form, closed=closed, done=done), status
