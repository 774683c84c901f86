"""A member's own profile and ideal clients; the group's directory."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required

from partner_net.access import group_member_required

bp = Blueprint("members", __name__)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def edit_profile():
    return render_template("base.html")


@bp.get("/g/<slug>/members")
@group_member_required
def directory():
    return render_template("base.html")
