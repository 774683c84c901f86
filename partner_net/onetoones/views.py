"""My one-to-ones in a group: the list, recording one, removing a mistake."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from partner_net import clock, formatting
from partner_net.access import group_member_required, load_group_member
from partner_net.extensions import db
from partner_net.forms import EmptyForm
from partner_net.network.aggregates import active_members
from partner_net.onetoones import service
from partner_net.onetoones.forms import NOTES_MAX, OneToOneForm

bp = Blueprint("onetoones", __name__)


@bp.route("/g/<slug>/one-to-ones", methods=["GET", "POST"])
@group_member_required
def index():
    today = service.group_today(g.group, clock.now())
    form = OneToOneForm(me=current_user.id, members=active_members(g.group.id), today=today)
    if form.validate_on_submit():
        partner = load_group_member(g.group, form.partner.data)
        service.record(current_user, partner, g.group, form.met_on.data, form.notes.data or "")
        db.session.commit()
        flash(f"One-to-one with {partner.name} on {formatting.day(form.met_on.data, g.group)} "
              "recorded.",
              "success")
        return redirect(url_for("onetoones.index", slug=g.group.slug))
    if not form.is_submitted():
        chosen = request.args.get("partner", type=int)
        if chosen in form.allowed:
            form.partner.data = chosen
    return render_template(
        "onetoones/index.html", group=g.group, form=form, today=today,
        meetings=service.mine_in(current_user, g.group), list_limit=service.LIST_LIMIT,
        notes_max=NOTES_MAX, action_form=EmptyForm(),
    )


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
