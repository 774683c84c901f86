"""The referral round: slips for several givers in a row and thank-yous for closed business."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from partner_net.access import organizer_required
from partner_net.extensions import db, limiter
from partner_net.meetings import live, referral_round
from partner_net.meetings.blueprint import bp, load_meeting
from partner_net.meetings.forms import SlipForm, ThanksForm, new_token
from partner_net.meetings.rollcall import active_member_names, active_members
from partner_net.referrals.pipeline import TEMPERATURES
from partner_net.referrals.service import ReferralError

ROUND_LIMIT = "60 per minute"


def with_choices(form, *fields: str):
    choices = [SelectChoice(0, "Choose…")] + [
        SelectChoice(member_id, name) for member_id, name in active_member_names(g.group.id)]
    for name in fields:
        getattr(form, name).choices = choices
    return form


def render_round(meeting, slip_form=None, thanks_form=None, status: int = 200):
    slip_form = slip_form or with_choices(SlipForm(formdata=None), "giver", "receiver")
    thanks_form = thanks_form or with_choices(ThanksForm(formdata=None), "member", "thanked")
    if request.method == "GET":
        slip_form.giver.data = request.args.get("giver", type=int) or 0
        thanks_form.member.data = request.args.get("member", type=int) or 0
    for form in (slip_form, thanks_form):
        if not form.form_token.data or form.form_token.errors:
            form.form_token.data = new_token()
    return render_template(
        "meetings/round.html", group=g.group, meeting=meeting, slip_form=slip_form,
        thanks_form=thanks_form, slips=referral_round.slips(meeting),
        closed=referral_round.closed_business(meeting), tally=live.tally(meeting),
        temperatures=TEMPERATURES,
    ), status


@bp.get("/g/<slug>/meetings/<int:meeting_id>/round")
@organizer_required
def referral_round_page(meeting_id: int):
    return render_round(load_meeting(meeting_id))


@bp.post("/g/<slug>/meetings/<int:meeting_id>/round/slip")
@organizer_required
@limiter.limit(ROUND_LIMIT)
def pass_slip(meeting_id: int):
    meeting = load_meeting(meeting_id)
    form = with_choices(SlipForm(), "giver", "receiver")
    members = {m.id: m for m in active_members(g.group.id)}
    if form.validate_on_submit():
        giver, receiver = members.get(form.giver.data), members.get(form.receiver.data)
        if giver is None:
            form.giver.errors.append("Choose an active member of this group.")
        elif receiver is None:
            form.receiver.errors.append("Choose an active member of this group.")
        else:
            try:
                referral_round.pass_slip(meeting, giver, receiver, form.prospect(),
                                         form.inside.data, form.form_token.data, current_user)
            except ReferralError as error:
                db.session.rollback()
                form.receiver.errors.append(str(error))
            except referral_round.RoundError:
                db.session.rollback()
                flash("That slip was already recorded.", "info")
                return redirect_round(meeting, giver=giver.id)
            else:
                db.session.commit()
                flash(f"Slip recorded: {giver.name} → {receiver.name} "
                      f"({TEMPERATURES[form.temperature.data].split(' —')[0].lower()}).",
                      "success")
                return redirect_round(meeting, giver=giver.id)
    return render_round(meeting, slip_form=form, status=400)


@bp.post("/g/<slug>/meetings/<int:meeting_id>/round/thanks")
@organizer_required
@limiter.limit(ROUND_LIMIT)
def thank_for_business(meeting_id: int):
    meeting = load_meeting(meeting_id)
    form = with_choices(ThanksForm(), "member", "thanked")
    members = {m.id: m for m in active_members(g.group.id)}
    if form.validate_on_submit():
        member, thanked = members.get(form.member.data), members.get(form.thanked.data)
        if member is None or thanked is None:
            form.thanked.errors.append("Choose two active members of this group.")
        else:
            try:
                record = referral_round.thank_for_business(
                    meeting, member, thanked, form.amount.data, form.note.data or "",
                    form.form_token.data, current_user)
            except referral_round.RoundError as error:
                db.session.rollback()
                if str(error) == referral_round.ALREADY:
                    flash("That thank-you was already recorded.", "info")
                    return redirect_round(meeting, anchor="thanks")
                form.thanked.errors.append(str(error))
            else:
                db.session.commit()
                flash(f"Thank-you recorded: {member.name} thanks {thanked.name}"
                      + (" (linked to the won referral)." if record.referral_id else "."),
                      "success")
                return redirect_round(meeting, anchor="thanks")
    return render_round(meeting, thanks_form=form, status=400)


def redirect_round(meeting, anchor: str = "slip", **args: object):
    return redirect(url_for("meetings.referral_round_page", slug=g.group.slug,
                            meeting_id=meeting.id, **args) + f"#{anchor}")
