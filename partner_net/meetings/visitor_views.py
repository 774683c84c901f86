"""Visitors: the organizer's list (add, mark present, follow up) and the QR code of the
self-registration link."""

from __future__ import annotations

import io

import segno
from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from wtforms import SelectChoice

from partner_net.access import organizer_required
from partner_net.extensions import db, limiter
from partner_net.meetings import schedule, visitors
from partner_net.meetings.blueprint import bp, load_meeting
from partner_net.meetings.forms import VisitorForm, VisitorStatusForm, new_token
from partner_net.meetings.rollcall import active_member_names, active_members
from partner_net.pagination import PAGE_SIZE, page_number


def visitor_form(formdata=None) -> VisitorForm:
    form = VisitorForm(formdata=formdata) if formdata is not None else VisitorForm()
    form.invited_by.choices = [SelectChoice(0, "Nobody / not known")] + [
        SelectChoice(member_id, name) for member_id, name in active_member_names(g.group.id)]
    return form


def render_visitors(meeting, form: VisitorForm, status: int = 200):
    page = db.paginate(visitors.meeting_query(meeting), page=page_number(request.args.get(
        "page")), per_page=PAGE_SIZE, max_per_page=PAGE_SIZE, error_out=False)
    listed = page.items
    if not form.form_token.data or form.form_token.errors:
        form.form_token.data = new_token()
    return render_template(
        "meetings/visitors.html", group=g.group, meeting=meeting, form=form, visitors=listed,
        page=page,
        flags=visitors.seat_flags(g.group, listed), statuses=visitors.STATUSES,
        kinds=visitors.KINDS, over=schedule.is_over(meeting),
        link=url_for("meetings.register", token=meeting.registration_token, _external=True),
    ), status


@bp.get("/g/<slug>/meetings/<int:meeting_id>/visitors")
@organizer_required
def visitor_list(meeting_id: int):
    meeting = load_meeting(meeting_id)
    form = visitor_form(formdata=None)
    form.form_token.data = new_token()
    return render_visitors(meeting, form)


@bp.post("/g/<slug>/meetings/<int:meeting_id>/visitors")
@organizer_required
@limiter.limit("120 per minute")
def add_visitor(meeting_id: int):
    meeting = load_meeting(meeting_id)
    form = visitor_form()
    if form.validate_on_submit():
        members = {m.id: m for m in active_members(g.group.id)}
        try:
            visitor = visitors.add(meeting, visitors.NewVisitor(
                name=form.name.data, business=form.business.data or "",
                category=form.category.data or "", email=form.email.data or "",
                phone=form.phone.data or "", kind=form.kind.data,
                invited_by=members.get(form.invited_by.data)), self_registered=False,
                form_token=form.form_token.data)
        except visitors.VisitorError as error:
            db.session.rollback()
            form.email.errors = [*form.email.errors, str(error)]
        else:
            db.session.commit()
            flash(f"{visitor.name} added.", "success")
            return redirect(url_for("meetings.visitor_list", slug=g.group.slug,
                                    meeting_id=meeting.id, page=listed_page(visitor))
                            + f"#v{visitor.id}")
    return render_visitors(meeting, form, 400)


@bp.post("/g/<slug>/meetings/<int:meeting_id>/visitors/<int:visitor_id>")
@organizer_required
def visitor_status(meeting_id: int, visitor_id: int):
    meeting = load_meeting(meeting_id)
    visitor = visitors.load(meeting, visitor_id)
    if visitor is None:
        abort(404)
    form = VisitorStatusForm()
    if form.validate_on_submit():
        note = form.note.data if request.form.get("with_note") else None
        if visitors.set_status(visitor, form.seen.data, form.status.data, note):
            db.session.commit()
            flash(f"{visitor.name}: {visitors.STATUSES[visitor.status].lower()}.", "success")
        else:
            flash(f"{visitor.name} was changed meanwhile: now "
                  f"{visitors.STATUSES.get(visitor.status, visitor.status).lower()}.", "warning")
    else:
        flash("; ".join(e for errors in form.errors.values() for e in errors), "error")
    return redirect(url_for("meetings.visitor_list", slug=g.group.slug, meeting_id=meeting.id,
                            page=listed_page(visitor)) + f"#v{visitor.id}")


def listed_page(visitor) -> int | None:
    """The list's page showing ``visitor`` (None for the first, so its URL stays plain)."""
    page = visitors.page_of(visitor, PAGE_SIZE)
    return page if page > 1 else None


@bp.get("/g/<slug>/meetings/<int:meeting_id>/qr.svg")
@organizer_required
def qr_code(meeting_id: int):
    meeting = load_meeting(meeting_id)
    link = url_for("meetings.register", token=meeting.registration_token, _external=True)
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="svg", scale=8, border=2, title="Register")
    return Response(out.getvalue(), mimetype="image/svg+xml",
                    headers={"Cache-Control": "private, max-age=3600"})
