"""My goals for this month, and the group's sums for organizers."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, url_for
from flask_login import current_user

from partner_net.access import group_member_required, organizer_required
from partner_net.domain import goals as rules
from partner_net.extensions import db, limiter
from partner_net.forms import version_seen
from partner_net.goals import service
from partner_net.goals.forms import GoalsForm
from partner_net.ratelimits import by_member

bp = Blueprint("goals", __name__)


def goals_limit() -> str:
    return current_app.config.get("GOALS_RATE_LIMIT", "30 per hour")


def too_many(_limit=None):
    flash("That is a lot of changes in an hour. Wait a while and try again.", "error")
    return redirect(url_for("goals.mine", slug=g.group.slug)), 429


@bp.route("/g/<slug>/goals", methods=["GET", "POST"])
@group_member_required
@limiter.limit(goals_limit, methods=["POST"], key_func=by_member, on_breach=too_many)
def mine():
    month = service.this_month(g.group)
    goal = service.goal_of(current_user, g.group, month)
    form = GoalsForm()
    status = 200
    if not form.is_submitted():
        form.version.data = str(goal.version if goal else 0)
        for key, value in service.targets_of(goal).items():
            getattr(form, key).data = value
    elif form.validate_on_submit():
        seen = version_seen(form.version.data)
        try:
            service.save(current_user, g.group, month, form.values(), seen)
        except service.Conflict:
            db.session.rollback()
            flash("Your goals were changed in another window meanwhile. What you typed is "
                  "below, not saved; save again to keep it.", "error")
            form.version.data = str(goal.version if goal else 0)
            status = 409
        else:
            db.session.commit()
            flash(f"Your goals for {month.label} are saved.", "success")
            return redirect(url_for("goals.mine", slug=g.group.slug))
    else:
        status = 400
    done = service.done_by(current_user, g.group, month)
    return render_template("goals/mine.html", group=g.group, form=form, month=month,
                           rows=rules.progress(service.targets_of(goal), done)), status


@bp.get("/g/<slug>/goals/group")
@organizer_required
def group_totals():
    month = service.this_month(g.group)
    targets, done, with_goals, members = service.group_totals(g.group, month)
    return render_template("goals/group.html", group=g.group, month=month,
                           rows=rules.progress(targets, done), with_goals=with_goals,
                           members=members)
