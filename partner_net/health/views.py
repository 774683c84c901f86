"""Member health pages. Organizers see every member; a member sees only themselves.

404 for anyone else (another group's organizer, a member looking at someone else), so
ids reveal nothing; 403 when a member opens an organizer-only page of their own group.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from partner_net import clock
from partner_net.access import group_member_required, organizer_required
from partner_net.domain import health as rules
from partner_net.extensions import db
from partner_net.forms import EmptyForm, version_seen
from partner_net.health import forms, service

bp = Blueprint("health", __name__)

PER_PAGE = 25
ORDER = {light: i for i, light in enumerate(rules.LIGHTS)}


def today():
    return clock.local_today(g.group.timezone)


def may_see(member_id: int) -> bool:
    return member_id == current_user.id or g.membership.is_organizer


@bp.get("/g/<slug>/health")
@group_member_required
def index():
    if not g.membership.is_organizer:
        return redirect(url_for("health.member", slug=g.group.slug, member_id=current_user.id))
    report = service.group_health(g.group, today())
    ranked = sorted(report.members, key=lambda m: (ORDER[m.health.light], m.health.total,
                                                    m.name))
    light = request.args.get("light")
    if light in ORDER:
        ranked = [m for m in ranked if m.health.light == light]
    page = max(1, min(request.args.get("page", 1, type=int) or 1, 10_000))
    pages = max(1, -(-len(ranked) // PER_PAGE))
    page = min(page, pages)
    return render_template(
        "health/index.html", group=g.group, report=report, counts=report.counts(),
        rows=ranked[(page - 1) * PER_PAGE: page * PER_PAGE], page=page, pages=pages,
        light=light if light in ORDER else None, measures=rules.MEASURES)


@bp.get("/g/<slug>/health/me")
@group_member_required
def mine():
    return redirect(url_for("health.member", slug=g.group.slug, member_id=current_user.id))


@bp.get("/g/<slug>/health/members/<int:member_id>")
@group_member_required
def member(member_id: int):
    if not may_see(member_id):
        abort(404)
    report, found = service.member_health(g.group, member_id, today())
    if found is None:
        abort(404)
    return render_template("health/member.html", group=g.group, report=report, mh=found,
                           own=member_id == current_user.id,
                           is_organizer=g.membership.is_organizer)


@bp.get("/g/<slug>/health/members/<int:member_id>/<measure>")
@group_member_required
def rows(member_id: int, measure: str):
    if measure not in rules.MEASURES or not may_see(member_id):
        abort(404)
    report, found = service.member_health(g.group, member_id, today())
    if found is None:
        abort(404)
    previous = request.args.get("window") == "previous"
    window = report.previous if previous else report.current
    listed = service.rows_for(g.group, member_id, measure, window)
    page = max(1, min(request.args.get("page", 1, type=int) or 1, 10_000))
    pages = max(1, -(-len(listed) // PER_PAGE))
    page = min(page, pages)
    return render_template(
        "health/rows.html", group=g.group, mh=found, measure=report.bands.measures[measure],
        key=measure, window=window, previous=previous, total=len(listed),
        rows=listed[(page - 1) * PER_PAGE: page * PER_PAGE], page=page, pages=pages,
        score=found.health.score(measure) if not previous else None)


@bp.route("/g/<slug>/health/bands", methods=["GET", "POST"])
@organizer_required
def bands():
    row = service.settings_row(g.group)
    version = row.version if row else 0
    form = forms.BandsForm()
    if not form.is_submitted():
        forms.fill(form, service.bands_for(g.group), version)
    elif form.validate_on_submit():
        chosen = forms.read(form)
        if chosen is not None:
            seen = version_seen(form.version.data)
            try:
                service.save_bands(g.group, chosen, seen, current_user)
            except service.Conflict:
                db.session.rollback()
                flash("Another organizer changed the bands while you were editing. Yours "
                      "are below, not saved; the saved ones are in the table. Save again "
                      "to replace them.", "error")
                form.version.data = str(version)
                return render_bands(form, 409)
            db.session.commit()
            flash("The health bands are saved.", "success")
            return redirect(url_for("health.bands", slug=g.group.slug))
    return render_bands(form, 400 if form.is_submitted() else 200)


def render_bands(form: forms.BandsForm, status: int):
    return render_template("health/bands.html", group=g.group, form=form,
                           current=service.bands_for(g.group), defaults=rules.defaults(),
                           measures=rules.MEASURES, own=service.settings_row(g.group),
                           reset_form=EmptyForm()), status


@bp.post("/g/<slug>/health/bands/reset")
@organizer_required
def reset_bands():
    if not EmptyForm().validate_on_submit():
        abort(400)
    row = service.settings_row(g.group)
    if row is not None:
        try:
            service.reset_bands(g.group, row.version)
        except service.Conflict:
            db.session.rollback()
            flash("Another organizer changed the bands just now; look again.", "error")
            return redirect(url_for("health.bands", slug=g.group.slug))
        db.session.commit()
    flash("The group uses the default bands again.", "success")
    return redirect(url_for("health.bands", slug=g.group.slug))
