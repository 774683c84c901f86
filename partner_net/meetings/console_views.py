"""The organizer's console (agenda, timer, speakers), roll call, and the room screen.

Every action is a plain form POST that redirects back to where it came from (anchored),
so the console works without JavaScript; ``static/js/console.js`` sends the same forms
with fetch (``X-Requested-With: fetch``), queues them while the network is away, and
swaps in the returned state.
"""

from __future__ import annotations

from flask import abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from partner_net import clock
from partner_net.access import group_member_required, load_group_member, organizer_required
from partner_net.domain.attendance import LABELS, Mark
from partner_net.extensions import db, limiter
from partner_net.forms import EmptyForm
from partner_net.meetings import live, report, rollcall, rules, shown, visitors
from partner_net.meetings.blueprint import bp, load_meeting, meeting_on, wants_json
from partner_net.meetings.forms import ConsoleForm, SubstituteForm, TapForm
from partner_net.meetings.manage_views import details_form
from partner_net.models import Attendance


def console_context(meeting, members: list | None = None) -> dict[str, object]:
    turns = live.speaking_turns(meeting, members)
    current = next((t for t in turns if t.member.id == meeting.current_speaker_id), None)
    upcoming = live.next_speaker(turns, meeting.current_speaker_id) if current else None
    agenda = live.agenda_of(meeting)
    item = agenda[min(meeting.item_index, len(agenda) - 1)] if agenda else None
    return {
        "group": g.group, "meeting": meeting, "turns": turns, "current": current,
        "upcoming": upcoming, "agenda": agenda, "item": item if meeting.live else None,
        "clock": live.running_clock(meeting), "tally": live.tally(meeting), "now": clock.now(),
        "state_version": shown.state_version(meeting),
        "visitors": [v for v in visitors.of_meeting(meeting) if v.status != "registered"]
        if item and item.kind == "visitors" else [],
    }


@bp.get("/g/<slug>/meetings/<int:meeting_id>/console")
@organizer_required
def console(meeting_id: int):
    meeting = load_meeting(meeting_id)
    members = rollcall.active_member_rows(meeting.group_id)  # loaded once for both
    return render_template("meetings/console.html", form=EmptyForm(),
                           details=details_form(meeting, members),
                           **console_context(meeting, members))


@bp.get("/g/<slug>/meetings/<day>/console")
@organizer_required
def console_for_day(day: str):
    """The console of a scheduled date (made into a meeting on first touch)."""
    meeting = meeting_on(day)
    db.session.commit()
    return redirect(url_for("meetings.console", slug=g.group.slug, meeting_id=meeting.id))


#: Organizers tap fast, from one venue's address; this only stops a runaway script.
TAP_LIMIT = "300 per minute"


@bp.post("/g/<slug>/meetings/<int:meeting_id>/console")
@organizer_required
@limiter.limit(TAP_LIMIT)
def act(meeting_id: int):
    meeting = load_meeting(meeting_id)
    form = ConsoleForm()
    ok, message = False, "Reload the console and try again."
    if form.validate_on_submit():
        try:
            perform(meeting, form)
        except live.LiveError as error:
            db.session.rollback()
            message = str(error)
        else:
            db.session.commit()
            ok, message = True, ""
    if wants_json():
        db.session.refresh(meeting)
        return jsonify(ok=ok, message=message, version=shown.state_version(meeting),
                       html=render_template("meetings/_console_live.html",
                                            **console_context(meeting))), 200 if ok else 409
    if not ok:
        flash(message, "error")
    return redirect(url_for("meetings.console", slug=g.group.slug, meeting_id=meeting.id)
                    + "#now")


def perform(meeting, form: ConsoleForm) -> None:
    action, seen = form.action.data, form.version.data
    if action == "start":
        live.start(meeting, seen)
    elif action == "item":
        live.go_to_item(meeting, seen, form.index.data or 0)
    elif action in ("next_speaker", "skip", "absent"):
        live.advance_speaker(meeting, seen, current_user, mark_absent=action == "absent")
    elif action == "restart":
        live.restart_timer(meeting, seen)
    elif action == "end":
        live.end(meeting, seen)
        sent = report.email_members(meeting)
        flash(f"Meeting ended. The report is ready and was emailed to {sent} members.",
              "success")


