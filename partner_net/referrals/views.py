"""Giving referrals, working them, thanking, and the lists."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from wtforms import SelectChoice

from partner_net import clock, ratelimits
from partner_net.access import current_group, organizer_required
from partner_net.extensions import db, limiter
from partner_net.formatting import zone_of
from partner_net.forms import EmptyForm
from partner_net.models import Group, Meeting, Member, Notification, OneToOne, Referral, SpeakerSwap
from partner_net.pagination import keyset
from partner_net.referrals import queries, service
from partner_net.referrals.access import View, load_referral, visible_events
from partner_net.referrals.forms import (
    EditForm,
    GiveForm,
    GiverNoteForm,
    MoveForm,
    NoteForm,
    ThankForm,
    ValueForm,
    VersionedForm,
    WithdrawForm,
    new_token,
)
from partner_net.referrals.pipeline import (
    LABELS,
    TEMPERATURES,
    Status,
    awaiting_contact,
    giver_may_change,
    receiver_moves,
    thank_you_overdue,
)

bp = Blueprint("referrals", __name__)


# --- giving --------------------------------------------------------------------------


GIVE_LIMIT_MESSAGE = ("You have given many referrals in a short time, so this one was not "
                      "recorded yet. Your entry is kept: wait a few minutes and give it again.")


def give_limit_reached(_limit):
    """Over the giving limit: the same form, as typed, with a clear message (429)."""
    flash(GIVE_LIMIT_MESSAGE, "error")
    return make_response(render_give(GiveForm(), service.active_groups_of(current_user)), 429)


@bp.route("/referrals/new", methods=["GET", "POST"])
@login_required
@limiter.limit(ratelimits.setting("GIVE_RATE_LIMIT"), methods=["POST"],
               key_func=ratelimits.by_member, on_breach=give_limit_reached)
def give():
    groups = service.active_groups_of(current_user)
    if not groups:
        flash("Join or start a group first: referrals are passed between its members.", "info")
        return redirect(url_for("main.home"))
    form = GiveForm()
    if request.method == "GET":
        form.receiver.data = request.args.get("to", type=int) or 0
        form.group.data = default_group_id(groups)
    # The header names the group the referral is being recorded in.
    g.group = next((grp for grp in groups if grp.id == form.group.data), None) \
        or current_group()
    if request.method == "POST":
        already = service.given_with_token(current_user, form.token.data)
        if already is not None:  # the same form again (a double click, a retried post)
            return given(already)
    if form.validate_on_submit():
        receiver, group = resolve_receiver_and_group(form, groups)
        if receiver is not None and group is not None:
            try:
                referral = service.give(current_user, receiver, group, form.prospect(),
                                        token=form.token.data)
                db.session.commit()
            except service.ReferralError as error:
                db.session.rollback()
                form.receiver.errors.append(str(error))
            except IntegrityError:  # the same token committed by a request running alongside
                db.session.rollback()
                already = service.given_with_token(current_user, form.token.data)
                if already is not None:
                    return given(already)
                form.token.data = new_token()
                form.receiver.errors.append("This form was already used. Check the details "
                                            "and give the referral again.")
            else:
                return given(referral)
    return render_give(form, groups)


def render_give(form: GiveForm, groups: list[Group]) -> str:
    form.receiver.choices = member_choices(service.receivers_for(current_user))
    form.group.choices = [SelectChoice(grp.id, grp.name) for grp in groups]
    return render_template(
        "referrals/give.html", form=form, temperatures=TEMPERATURES,
        several_groups=len(groups) > 1,
    )


def given(referral: Referral):
    flash(f"Referral of {referral.prospect_name} given to {referral.receiver.name}. "
          "They have been told; you'll see each milestone they share.", "success")
    return redirect(url_for("referrals.show", referral_id=referral.id))


def member_choices(members: Iterable[Member | service.Receiver]) -> list[SelectChoice]:
    return [SelectChoice(0, "Choose a member…")] + [
        SelectChoice(m.id, receiver_label(m)) for m in members]


def receiver_label(member: Member | service.Receiver) -> str:
    details = " · ".join(part for part in (member.business, member.category) if part)
    return f"{member.name} — {details}" if details else member.name


def default_group_id(groups: list[Group]) -> int:
    slug = request.args.get("group")
    chosen = next((grp for grp in groups if grp.slug == slug), None) or current_group()
    return chosen.id if chosen else groups[0].id


def resolve_receiver_and_group(
    form: GiveForm, groups: list[Group]
) -> tuple[Member | None, Group | None]:
    """The receiver and the shared group to record in, or None with a form error."""
    receiver = db.session.get(Member, form.receiver.data)
    if receiver is None:
        form.receiver.errors.append("Choose the member you are referring to.")
        return None, None
    if receiver.id == current_user.id:
        form.receiver.errors.append("You can't refer a prospect to yourself. "
                                    "Choose another member.")
        return None, None
    shared = service.shared_groups(current_user, receiver)
    if not shared:
        form.receiver.errors.append(
            f"{receiver.name} is not an active member of any of your groups any more.")
        return None, None
    chosen = next((grp for grp in shared if grp.id == form.group.data), None)
    if chosen is None and len(shared) == 1:
        chosen = shared[0]
    if chosen is None:
        names = " or ".join(grp.name for grp in shared)
        form.group.errors.append(f"{receiver.name} is in {names}: choose where to record it.")
        return None, None
    return receiver, chosen


# --- one referral --------------------------------------------------------------------


@bp.get("/referrals/<int:referral_id>")
@login_required
def show(referral_id: int):
    referral, view = load_referral(referral_id, current_user)
    mark_notifications_read(referral)
    return render_show(referral, view)


def render_show(referral: Referral, view: View, status: int = 200, changed: bool = False,
                problem: str = "", **forms: VersionedForm):
    """The referral's page. ``forms`` are posted forms shown again as typed; one the new
    state no longer offers (after a change made meanwhile) is listed as unsaved text."""
    me = current_user
    is_receiver = me.id == referral.receiver_id
    is_giver = me.id == referral.giver_id
    may_change = is_giver and giver_may_change(
        referral.state, referral.receiver_acted_at is not None)
    moves = receiver_moves(referral.state) if is_receiver else []
    version = referral.version
    move_form = forms.get("move_form") or MoveForm(formdata=None, version=version)
    move_form.to.choices = [SelectChoice(s.value, LABELS[s]) for s in moves]
    # Only the receiver has moves, hence the form and its list of members.
    move_form.pass_to.choices = member_choices(pass_on_candidates(referral)) if moves else []
    may_thank = is_receiver and not referral.thanked_at and referral.state is not Status.WITHDRAWN
    may_correct = is_receiver and referral.state is Status.WON
    shown = {
        "move_form": move_form if moves else None,
        "note_form": forms.get("note_form") or NoteForm(formdata=None, version=version)
        if moves else None,
        "thank_form": forms.get("thank_form") or ThankForm(
            formdata=None, version=version,
            when=clock.local_today(referral.group.timezone)) if may_thank else None,
        "value_form": forms.get("value_form") or ValueForm(formdata=None, version=version)
        if may_correct else None,
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(formdata=None,
                                                                   version=version)
        if may_change else None,
        "giver_note_form": forms.get("giver_note_form") or GiverNoteForm(formdata=None)
        if is_giver and not is_receiver and referral.state is not Status.WITHDRAWN else None,
    }
    hidden = [form for name, form in forms.items() if shown.get(name) is None]
    unsaved = [typed_text(form) for form in hidden]
    now = clock.now()
    return render_template(
        "referrals/show.html",
        referral=referral,
        view=view,
        events=visible_events(referral, me, view),
        is_receiver=is_receiver,
        is_giver=is_giver,
        giver_may_change=may_change,
        can_mark_contacted=is_receiver and Status.CONTACTED in moves,
        changed=changed,
        problem=problem if hidden else "",
        unsaved=[text for text in unsaved if text],
        awaiting_contact=awaiting_contact(referral.state, referral.created_at, now),
        thank_you_overdue=is_receiver and thank_you_overdue(
            referral.state, referral.created_at, referral.thanked_at, now),
        labels=LABELS,
        temperatures=TEMPERATURES,
        **shown,
    ), status


def typed_text(form: FlaskForm) -> str:
    """What the member typed in ``form``, as lines to copy (for a form no longer shown)."""
    lines = []
    for field in form:
        if field.type in {"HiddenField", "CSRFTokenField", "SubmitField", "BooleanField",
                          "SelectField", "RadioField"}:
            continue
        raw = (field.raw_data or [""])[0] if field.raw_data else ""
        if str(raw).strip():
            lines.append(f"{field.label.text}: {raw}")
    return "\n".join(lines)


def refused(referral: Referral, error: service.ReferralError, field_name: str,
            form: VersionedForm, form_name: str):
    """The service refused: undo everything of this request and show the page with the
    current state, the member's form as they typed it. A change made meanwhile is a 409
    with "This referral changed meanwhile"; a rule broken is a 400 next to the field."""
    db.session.rollback()
    if isinstance(error, service.Changed):
        # Sending the form again now applies it to the state just shown, knowingly.
        form.version.data = referral.version
        return render_show(referral, View.PARTY, 409, changed=True, **{form_name: form})
    field = getattr(form, field_name)
    field.errors = [*field.errors, str(error)]
    return render_show(referral, View.PARTY, 400, problem=str(error), **{form_name: form})


def pass_on_candidates(referral: Referral) -> list[service.Receiver]:
    """Active members of the referral's group, other than the receiver and the giver."""
    return [m for m in service.receivers_for(current_user, referral.group_id)
            if m.id != referral.giver_id]


