"""Email preferences, one-click unsubscribe, and the organizers' record of sent emails."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from partner_net.access import organizer_required
from partner_net.emails import kinds
from partner_net.emails.forms import preferences_form
from partner_net.extensions import csrf, db, limiter
from partner_net.groups.forms import timezone_names
from partner_net.models import Member, OutboxMessage

bp = Blueprint("emails", __name__)

#: What organizers read for each template (never the subject: it may name a prospect).
TEMPLATE_LABELS = {"invitation": "Invitation", "password_reset": "Password reset"}


@bp.route("/account/emails", methods=["GET", "POST"])
@login_required
@limiter.limit("30 per minute", methods=["POST"])
def preferences():
    form = preferences_form(kinds.opted_out(current_user.id), current_user.timezone)
    if form.validate_on_submit():
        kinds.set_opt_outs(current_user, form.opted_out())
        current_user.timezone = form.timezone.data or None
        db.session.commit()
        flash("Email settings saved.", "success")
        return redirect(url_for("emails.preferences"))
    return render_template("emails/preferences.html", form=form, timezones=timezone_names(),
                           zone=current_user.email_timezone)


@bp.route("/email/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the proof; mail clients' one-click POST has no form
@limiter.limit("30 per minute", methods=["POST"])
def unsubscribe(token: str):
    found = kinds.read_unsubscribe_token(token)
    member = db.session.get(Member, found[0]) if found else None
    if member is None:
        abort(404)
    kind = kinds.all_kinds()[found[1]]
    done = False
    if request.method == "POST":
        kinds.opt_out(member.id, kind.name)
        db.session.commit()
        done = True
    return render_template("emails/unsubscribe.html", kind=kind, done=done,
                           stopped=kind.name in kinds.opted_out(member.id))


@bp.get("/g/<slug>/manage/emails")
@organizer_required
def group_outbox():
    page = db.paginate(
        sa.select(OutboxMessage)
        .where(OutboxMessage.group_id == g.group.id)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()),
        per_page=25, max_per_page=25, error_out=False,
    )
    ids = {m.member_id for m in page.items if m.member_id}
    names = {row.id: row.name for row in db.session.execute(
        sa.select(Member.id, Member.name).where(Member.id.in_(ids)))} if ids else {}
    labels = {t: k.label for k in kinds.all_kinds().values() for t in k.templates}
    return render_template("emails/group_outbox.html", group=g.group, page=page, names=names,
                           labels={**labels, **TEMPLATE_LABELS})
