"""What members see: the meetings to come, an agenda, their weekly ask, the rota and the
reports. The organizer's pages are in :mod:`manage_views`, :mod:`console_views` and
:mod:`visitor_views`; the visitors' public form in :mod:`public_views`."""

from __future__ import annotations

from datetime import timedelta

from flask import Response, abort, flash, g, redirect, render_template, url_for
from flask_login import current_user

from partner_net import clock
from partner_net.access import group_member_required
from partner_net.extensions import db
from partner_net.meetings import live, report, rota, schedule, swaps
from partner_net.meetings.blueprint import bp, load_meeting, meeting_on
from partner_net.meetings.forms import AskForm
from partner_net.meetings.manage_views import details_form
from partner_net.meetings.rollcall import active_member_rows
from partner_net.models import Member

REPORTS_PER_PAGE = 25


@bp.get("/g/<slug>/meetings")
@group_member_required
def index():
    slots = schedule.upcoming(g.group)
    dates = [s.scheduled_on for s in slots if not s.cancelled]
    speakers = rota.planned(g.group, dates, slots)
    names = dict(db.session.execute(db.select(Member.id, Member.name).where(
        Member.id.in_([i for i in speakers.values() if i]))).all())
    following = next((s for s in slots if not s.cancelled), None)
    return render_template("meetings/index.html", group=g.group, slots=slots,
                           speakers={d: names.get(i) for d, i in speakers.items()},
                           following=following, is_organizer=g.membership.is_organizer,
                           swaps_for_me=swaps.count_for(g.group, current_user,
                                                        clock.local_today(g.group.timezone)))


@bp.get("/g/<slug>/meetings/<day>")
@group_member_required
def show(day: str):
    meeting = meeting_on(day)
    db.session.commit()  # the row made on first touch
    return render_agenda(meeting)


def render_agenda(meeting, ask_form: AskForm | None = None, status: int = 200):
    members = active_member_rows(meeting.group_id)  # once for the turns and the form
    turns = live.speaking_turns(meeting, members)
    mine = next((t.ask for t in turns if t.member.id == current_user.id), "")
    if ask_form is None:
        ask_form = AskForm(formdata=None, text=mine)
    speaker_id = meeting.speaker_id or rota.planned_speaker(meeting)
    speaker = db.session.get(Member, speaker_id) if speaker_id else None
    agenda = live.agenda_of(meeting)
    starts = [meeting.starts_at + timedelta(minutes=sum(i.minutes for i in agenda[:n]))
              for n in range(len(agenda))]
    return render_template(
        "meetings/show.html", group=g.group, meeting=meeting, turns=turns,
        agenda=list(zip(starts, agenda, strict=True)),
        details=details_form(meeting, members) if g.membership.is_organizer else None,
        total_minutes=sum(i.minutes for i in agenda), speaker=speaker, ask_form=ask_form,
        ask_open=not schedule.has_started(meeting) and not meeting.cancelled,
        over=schedule.is_over(meeting), is_organizer=g.membership.is_organizer,
    ), status


@bp.post("/g/<slug>/meetings/<day>/ask")
@group_member_required
def save_ask(day: str):
    meeting = meeting_on(day)
    form = AskForm()
    if not form.validate_on_submit():
        return render_agenda(meeting, form, 400)
    try:
        live.save_ask(meeting, current_user, form.text.data or "")
    except live.LiveError as error:
        form.text.errors.append(str(error))
        return render_agenda(meeting, form, 409)
    db.session.commit()
    flash("Your ask is saved; it is read out in the 60-second round." if form.text.data
          else "Your ask is removed.", "success")
    return redirect(url_for("meetings.show", slug=g.group.slug, day=day) + "#my-ask")


@bp.get("/g/<slug>/meetings/reports")
@group_member_required
def reports():
    page = db.paginate(report.past_meetings_query(g.group.id), per_page=REPORTS_PER_PAGE,
                       max_per_page=REPORTS_PER_PAGE, error_out=False)
    return render_template("meetings/reports.html", group=g.group, page=page)


@bp.get("/g/<slug>/meetings/<int:meeting_id>/report", endpoint="report")
@group_member_required
def report_page(meeting_id: int):
    meeting = load_meeting(meeting_id)
    if meeting.started_at is None:
        abort(404)
    return render_template("meetings/report.html", group=g.group, meeting=meeting,
                           report=report.build(meeting), now=clock.now(),
                           is_organizer=g.membership.is_organizer)


@bp.get("/g/<slug>/meetings/<int:meeting_id>/report.csv")
@group_member_required
def report_csv(meeting_id: int):
    meeting = load_meeting(meeting_id)
    if meeting.started_at is None:
        abort(404)
    name = f"{g.group.slug}-meeting-{meeting.scheduled_on.isoformat()}.csv"
    return Response(report.to_csv(report.build(meeting)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


# The other pages of the blueprint register themselves on ``bp`` when imported.
from partner_net.meetings import (  # noqa: E402, F401
    console_views,
    manage_views,
    public_views,
    rota_views,
    round_views,
    visitor_views,
)