def mark_notifications_read(referral: Referral) -> None:
    unread = db.session.scalars(sa.select(Notification).where(
        *queries.unread_of(current_user.id), Notification.referral_id == referral.id))
    changed = False
    for notification in unread:
        notification.read_at = clock.now()
        changed = True
    if changed:
        db.session.commit()


def party_referral_or_404(referral_id: int) -> Referral:
    """A referral the member is a party to (404 if invisible, 403 if only an organizer)."""
    referral, view = load_referral(referral_id, current_user)
    if view is not View.PARTY:
        abort(403)
    return referral


def received_referral_or_404(referral_id: int) -> Referral:
    """A referral only its receiver may work (403 for the other parties)."""
    referral = party_referral_or_404(referral_id)
    if current_user.id != referral.receiver_id:
        abort(403)
    return referral


@bp.post("/referrals/<int:referral_id>/move")
@login_required
def move(referral_id: int):
    referral = received_referral_or_404(referral_id)
    form = MoveForm()
    if form.validate_on_submit():
        pass_to = db.session.get(Member, form.pass_to.data) if form.pass_to.data else None
        try:
            child = service.move(referral, current_user, form.step(pass_to), form.seen())
            db.session.commit()
        except service.ReferralError as error:
            return refused(referral, error, "to", form, "move_form")
        except IntegrityError:  # a second child of one referral: the unique index said no
            return refused(referral, service.Changed(), "to", form, "move_form")
        else:
            if child is not None:
                flash(f"Passed on to {child.receiver.name}. {referral.giver.name} keeps the "
                      "credit and has been told.", "success")
            else:
                flash(f"Marked “{referral.status_label}”.", "success")
            return redirect(url_for("referrals.show", referral_id=referral.id))
    return render_show(referral, View.PARTY, 400, move_form=form)


