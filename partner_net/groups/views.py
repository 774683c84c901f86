"""Starting a group; for organizers: settings, invitations, memberships; accepting invitations."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required, login_user

from partner_net import ratelimits
from partner_net.access import load_group_member, organizer_required
from partner_net.auth import sessions
from partner_net.extensions import db, limiter
from partner_net.forms import EmptyForm
from partner_net.groups import service
from partner_net.groups.currencies import COMMON
from partner_net.groups.forms import (
    GroupForm,
    InviteForm,
    JoinForm,
    MemberSearchForm,
    NewAccountForm,
    timezone_names,
)
from partner_net.groups.limits import invitations_limit_reached, resend_limit_reached
from partner_net.mail import send_email
from partner_net.models import Invitation, Member
from partner_net.pagination import PAGE_SIZE, page_number

bp = Blueprint("groups", __name__)


def render_group_form(template: str, form: GroupForm, **context: object) -> str:
    return render_template(template, form=form, timezones=timezone_names(),
                           currencies=COMMON, **context)


@bp.route("/groups/new", methods=["GET", "POST"])
@login_required
def create():
    form = GroupForm()
    if form.validate_on_submit():
        group = service.create_group(current_user, **form.settings())
        db.session.commit()
        flash(f"{group.name} is ready and you are its organizer. "
              "Invite your members from Group → Invitations (on a phone: More → Group).",
              "success")
        return redirect(url_for("main.dashboard", slug=group.slug))
    return render_group_form("groups/create.html", form)


@bp.route("/g/<slug>/manage/settings", methods=["GET", "POST"])
@organizer_required
def settings():
    form = GroupForm(obj=g.group)
    form.submit.label.text = "Save settings"
    if form.validate_on_submit() and not currency_refused(form):
        for name, value in form.settings().items():
            setattr(g.group, name, value)
        db.session.commit()
        flash("Settings saved.", "success")
        return redirect(url_for("groups.settings", slug=g.group.slug))
    return render_group_form("groups/settings.html", form, group=g.group)


def currency_refused(form: GroupForm) -> bool:
    problem = service.currency_change_problem(g.group, form.currency.data)
    if problem:
        form.currency.errors = [*form.currency.errors, problem]
    return bool(problem)


# --- Invitations --------------------------------------------------------------------

def invitation_days() -> int:
    return int(current_app.config["INVITATION_DAYS"])


def mail_invitation(invitation: Invitation, token: str) -> None:
    """Put the invitation's link in the outbox (sent by the worker after the commit)."""
    send_email(
        invitation.email, f"Join {invitation.group.name} on Partner Net", "invitation",
        group=invitation.group, inviter=invitation.invited_by, days=invitation_days(),
        link=url_for("groups.accept_invitation", token=token, _external=True),
    )


def load_invitation(invitation_id: int) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.group_id != g.group.id:
        abort(404)
    return invitation


def flash_outcome(outcome: service.InviteOutcome) -> None:
    sent = [inv.email for inv, _ in outcome.sent]
    if sent:
        flash(f"Invitation sent to {', '.join(sent)}.", "success")
    if outcome.members:
        flash(f"Already members, not invited: {', '.join(outcome.members)}.", "info")
    if outcome.deactivated:
        flash(f"Deactivated members, not invited: {', '.join(outcome.deactivated)}. "
              "Reactivate them on the Members page instead.", "warning")
    if outcome.pending:
        flash(f"Already invited and the link still works: {', '.join(outcome.pending)}. "
              "Use “Send again” below to send a fresh link.", "info")


@bp.route("/g/<slug>/manage/invitations", methods=["GET", "POST"])
@organizer_required
@limiter.shared_limit(ratelimits.setting("INVITATION_RATE_LIMIT"), "invitations", methods=["POST"],
                      key_func=ratelimits.by_member, on_breach=invitations_limit_reached)
def invitations():
    form = InviteForm()
    if form.validate_on_submit():
        outcome = service.invite(g.group, current_user, form.addresses, invitation_days())
        for invitation, token in outcome.sent:
            mail_invitation(invitation, token)
        db.session.commit()
        flash_outcome(outcome)
        return redirect(url_for("groups.invitations", slug=g.group.slug))
    return render_template("groups/invitations.html", group=g.group, form=form,
                           invitations=service.invitations_of(g.group),
                           days=invitation_days(), action_form=EmptyForm())


@bp.post("/g/<slug>/manage/invitations/<int:invitation_id>/revoke")
@organizer_required
def revoke_invitation(invitation_id: int):
    invitation = load_invitation(invitation_id)
    if EmptyForm().validate_on_submit():
        if invitation.is_pending:
            service.revoke(invitation)
            db.session.commit()
            flash(f"The invitation to {invitation.email} is revoked; its link no longer works.",
                  "success")
        else:
            flash(f"The invitation to {invitation.email} is already {invitation.status}.", "info")
    return redirect(url_for("groups.invitations", slug=g.group.slug))


@bp.post("/g/<slug>/manage/invitations/<int:invitation_id>/resend")
@organizer_required
@limiter.shared_limit(ratelimits.setting("INVITATION_RATE_LIMIT"), "invitations",
                      key_func=ratelimits.by_member, on_breach=resend_limit_reached)