# --- roll call -----------------------------------------------------------------------


@bp.get("/g/<slug>/meetings/<int:meeting_id>/roll")
@organizer_required
def roll(meeting_id: int):
    meeting = load_meeting(meeting_id)
    group_rules = rules.rules_for(g.group)
    rows = rollcall.roll(meeting, group_rules.attendance)
    return render_template("meetings/roll.html", group=g.group, meeting=meeting, rows=rows,
                           rules=group_rules.attendance, labels=LABELS, form=EmptyForm(),
                           sub_form=SubstituteForm(formdata=None),
                           marked=sum(1 for r in rows if r.status))


@bp.post("/g/<slug>/meetings/<int:meeting_id>/roll/<int:member_id>")
@organizer_required
@limiter.limit(TAP_LIMIT)
def tap(meeting_id: int, member_id: int):
    meeting = load_meeting(meeting_id)
    member = load_group_member(g.group, member_id)
    form = TapForm()
    if not form.validate_on_submit():
        abort(400)
    result = rollcall.tap(meeting, member, form.seen.data or "", current_user)
    db.session.commit()
    message = "" if result.ok else (
        f"{member.name} was changed meanwhile on another device: now "
        f"{LABELS[Mark(result.status)].lower() if result.status else 'not marked'}.")
    if wants_json():
        return jsonify(ok=result.ok, status=result.status, message=message,
                       label=LABELS[Mark(result.status)] if result.status else "Tap to mark",
                       needs_substitute=result.status == Mark.SUBSTITUTE and not
                       rollcall_substitute_named(meeting, member)), 200 if result.ok else 409
    if message:
        flash(message, "warning")
    return redirect(url_for("meetings.roll", slug=g.group.slug, meeting_id=meeting.id)
                    + f"#m{member.id}")


def rollcall_substitute_named(meeting, member) -> bool:
    row = db.session.scalar(db.select(Attendance).filter_by(meeting_id=meeting.id,
                                                            member_id=member.id))
    return bool(row and row.substitute_name)


@bp.post("/g/<slug>/meetings/<int:meeting_id>/roll/<int:member_id>/substitute")
@organizer_required
def substitute(meeting_id: int, member_id: int):
    meeting = load_meeting(meeting_id)
    member = load_group_member(g.group, member_id)
    form = SubstituteForm()
    if form.validate_on_submit():
        if rollcall.name_substitute(meeting, member, form.substitute_name.data,
                                    form.substitute_business.data or ""):
            db.session.commit()
        else:
            flash(f"{member.name} is no longer marked as sending a substitute.", "warning")
    else:
        flash("; ".join(e for errors in form.errors.values() for e in errors), "error")
    return redirect(url_for("meetings.roll", slug=g.group.slug, meeting_id=meeting.id)
                    + f"#m{member.id}")


# --- the room screen -----------------------------------------------------------------


@bp.get("/g/<slug>/meetings/<int:meeting_id>/room")
@group_member_required
def room(meeting_id: int):
    meeting = load_meeting(meeting_id)
    return render_template("meetings/room.html", **console_context(meeting))


@bp.get("/g/<slug>/meetings/<int:meeting_id>/room/state")
@group_member_required
def room_state(meeting_id: int):
    return live_state(load_meeting(meeting_id), "meetings/_room_live.html")


@bp.get("/g/<slug>/meetings/<int:meeting_id>/console/state")
@organizer_required
def console_state(meeting_id: int):
    return live_state(load_meeting(meeting_id), "meetings/_console_live.html")


def live_state(meeting, template: str):
    """The live region's state for a poll: its version, and its HTML unless the poll says
    (``?since=``) it already shows that version: every phone in the room asks every two
    seconds, and most of the time nothing changed."""
    version = shown.state_version(meeting)
    if request.args.get("since") == version:
        response = jsonify(version=version)
    else:
        response = jsonify(version=version,
                           html=render_template(template, **console_context(meeting)))
    response.headers["Cache-Control"] = "no-store"
    return response
