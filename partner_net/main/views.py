"""The landing page and each group's dashboard."""

from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, url_for
from flask_login import current_user

from partner_net import clock
from partner_net.access import current_group, group_member_required
from partner_net.domain import goals as goal_rules
from partner_net.extensions import db
from partner_net.goals import service as goals
from partner_net.network import aggregates
from partner_net.network.service import record_slate, suggestions_for
from partner_net.onetoones import service as onetoones
from partner_net.referrals import queries

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    """Signed in: straight to the group you last worked in. Otherwise: what this is."""
    if not current_user.is_authenticated:
        return render_template("main/landing.html")
    group = current_group()
    if group is None:
        return render_template("main/no_group.html")
    return redirect(url_for("main.dashboard", slug=group.slug))


@bp.get("/g/<slug>/")
@group_member_required
def dashboard():
    now = clock.now()
    # The member itself, not the proxy: the pieces below read it in loops over the group.
    me = current_user._get_current_object()
    people = aggregates.suggestion_people(g.group.id)
    suggested = suggestions_for(me, g.group, now, limit=3, record=False,
                                people=people, stamp=aggregates.stamp_of(g.group))
    month = goals.this_month(g.group)
    goal = goals.goal_of(me, g.group, month)
    # With goals the page shows progress towards them, without goals the month's counts:
    # each is read only when shown.
    progress = goal_rules.progress(goals.targets_of(goal), goals.done_by(
        me, g.group, month)) if goal else []
    celebrate = goal_rules.to_celebrate(progress, goal.celebrated) if goal else []
    if celebrate and not goals.celebrate(goal, celebrate):
        celebrate = []  # another request celebrated them: once only
    board = queries.dashboard(me, now, g.group, month_counts=goal is None)
    html = render_template(
        "main/dashboard.html",
        group=g.group,
        profile_gaps=profile_gaps_of(me, people),
        board=board,
        suggestions=suggested.rows,
        to_confirm=onetoones.to_confirm(me, g.group, limit=5),
        month=month, goal_rows=progress, has_goals=goal is not None, celebrate=celebrate,
    )
    # This week's slate (exposure budget), written after rendering: see record_slate.
    if record_slate(suggested) or celebrate:
        db.session.commit()  # the slate; goals celebrated
    return html


def profile_gaps_of(member, people: aggregates.SuggestionPeople | None = None) -> list[str]:
    """What a member still has to fill in before others can refer them well. ``people``:
    the group's (:func:`aggregates.suggestion_people`), which knows who has an
    ideal-client profile, when the caller read it."""
    gaps = []
    if not member.category:
        gaps.append("your category")
    if not member.talkable_difference:
        gaps.append("your talkable difference")
    if people is not None and member.id in {m.id for m in people.members}:
        has_profile = member.id in people.with_profiles
    else:
        has_profile = bool(member.ideal_clients)
    if not has_profile:
        gaps.append("an ideal-client profile")
    return gaps
