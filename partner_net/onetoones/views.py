"""My one-to-ones in a group: the list (both sides), recording one, confirming or
declining one recorded with me, removing a mistake."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from partner_net import clock, formatting
from partner_net.access import group_member_required, load_group_member, safe_next_url
from partner_net.extensions import db, limiter
from partner_net.forms import EmptyForm
from partner_net.health.service import bands_for
from partner_net.network.aggregates import active_members
from partner_net.onetoones import service, touch
from partner_net.onetoones.forms import NOTES_MAX, OneToOneForm
from partner_net.ratelimits import by_member

bp = Blueprint("onetoones", __name__)
#: Partners to meet listed on the page.
REMINDERS = 25


def record_limit() -> str:
    return current_app.config.get("ONE_TO_ONE_RATE_LIMIT", "30 per hour")


def too_many(_limit=None):
    flash("That is a lot of one-to-ones in an hour. Wait a while and try again.", "error")
    return redirect(url_for("onetoones.index", slug=g.group.slug)), 429


@bp.route("/g/<slug>/one-to-ones", methods=["GET", "POST"])
@group_member_required
@limiter.limit(record_limit, methods=["POST"], key_func=by_member, on_breach=too_many)
def index():
    today = service.group_today(g.group, clock.now())
    form = OneToOneForm(me=current_user.id, members=active_members(g.group.id), today=today)
    if form.validate_on_submit():
        partner = load_group_member(g.group, form.partner.data)
        result = service.record(current_user, partner, g.group, form.met_on.data,
                                form.notes.data or "")
        db.session.commit()
        day = formatting.day(result.meeting.met_on, g.group)
        if result.duplicate:
            flash(f"Your one-to-one with {partner.name} on {day} was already recorded.",
                  "info")
        elif result.merged:
            flash(f"{partner.name} had recorded your one-to-one on {day}: the two records "
                  "are one now, and it is confirmed for both of you.", "success")
        else:
            flash(f"One-to-one with {partner.name} on {day} recorded. It counts once "
                  f"{partner.first_name} confirms it (they have been notified).", "success")
        return redirect(url_for("onetoones.index", slug=g.group.slug))
    if not form.is_submitted():
        chosen = request.args.get("partner", type=int)
        if chosen in form.allowed:
            form.partner.data = chosen
    now = clock.now()
    meetings = service.mine_in(current_user, g.group)
    bands = bands_for(g.group)
    return render_template(
        "onetoones/index.html", group=g.group, form=form, today=today,
        meetings=meetings, states={m.id: service.state_of(m, now) for m in meetings},
        expiry_days=service.EXPIRY_DAYS, expires_at=service.expires_at,
        reminders=touch.partners_due(current_user, only=g.group, bands=bands)[:REMINDERS],
        stay=bands.stay_in_touch,
        list_limit=service.LIST_LIMIT, notes_max=NOTES_MAX, action_form=EmptyForm(),
    )


def back() -> str:
    return (safe_next_url(request.form.get("next"))
            or url_for("onetoones.index", slug=g.group.slug))


@bp.post("/g/<slug>/one-to-ones/<int:one_to_one_id>/confirm")
@group_member_required
@limiter.limit(record_limit, key_func=by_member, on_breach=too_many)
def confirm(one_to_one_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        meeting = service.confirm(current_user, g.group, one_to_one_id)
    except service.NotYours:
        abort(404)
    except service.AlreadyDone as done:
        db.session.rollback()
        flash({"confirmed": "That one-to-one is already confirmed.",
               "expired": "That one-to-one waited more than "
                          f"{service.EXPIRY_DAYS} days and has expired; record it "
                          "yourself if it happened.",
               "declined": "You said that one-to-one did not happen."}.get(
                   done.state, "That one-to-one changed meanwhile."), "info")
        return redirect(back(), 303)
    db.session.commit()
    flash(f"Confirmed: your one-to-one with {meeting.member.name} on "
          f"{formatting.day(meeting.met_on, g.group)} counts for both of you.", "success")
    return redirect(back())


@bp.post("/g/<slug>/one-to-ones/<int:one_to_one_id>/decline")
@group_member_required
def decline(one_to_one_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        meeting = service.decline(current_user, g.group, one_to_one_id)
    except service.NotYours:
        abort(404)
    except service.AlreadyDone:
        db.session.rollback()
        flash("You had already said so.", "info")
        return redirect(back(), 303)
    db.session.commit()
    flash(f"Noted: the one-to-one {meeting.member.name} recorded on "
          f"{formatting.day(meeting.met_on, g.group)} does not count.", "info")
    return redirect(back())


@bp.post("/g/<slug>/one-to-ones/<int:one_to_one_id>/delete")
@group_member_required
def delete(one_to_one_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    meeting = service.load_mine(current_user, g.group, one_to_one_id)
    if meeting is None:
        abort(404)
    name, met_on = meeting.partner.name, meeting.met_on
    db.session.delete(meeting)
    db.session.commit()
    flash(f"One-to-one with {name} on {formatting.day(met_on, g.group)} removed.", "info")
    return redirect(url_for("onetoones.index", slug=g.group.slug))


@bp.post("/g/<slug>/one-to-ones/partners/<int:partner_id>/snooze")
@group_member_required
@limiter.limit(record_limit, key_func=by_member, on_breach=too_many)
def snooze(partner_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    if partner_id == current_user.id:
        abort(404)
    partner = load_group_member(g.group, partner_id)
    until = touch.snooze(current_user, partner, g.group)
    db.session.commit()
    flash(f"No reminder about {partner.name} until {formatting.day(until, g.group)}.", "info")
    return redirect(back() + "#stay-in-touch")
