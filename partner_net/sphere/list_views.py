"""Whom I refer (the list, sharing it, the shared views), the funnel, and thanks for a won
referral. Routes on the sphere blueprint."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, g, redirect, render_template, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from partner_net.access import group_member_required, load_group_member
from partner_net.domain import sphere as rules
from partner_net.extensions import db
from partner_net.forms import EmptyForm
from partner_net.models import Member
from partner_net.network.aggregates import active_members
from partner_net.referrals.access import load_referral
from partner_net.sphere import service, sharing
from partner_net.sphere.forms import CriteriaForm, PartnerEntryForm, SharingForm, ThanksForm
from partner_net.sphere.views import bp, limit_adds, today

# --- my referral list -------------------------------------------------------------------


@bp.get("/g/<slug>/sphere/referral-list")
@group_member_required
def referral_list():
    return render_list()


def render_list(status: int = 200, **forms):
    settings = sharing.sharing_of(current_user)
    partner_form = forms.get("partner_form") or PartnerEntryForm(formdata=None)
    partner_form.partner.choices = [SelectChoice(0, "Choose a member…")] + [
        SelectChoice(m.id, f"{m.name} ({m.category})" if m.category else m.name)
        for m in active_members(g.group.id) if m.id != current_user.id]
    return render_template(
        "sphere/referral_list.html", group=g.group, entries=sharing.entries_of(current_user),
        partner_form=partner_form,
        criteria_form=forms.get("criteria_form") or CriteriaForm(
            formdata=None, referral_criteria=current_user.referral_criteria),
        sharing_form=SharingForm(formdata=None, with_group=settings.with_group),
        settings=settings, new_link=forms.get("new_link"), action_form=EmptyForm(),
    ), status


@bp.post("/g/<slug>/sphere/referral-list/criteria")
@group_member_required
def save_criteria():
    form = CriteriaForm()
    if not form.validate_on_submit():
        return render_list(400, criteria_form=form)
    current_user.referral_criteria = form.referral_criteria.data or ""
    db.session.commit()
    flash("Your “I refer people who…” is saved (it shows on your member page too).",
          "success")
    return redirect(url_for("sphere.referral_list", slug=g.group.slug))


@bp.post("/g/<slug>/sphere/referral-list/partners")
@group_member_required
@limit_adds
def add_partner():
    form = PartnerEntryForm()
    form.partner.choices = []
    if not form.validate_on_submit():
        return render_list(400, partner_form=form)
    if form.partner.data == current_user.id:
        form.partner.errors.append("Your list is of other people; choose a partner.")
        return render_list(400, partner_form=form)
    partner = load_group_member(g.group, form.partner.data)
    try:
        sharing.add_entry(current_user, form.what_for.data, form.why.data or "",
                          partner=partner)
    except sharing.ListError as error:
        form.partner.errors.append(str(error))
        return render_list(400, partner_form=form)
    db.session.commit()
    flash(f"{partner.name} is on your referral list.", "success")
    return redirect(url_for("sphere.referral_list", slug=g.group.slug))


@bp.post("/g/<slug>/sphere/referral-list/<int:entry_id>/remove")
@group_member_required
def remove_entry(entry_id: int):
    entry = sharing.load_entry(current_user, entry_id)
    if entry is None:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    name = entry.display_name
    db.session.delete(entry)
    db.session.commit()
    flash(f"{name} is off your referral list.", "info")
    return redirect(url_for("sphere.referral_list", slug=g.group.slug))


@bp.post("/g/<slug>/sphere/referral-list/sharing")
@group_member_required
def save_sharing():
    form = SharingForm()
    if not form.validate_on_submit():
        abort(400)
    sharing.set_with_group(current_user, bool(form.with_group.data))
    db.session.commit()
    flash("Your list now shows on your member page to your groups." if form.with_group.data
          else "Your list is no longer shown on your member page.", "success")
    return redirect(url_for("sphere.referral_list", slug=g.group.slug) + "#share")


@bp.post("/g/<slug>/sphere/referral-list/link")
@group_member_required
def make_link():
    if not EmptyForm().validate_on_submit():
        abort(400)
    token = sharing.new_link(current_user)
    db.session.commit()
    flash("Here is your private link. Copy it now: for your privacy it is shown only once. "
          "Any earlier link has stopped working.", "success")
    return render_list(new_link=url_for("sphere.shared_by_link", token=token,
                                        _external=True))


@bp.post("/g/<slug>/sphere/referral-list/link/revoke")
@group_member_required
def revoke_link():
    if not EmptyForm().validate_on_submit():
        abort(400)
    sharing.revoke_link(current_user)
    db.session.commit()
    flash("Your private link no longer works.", "success")
    return redirect(url_for("sphere.referral_list", slug=g.group.slug) + "#share")


# --- the shared views -------------------------------------------------------------------


@bp.get("/sphere/shared/<token>")
def shared_by_link(token: str):
    """The private link: anyone holding it reads the list (names, businesses, what for,
    why); members signed in can save an entry to their own sphere."""
    owner = sharing.owner_by_link(token)
    if owner is None:
        abort(404)
    response = render_template(
        "sphere/shared.html", owner=owner, entries=sharing.shared_entries(owner),
        token=token, action_form=EmptyForm(),
        my_groups=current_user.active_memberships if current_user.is_authenticated else [])
    return response, 200, {"Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


@bp.post("/sphere/shared/<token>/<int:entry_id>/save")
@login_required
@limit_adds
def save_from_link(token: str, entry_id: int):
    owner = sharing.owner_by_link(token)
    entry = sharing.shared_entry(owner, entry_id) if owner else None
    if entry is None:
        abort(404)
    return _save(owner, entry, current_user.active_memberships[0].group
                 if current_user.active_memberships else None)


@bp.post("/g/<slug>/members/<int:member_id>/referral-list/<int:entry_id>/save")
@group_member_required
@limit_adds
def save_from_member(member_id: int, entry_id: int):
    owner = load_group_member(g.group, member_id)
    if not sharing.shared_with(owner, g.group, current_user):
        abort(404)
    entry = sharing.shared_entry(owner, entry_id)
    if entry is None:
        abort(404)
    return _save(owner, entry, g.group)


def _save(owner: Member, entry: sharing.SharedEntry, group):
    if group is None:
        flash("Join a group to keep a sphere of your own.", "info")
        return redirect(url_for("main.home"))
    if not EmptyForm().validate_on_submit():
        abort(400)
    day = service.today_in(group)
    contact = sharing.save_shared_entry(current_user, owner, entry, day)
    db.session.commit()
    flash(f"{entry.name} saved to your sphere as a suspect. Add how to reach them when you "
          "have it.", "success")
    return redirect(url_for("sphere.contact", slug=group.slug, contact_id=contact.id))


# --- the funnel -------------------------------------------------------------------------


@bp.get("/g/<slug>/sphere/funnel")
@group_member_required
def funnel():
    day = today()
    start, end = rules.quarter_bounds(day)
    moves = service.moves_between(current_user, start, end, g.group.timezone)
    rows = rules.funnel(service.rung_counts(current_user), moves)
    return render_template(
        "sphere/funnel.html", group=g.group, rows=rows, start=start, last=end - timedelta(days=1),
        widest=max((r.count for r in rows), default=0) or 1,
        total=sum(r.count for r in rows), moved_up=sum(r.up for r in rows),
        given=sharing.sphere_referrals(current_user))


# --- thanks that are remembered ---------------------------------------------------------


@bp.post("/referrals/<int:referral_id>/sphere-thanks")
@login_required
@limit_adds
def thank_giver(referral_id: int):
    referral, _view = load_referral(referral_id, current_user)
    if not sharing.thanks_due(referral, current_user):
        abort(403)
    form = ThanksForm()
    if not form.validate_on_submit():
        flash("Choose what you did for them (a note is optional).", "error")
        return redirect(url_for("referrals.show", referral_id=referral.id) + "#thanks")
    day = service.today_in(referral.group)

    def create() -> int:
        contact = sharing.giver_contact(current_user, referral.giver, day)
        return service.log_touch(contact, form.channel.data, day, form.note.data or "",
                                 referral_id=referral.id).id

    try:
        service.submit_once(current_user, form.token.data, "thanks", create)
    except service.Repeated:
        flash("Already logged.", "info")
    else:
        flash(f"Logged as a touch on {referral.giver.name} in your sphere.", "success")
    return redirect(url_for("referrals.show", referral_id=referral.id) + "#thanks")
