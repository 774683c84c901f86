"""The featured-speaker rota page: the plan, the organizers' direct swap, and the members'
own swap requests (ask, accept, decline, cancel; see :mod:`partner_net.meetings.swaps`)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload
from wtforms import SelectChoice

from partner_net import formatting
from partner_net.access import group_member_required, load_group_member, safe_next_url
from partner_net.extensions import db, limiter
from partner_net.forms import safe_id, version_seen
from partner_net.meetings import rota, schedule, swaps
from partner_net.meetings.blueprint import bp
from partner_net.meetings.forms import SwapAnswerForm, SwapAskForm, SwapForm
from partner_net.models import Member, SpeakerPin, SpeakerSwap, SwapStatus
from partner_net.ratelimits import by_member


def ask_limit() -> str:
    return current_app.config.get("SWAP_REQUEST_RATE_LIMIT", "10 per hour;30 per day")


def too_many(_limit=None):
    flash(_("That is a lot of swap requests. Wait a while and try again."), "error")
    return redirect(url_for("meetings.speaker_rota", slug=g.group.slug)), 429


def parse_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip()[:10])
    except ValueError:
        return None


def day_choices(days: list[date]) -> list[SelectChoice]:
    return [SelectChoice(d.isoformat(), formatting.day(d, g.group, "MMMEd")) for d in days]


@bp.route("/g/<slug>/meetings/rota", methods=["GET", "POST"])
@group_member_required
def speaker_rota():
    form = SwapForm()
    if request.method == "POST":
        if not g.membership.is_organizer:
            abort(403)
        state = swaps.rota_state(g.group)
        form.first.choices = form.second.choices = day_choices(
            [d for d in state.plan if d not in state.cancelled])
        if form.validate_on_submit():
            try:
                rota.swap_dates(g.group, date.fromisoformat(form.first.data),
                                date.fromisoformat(form.second.data), by=current_user)
            except schedule.MeetingError as error:
                form.second.errors.append(str(error))
            else:
                db.session.commit()
                flash(_("Speakers swapped."), "success")
                return redirect(url_for("meetings.speaker_rota", slug=g.group.slug))
    if request.method == "POST":
        return render_rota(swap_form=form, status=400)
    return render_rota()


def render_rota(swap_form: SwapForm | None = None, ask_form: SwapAskForm | None = None,
                status: int = 200):
    group, me, is_organizer = g.group, current_user, g.membership.is_organizer
    state = swaps.rota_state(group)
    dates = [d for d in state.plan if d not in state.cancelled]
    plan = {d: state.plan[d] for d in dates}
    if swap_form is None:
        swap_form = SwapForm(formdata=None)
        if len(dates) > 1:  # two different dates to start from
            swap_form.first.data, swap_form.second.data = dates[0].isoformat(), \
                dates[1].isoformat()
    swap_form.first.choices = swap_form.second.choices = day_choices(dates)
    requests = swaps.waiting(group, me, is_organizer, state.today)
    pins = {p.on: p for p in db.session.scalars(
        sa.select(SpeakerPin).where(SpeakerPin.group_id == group.id, SpeakerPin.on.in_(dates))
        .options(joinedload(SpeakerPin.pinned_by),
                 joinedload(SpeakerPin.swap).joinedload(SpeakerSwap.requester),
                 joinedload(SpeakerPin.swap).joinedload(SpeakerSwap.other)))}
    names = {m.id: m for m in db.session.scalars(sa.select(Member).where(
        Member.id.in_([i for i in plan.values() if i])))}
    my_turns = state.turns_of(me.id)
    if ask_form is None:
        ask_form = SwapAskForm(formdata=None)
    ask_form.mine.choices = day_choices(my_turns)
    asked = {(s.requester_on, s.other_on) for s in requests.outgoing}
    # Not where that member already asked me for the same two dates (answer it instead).
    answer_instead = {s.requester_on for s in requests.incoming if s.other_on in my_turns}
    askable = {d for d, m in plan.items()
               if m and m != me.id and my_turns and d not in state.started
               and not (len(my_turns) == 1 and d in answer_instead)}
    shown = {s.id: swaps.shown_status(s, state)
             for s in requests.incoming + requests.outgoing + requests.group_pending}
    problems = {s.id: swaps.problem_text(p)
                for s in requests.incoming + requests.outgoing + requests.group_pending
                if (p := state.problem(s)) is not None}
    return render_template(
        "meetings/rota.html", group=group, plan=plan, names=names, pins=pins,
        form=swap_form, ask_form=ask_form, is_organizer=is_organizer, my_turns=my_turns,
        askable=askable, asked=asked, requests=requests, shown=shown, problems=problems,
        started=state.started, answer_form=SwapAnswerForm(formdata=None),
        statuses=SwapStatus,
    ), status


@bp.post("/g/<slug>/meetings/rota/swaps")
@group_member_required
@limiter.limit(ask_limit, key_func=by_member, on_breach=too_many)
def ask_swap():
    form = SwapAskForm()
    mine = parse_date(form.mine.data)
    form.mine.choices = day_choices([mine] if mine else [])
    if not form.validate_on_submit():
        flash(_("Choose one of your turns and theirs, then ask again."), "error")
        return render_rota(ask_form=form, status=400)
    theirs = parse_date(form.theirs.data)
    other_id = safe_id(form.other.data)
    if theirs is None or not other_id:
        abort(400)
    other = load_group_member(g.group, other_id)
    try:
        swaps.ask(g.group, current_user, mine, other, theirs)
    except swaps.Refused as refused:
        db.session.rollback()
        flash(str(refused), "error")
        return render_rota(ask_form=form, status=409)
    db.session.commit()
    flash(_("Asked: %(name)s can accept or decline from their notifications or this page. "
            "Until then nothing changes.", name=other.name), "success")
    return redirect(url_for("meetings.speaker_rota", slug=g.group.slug) + "#swap-requests")


def load_and_check() -> tuple[SwapAnswerForm, int]:
    form = SwapAnswerForm()
    if not form.validate_on_submit():
        abort(400)
    return form, version_seen(form.version.data, missing=-1)


def changed_meanwhile(swap: SpeakerSwap):
    db.session.rollback()
    db.session.refresh(swap)
    why = {
        SwapStatus.ACCEPTED: _("it was accepted; the rota below shows it."),
        SwapStatus.DECLINED: _("it was declined."),
        SwapStatus.CANCELLED: _("it was cancelled."),
        SwapStatus.EXPIRED: _("it expired: the rota no longer supports it."),
    }.get(swap.status, _("see its current state below."))
    flash(_("This swap request changed meanwhile: %(why)s", why=why), "error")
    return render_rota(status=409)


def back():
    return redirect(safe_next_url(request.form.get("next"))
                    or url_for("meetings.speaker_rota", slug=g.group.slug) + "#swap-requests")


def loaded(swap_id: int) -> SpeakerSwap:
    try:
        return swaps.load(g.group, current_user, swap_id, g.membership.is_organizer)
    except swaps.NotFound:
        abort(404)


@bp.post("/g/<slug>/meetings/rota/swaps/<int:swap_id>/accept")
@group_member_required
def accept_swap(swap_id: int):
    _form, seen = load_and_check()
    swap = loaded(swap_id)
    try:
        outcome = swaps.accept(g.group, current_user, swap, seen)
    except swaps.Forbidden:
        abort(403)
    except swaps.Changed:
        return changed_meanwhile(swap)
    db.session.commit()
    if outcome.problem is not None:
        flash(_("This swap can no longer be made: %(why)s It is marked expired.",
                why=swaps.problem_text(outcome.problem)), "error")
        return render_rota(status=409)
    flash(_("Swapped: you now speak on %(day)s; %(name)s has been told.",
            day=swaps.day_text(g.group, swap.requester_on), name=swap.requester.name),
          "success")
    return back()


@bp.post("/g/<slug>/meetings/rota/swaps/<int:swap_id>/decline")
@group_member_required
def decline_swap(swap_id: int):
    _form, seen = load_and_check()
    swap = loaded(swap_id)
    try:
        swaps.decline(g.group, current_user, swap, seen)
    except swaps.Forbidden:
        abort(403)
    except swaps.Changed:
        return changed_meanwhile(swap)
    db.session.commit()
    flash(_("Declined: you keep your turn; %(name)s has been told.",
            name=swap.requester.name), "info")
    return back()


@bp.post("/g/<slug>/meetings/rota/swaps/<int:swap_id>/cancel")
@group_member_required
def cancel_swap(swap_id: int):
    _form, seen = load_and_check()
    swap = loaded(swap_id)
    try:
        swaps.cancel(current_user, swap, seen)
    except swaps.Forbidden:
        abort(403)
    except swaps.Changed:
        return changed_meanwhile(swap)
    db.session.commit()
    flash(_("Your swap request is cancelled."), "info")
    return back()
