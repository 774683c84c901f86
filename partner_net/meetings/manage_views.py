"""Organizers: one-off meetings, moving and cancelling, the meeting's details and the
meeting settings (agenda and attendance rules). The speaker rota page is in
:mod:`rota_views`."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from partner_net import clock
from partner_net.access import organizer_required
from partner_net.domain.attendance import Rules
from partner_net.extensions import db, limiter
from partner_net.meetings import rota, rules, schedule
from partner_net.meetings.blueprint import bp, meeting_on
from partner_net.meetings.forms import (
    CancelForm,
    DetailsForm,
    MoveForm,
    OneOffForm,
    RulesForm,
)
from partner_net.meetings.rollcall import active_member_names, active_members

NOTICE_LIMIT = "20 per hour"  # moves, cancellations and one-offs each email every member


@bp.route("/g/<slug>/meetings/new", methods=["GET", "POST"])
@organizer_required
@limiter.limit(NOTICE_LIMIT, methods=["POST"])
def one_off():
    form = OneOffForm()
    if request.method == "GET":
        form.day.data = clock.local_today(g.group.timezone)
        form.at.data = g.group.meeting_time
        form.place.data = g.group.meeting_place
    if form.validate_on_submit():
        try:
            meeting = schedule.add_one_off(g.group, form.day.data, form.at.data,
                                           form.place.data or "", form.note.data or "",
                                           current_user)
        except schedule.MeetingError as error:
            form.day.errors.append(str(error))
        else:
            db.session.commit()
            flash("Meeting added; the members have been told.", "success")
            return redirect(url_for("meetings.show", slug=g.group.slug,
                                    day=meeting.scheduled_on.isoformat()))
    return render_template("meetings/when_where.html", group=g.group, form=form,
                           title="Add a one-off meeting", meeting=None)


@bp.route("/g/<slug>/meetings/<day>/move", methods=["GET", "POST"])
@organizer_required
@limiter.limit(NOTICE_LIMIT, methods=["POST"])
def move(day: str):
    meeting = meeting_on(day)
    form = MoveForm()
    if request.method == "GET":
        local = meeting.starts_at.astimezone(clock.zone(g.group.timezone))
        form.day.data, form.at.data, form.place.data = local.date(), local.time(), meeting.place
    if form.validate_on_submit():
        try:
            schedule.move(meeting, form.day.data, form.at.data, form.place.data or "",
                          form.note.data or "", current_user)
        except schedule.MeetingError as error:
            form.day.errors.append(str(error))
        else:
            db.session.commit()
            flash("Meeting moved; the members have been told.", "success")
            return redirect(url_for("meetings.show", slug=g.group.slug, day=day))
    db.session.commit()
    return render_template("meetings/when_where.html", group=g.group, form=form,
                           title="Move the meeting", meeting=meeting)


@bp.route("/g/<slug>/meetings/<day>/cancel", methods=["GET", "POST"])
@organizer_required
@limiter.limit(NOTICE_LIMIT, methods=["POST"])
def cancel(day: str):
    meeting = meeting_on(day)
    form = CancelForm()
    if form.validate_on_submit():
        try:
            schedule.cancel(meeting, form.note.data, current_user)
        except schedule.MeetingError as error:
            form.note.errors.append(str(error))
        else:
            db.session.commit()
            flash("Meeting cancelled; the members have been told.", "success")
            return redirect(url_for("meetings.index", slug=g.group.slug))
    db.session.commit()
    return render_template("meetings/cancel.html", group=g.group, form=form, meeting=meeting)


@bp.post("/g/<slug>/meetings/<day>/details")
@organizer_required
def details(day: str):
    meeting = meeting_on(day)
    form = DetailsForm()
    members = {m.id: m for m in active_members(g.group.id)}
    if form.validate_on_submit() and (not form.speaker.data or form.speaker.data in members):
        meeting.speaker_id = form.speaker.data or None
        meeting.speaker_topic = form.speaker_topic.data or ""
        meeting.education_topic = form.education_topic.data or ""
        meeting.highlights = form.highlights.data or ""
        db.session.commit()
        flash("Saved.", "success")
    else:
        db.session.rollback()
        flash("Not saved: " + "; ".join(e for errors in form.errors.values() for e in errors)
              if form.errors else "Not saved: choose an active member as the speaker.", "error")
    if request.form.get("back") == "console":
        return redirect(url_for("meetings.console", slug=g.group.slug, meeting_id=meeting.id))
    return redirect(url_for("meetings.show", slug=g.group.slug, day=day) + "#details")


def details_form(meeting, members: list | None = None) -> DetailsForm:
    """``members``: the group's active members, when the caller has them already."""
    form = DetailsForm(formdata=None, obj=meeting)
    names = active_member_names(meeting.group_id) if members is None else [
        (m.id, m.name) for m in members]
    form.speaker.choices = [SelectChoice(0, "No featured speaker")] + [
        SelectChoice(member_id, name) for member_id, name in names]
    form.speaker.data = meeting.speaker_id or rota.planned_speaker(meeting) or 0
    return form


@bp.route("/g/<slug>/meetings/settings", methods=["GET", "POST"])
@organizer_required
def settings():
    current = rules.rules_for(g.group)
    form = RulesForm()
    if request.method == "GET":
        form = RulesForm(formdata=None, data={
            "agenda": [i.as_dict() for i in current.agenda]
            + [{"kind": "other", "title": "", "minutes": 0}],
            "speaking_seconds": current.speaking_seconds,
            "absences_allowed": current.attendance.absences_allowed,
            "lates_per_absence": current.attendance.lates_per_absence,
            "window_months": current.attendance.window_months})
    if request.form.get("reset") == "1" and form.validate_on_submit():
        rules.reset_rules(g.group)
        db.session.commit()
        flash("The defaults are back.", "success")
        return redirect(url_for("meetings.settings", slug=g.group.slug))
    if form.validate_on_submit():
        items = tuple(rules.AgendaItem(e.kind.data, e.title.data or rules.KINDS[e.kind.data],
                                       e.minutes.data)
                      for e in form.agenda if e.minutes.data and (e.title.data or
                                                                   e.kind.data != "other"))
        if not items:
            form.agenda.errors.append("Keep at least one agenda item with some minutes.")
        else:
            rules.save_rules(g.group, rules.GroupRules(items, form.speaking_seconds.data, Rules(
                absences_allowed=form.absences_allowed.data,
                lates_per_absence=form.lates_per_absence.data,
                window_months=form.window_months.data)))
            db.session.commit()
            flash("Meeting settings saved. Meetings already started keep their agenda.",
                  "success")
            return redirect(url_for("meetings.settings", slug=g.group.slug))
    return render_template("meetings/settings.html", group=g.group, form=form,
                           defaults=rules.defaults(), kinds=rules.KINDS)