@bp.post("/referrals/<int:referral_id>/note")
@login_required
def note(referral_id: int):
    referral = received_referral_or_404(referral_id)
    form = NoteForm()
    if form.validate_on_submit():
        try:
            service.add_note(referral, current_user, form.note.data, form.shared.data,
                             form.seen())
            db.session.commit()
        except service.ReferralError as error:
            return refused(referral, error, "note", form, "note_form")
        else:
            flash("Note added.", "success")
            return redirect(url_for("referrals.show", referral_id=referral.id))
    return render_show(referral, View.PARTY, 400, note_form=form)


@bp.post("/referrals/<int:referral_id>/giver-note")
@login_required
def send_giver_note(referral_id: int):
    referral = party_referral_or_404(referral_id)
    if current_user.id != referral.giver_id:
        abort(403)
    form = GiverNoteForm()
    if form.validate_on_submit():
        try:
            service.giver_note(referral, current_user, form.note.data)
        except service.ReferralError as error:
            form.note.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Note sent; {referral.receiver.name} can read it here.", "success")
            return redirect(url_for("referrals.show", referral_id=referral.id))
    return render_show(referral, View.PARTY, 400, giver_note_form=form)


@bp.post("/referrals/<int:referral_id>/thank")
@login_required
def thank(referral_id: int):
    referral = received_referral_or_404(referral_id)
    form = ThankForm()
    if form.validate_on_submit():
        timezone = referral.group.timezone
        when = datetime.combine(form.when.data, time(12), tzinfo=zone_of(referral.group))
        when = when.astimezone(UTC)
        if form.when.data == clock.local_today(timezone):
            when = min(when, clock.now())  # thanked this morning
        try:
            service.thank(referral, current_user, form.method.data, when, form.note.data,
                          form.seen())
            db.session.commit()
        except service.ReferralError as error:
            return refused(referral, error, "when", form, "thank_form")
        else:
            flash(f"Thank-you recorded; {referral.giver.name} can see it.", "success")
            return redirect(url_for("referrals.show", referral_id=referral.id))
    return render_show(referral, View.PARTY, 400, thank_form=form)


@bp.route("/referrals/<int:referral_id>/edit", methods=["GET", "POST"])
@login_required
def edit(referral_id: int):
    referral = party_referral_or_404(referral_id)
    if current_user.id != referral.giver_id:
        abort(403)
    if request.method == "GET" and not giver_may_change(
            referral.state, referral.receiver_acted_at is not None):
        flash(f"{referral.receiver.name} has already acted on this referral, so it can no "
              "longer be edited.", "error")
        return redirect(url_for("referrals.show", referral_id=referral.id))
    form = EditForm()
    if request.method == "GET":
        form.fill_from(referral)
        form.version.data = referral.version
    if form.validate_on_submit():
        try:
            changed = service.edit(referral, current_user, form.prospect(), form.seen())
            db.session.commit()
        except service.ReferralError as error:
            db.session.rollback()
            if not giver_may_change(referral.state, referral.receiver_acted_at is not None):
                # Acted on meanwhile: the edit form is gone; show the page, keep the text.
                return render_show(referral, View.PARTY, 409, changed=True, edit_form=form)
            form.version.data = referral.version
            return render_template("referrals/edit.html", form=form, referral=referral,
                                   changed=isinstance(error, service.Changed),
                                   error=str(error)), 409
        flash("Correction saved; the receiver has been told." if changed
              else "Nothing was changed.", "success" if changed else "info")
        return redirect(url_for("referrals.show", referral_id=referral.id))
    return render_template("referrals/edit.html", form=form, referral=referral)