def resend_invitation(invitation_id: int):
    invitation = load_invitation(invitation_id)
    if EmptyForm().validate_on_submit():
        if not invitation.is_pending:
            flash(f"The invitation to {invitation.email} is {invitation.status}; "
                  "invite them again with the form instead.", "info")
        else:
            token = service.resend(invitation, invitation_days())
            invitation.invited_by = current_user
            mail_invitation(invitation, token)
            db.session.commit()
            flash(f"A fresh link is on its way to {invitation.email}; the old one no "
                  "longer works.", "success")
    return redirect(url_for("groups.invitations", slug=g.group.slug))


# --- Accepting an invitation (public) -----------------------------------------------

INVALID_STATUS = {"unknown": 404, "used": 410, "revoked": 410, "expired": 410}


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    invitation = Invitation.find_by_token(token)
    problem = service.invitation_problem(invitation)
    if problem is not None:
        return (render_template("groups/invitation_invalid.html", problem=problem,
                                invitation=invitation), INVALID_STATUS[problem])
    group = invitation.group
    account = service.account_for(invitation)
    signed_in_as_other = current_user.is_authenticated and current_user != account
    context = {"invitation": invitation, "group": group, "token": token, "account": account}
    if signed_in_as_other:
        return render_template("groups/accept.html", step="other_account", **context,
                               signout_form=EmptyForm())
    if account is None:
        return accept_with_new_account(invitation, context)
    if not current_user.is_authenticated:
        return render_template("groups/accept.html", step="sign_in", **context)
    return accept_as_member(invitation, account, context)


def accept_with_new_account(invitation: Invitation, context: dict):
    form = NewAccountForm()
    group = invitation.group
    if form.validate_on_submit():
        problem = service.join_problem(group, None, form.category.data or "")
        if problem:
            form.category.errors.append(problem)
        else:
            member = Member(name=form.name.data, email=invitation.email,
                            category=form.category.data or "")
            member.set_password(form.password.data)
            db.session.add(member)
            service.accept(invitation, member)
            db.session.commit()
            login_user(member)
            flash(f"Welcome to {group.name}, {member.first_name}! Fill in your profile "
                  "(whom you serve and what makes you different) so members can refer you.",
                  "success")
            return redirect(url_for("main.dashboard", slug=group.slug))
    return render_template("groups/accept.html", step="new_account", form=form, **context)


def accept_as_member(invitation: Invitation, member: Member, context: dict):
    group = invitation.group
    membership = member.membership_in(group)
    if membership is not None and membership.active:
        service.accept(invitation, member)
        db.session.commit()
        flash(f"You are already a member of {group.name}.", "info")
        return redirect(url_for("main.dashboard", slug=group.slug))
    problem = service.join_problem(group, member, member.category)
    form = JoinForm()
    form.submit.label.text = f"Join {group.name}"
    if problem is None and form.validate_on_submit():
        service.accept(invitation, member)
        db.session.commit()
        flash(f"Welcome to {group.name}, {member.first_name}! Check that your profile "
              "tells these members whom you serve.", "success")
        return redirect(url_for("main.dashboard", slug=group.slug))
    return render_template("groups/accept.html", step="join", form=form, problem=problem,
                           **context)


@bp.post("/invite/<token>/signout")
def signout_for_invitation(token: str):
    """Sign out, then come back to the invitation (for someone signed in as another account)."""
    if EmptyForm().validate_on_submit() and current_user.is_authenticated:
        sessions.sign_out(current_user._get_current_object())
        flash("You are signed out.", "info")
    return redirect(url_for("groups.accept_invitation", token=token))


# --- Memberships --------------------------------------------------------------------

@bp.get("/g/<slug>/manage/members")
@organizer_required
def members():
    form = MemberSearchForm(request.args)
    search = form.q.data if form.validate() and form.q.data else ""
    page = db.paginate(service.memberships_query(g.group, search), page=page_number(
        request.args.get("page")), per_page=PAGE_SIZE, max_per_page=PAGE_SIZE, error_out=False,
        count=True)
    active, deactivated = service.roster_counts(g.group)
    return render_template("groups/members.html", group=g.group, page=page, roster=page.items,
                           search_form=form, search=search, active_count=active,
                           deactivated_count=deactivated, action_form=EmptyForm(),
                           organizers=service.active_organizers(g.group))


@bp.post("/g/<slug>/manage/members/<int:member_id>/<action>")
@organizer_required
def change_member(member_id: int, action: str):
    if action not in service.ACTIONS:
        abort(404)
    member = load_group_member(g.group, member_id, include_inactive=True)
    membership = member.membership_in(g.group)
    if not EmptyForm().validate_on_submit():
        abort(400)
    change, done = service.ACTIONS[action]
    problem = change(membership)
    if problem:
        flash(problem, "error")
        return redirect(url_for("groups.members", slug=g.group.slug))
    db.session.commit()
    flash(done.format(name=member.name), "success")
    if member == current_user and not membership.is_organizer:
        return redirect(url_for("main.dashboard", slug=g.group.slug))
    if member == current_user and not membership.active:
        return redirect(url_for("main.home"))
    return redirect(url_for("groups.members", slug=g.group.slug))
