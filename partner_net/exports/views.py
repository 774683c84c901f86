"""The export page of a group, the CSV downloads, the directory's vCard file, and the
calendar feed (its link made, replaced or revoked by the member; read by calendar apps
with the token alone)."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    render_template,
    stream_with_context,
    url_for,
)
from flask_login import current_user

from partner_net import clock
from partner_net.access import group_member_required
from partner_net.exports import csvs, feeds
from partner_net.extensions import db, limiter
from partner_net.forms import EmptyForm
from partner_net.members.vcard import vcard_for
from partner_net.models import Member, Membership
from partner_net.ratelimits import by_address, by_member

bp = Blueprint("exports", __name__)


@bp.get("/g/<slug>/export")
@group_member_required
def index():
    return render_page()


def render_page(new_link: str | None = None, status: int = 200):
    return render_template("exports/index.html", group=g.group, kinds=csvs.KINDS,
                           is_organizer=g.membership.is_organizer,
                           feed=feeds.has_feed(current_user), new_link=new_link,
                           form=EmptyForm()), status


@bp.get("/g/<slug>/export/<kind>.csv")
@group_member_required
@limiter.limit("30 per minute", key_func=by_member)
def download(kind: str):
    if kind not in csvs.KINDS:
        abort(404)
    header, rows = csvs.export(kind, g.group, current_user, g.membership.is_organizer)
    day = clock.local_today(g.group.timezone).isoformat()
    name = f"{g.group.slug}-{kind}-{day}.csv"
    return Response(stream_with_context(csvs.write_rows(header, rows)),
                    mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/g/<slug>/members.vcf")
@group_member_required
def directory_vcards():
    people = db.session.scalars(
        db.select(Member).join(Membership, Membership.member_id == Member.id)
        .where(Membership.group_id == g.group.id, Membership.active, Member.active)
        .order_by(Member.name, Member.id))
    body = "".join(vcard_for(m) for m in people)
    return Response(body, content_type="text/vcard; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{g.group.slug}-directory.vcf"'})


@bp.post("/g/<slug>/export/calendar")
@group_member_required
@limiter.limit("10 per hour", key_func=by_member)
def new_feed():
    if not EmptyForm().validate_on_submit():
        abort(400)
    token = feeds.issue(current_user)
    db.session.commit()
    flash("Your calendar link is below. Copy it now: it is shown only once. Any earlier "
          "link has stopped working.", "success")
    return render_page(url_for("exports.feed", token=token, _external=True))


@bp.post("/g/<slug>/export/calendar/revoke")
@group_member_required
def revoke_feed():
    if not EmptyForm().validate_on_submit():
        abort(400)
    feeds.revoke(current_user)
    db.session.commit()
    flash("Your calendar link is revoked; calendars using it stop updating.", "info")
    return render_page()


@bp.get("/calendar/<token>.ics")
@limiter.limit("120 per hour", key_func=by_address)
def feed(token: str):
    member = feeds.member_for(token)
    if member is None:
        abort(404)
    body = feeds.calendar_for(member, lambda group, day: url_for(
        "meetings.show", slug=group.slug, day=day.isoformat(), _external=True))
    db.session.commit()  # last_used_at
    return Response(body, content_type="text/calendar; charset=utf-8",
                    headers={"Cache-Control": "private, max-age=900"})