@bp.post("/referrals/<int:referral_id>/withdraw")
@login_required
def withdraw(referral_id: int):
    referral = party_referral_or_404(referral_id)
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            service.withdraw(referral, current_user, form.reason.data, form.seen())
            db.session.commit()
        except service.ReferralError as error:
            return refused(referral, error, "reason", form, "withdraw_form")
        flash("Referral withdrawn. It no longer counts for either of you.", "success")
        return redirect(url_for("referrals.show", referral_id=referral.id))
    return render_show(referral, View.PARTY, 400, withdraw_form=form)


@bp.post("/referrals/<int:referral_id>/value")
@login_required
def correct_value(referral_id: int):
    """The receiver corrects the value of a won referral; the giver is told."""
    referral = received_referral_or_404(referral_id)
    form = ValueForm()
    if form.validate_on_submit():
        try:
            service.correct_value(referral, current_user, form.value.data,
                                  form.reason.data or "", form.seen())
            db.session.commit()
        except service.ReferralError as error:
            return refused(referral, error, "value", form, "value_form")
        flash(f"Value corrected; {referral.giver.name} has been told.", "success")
        return redirect(url_for("referrals.show", referral_id=referral.id))
    return render_show(referral, View.PARTY, 400, value_form=form)


# --- lists ---------------------------------------------------------------------------


def list_filters(*extra: str) -> tuple[str | None, str]:
    """The status (one of the statuses, or one of ``extra``; else every status) and the
    period a list is filtered by, from the query string."""
    status = request.args.get("status") or None
    if status not in {s.value for s in Status} | set(extra):
        status = None
    period = request.args.get("period", "12m")
    if period not in queries.PERIODS:
        period = "12m"
    return status, period


@bp.get("/referrals")
@login_required
def index():
    box = "given" if request.args.get("box") == "given" else "received"
    status, period = list_filters(*(() if box == "given" else (queries.UNTHANKED,)))
    page = queries.member_referral_rows(current_user, box, status, period, clock.now(),
                                        request.args.get("before"))
    return render_template(
        "referrals/index.html", referrals=page.items, page=page, box=box, status=status,
        period=period, periods=queries.PERIODS, labels=LABELS,
        several_groups=len(current_user.active_memberships) > 1, now=clock.now(),
        awaiting_contact=awaiting_contact,
    )


@bp.get("/g/<slug>/referrals")
@organizer_required
def group_list():
    status, period = list_filters()
    page = queries.group_referrals(g.group, status, period, clock.now(),
                                   request.args.get("before"))
    return render_template(
        "referrals/group.html", group=g.group, referrals=page.items, page=page, status=status,
        period=period, periods=queries.PERIODS, labels=LABELS,
    )


@bp.get("/notifications")
@login_required
def notifications():
    # The one-to-ones named (and their groups) come with the page: no query per row.
    page = keyset(sa.select(Notification).where(Notification.member_id == current_user.id)
                  .options(sa.orm.joinedload(Notification.one_to_one)
                           .joinedload(OneToOne.group),
                           sa.orm.joinedload(Notification.speaker_swap)
                           .joinedload(SpeakerSwap.group),
                           sa.orm.joinedload(Notification.meeting).joinedload(Meeting.group)),
                  Notification.created_at, Notification.id, request.args.get("before"))
    # A swap request for a date that has passed can no longer be answered.
    past_swaps = {n.speaker_swap_id for n in page.items if n.speaker_swap is not None
                  and min(n.speaker_swap.requester_on, n.speaker_swap.other_on)
                  < clock.local_today(n.speaker_swap.group.timezone)}
    return render_template("referrals/notifications.html", items=page.items, page=page,
                           form=EmptyForm(), past_swaps=past_swaps)


@bp.post("/notifications/read")
@login_required
def read_notifications():
    if EmptyForm().validate_on_submit():
        db.session.execute(
            sa.update(Notification)
            .where(*queries.unread_of(current_user.id))
            .values(read_at=clock.now()))
        db.session.commit()
        flash("All caught up.", "success")
    return redirect(url_for("referrals.notifications"))
