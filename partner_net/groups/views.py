"""Starting a group; for organizers: settings, invitations, memberships."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required

from partner_net.access import organizer_required

bp = Blueprint("groups", __name__)


@bp.route("/groups/new", methods=["GET", "POST"])
@login_required
def create():
    return render_template("base.html")


@bp.get("/g/<slug>/manage/members")
@organizer_required
def members():
    return render_template("base.html")
