"""A member's own profile and ideal clients; the group's directory and member pages."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from partner_net.access import group_member_required, load_group_member
from partner_net.extensions import db
from partner_net.forms import EmptyForm, search_words
from partner_net.members import directory
from partner_net.members.forms import TALKABLE_MAX, IdealClientForm, MoveForm, ProfileForm
from partner_net.members.people_html import member_url_prefix, people_rows
from partner_net.members.vcard import vcard_filename, vcard_for
from partner_net.models import Group, IdealClientProfile, Member, Membership
from partner_net.search import query_terms

bp = Blueprint("members", __name__)


# --- Loading ---------------------------------------------------------------------------

def group_members(group: Group) -> list[directory.ListedMember]:
    """The group's active members with their ideal clients, by name: two statements of
    plain rows (the columns the directory shows and searches), whatever the size."""
    in_group = (sa.select(Membership.member_id)
                .join(Member, Member.id == Membership.member_id)
                .where(Membership.group_id == group.id, Membership.active, Member.active))
    profiles: dict[int, list[directory.ListedProfile]] = {}
    for member_id, *fields in db.session.execute(
            sa.select(IdealClientProfile.member_id,
                      *(getattr(IdealClientProfile, name) for name in directory.CLIENT_FIELDS))
            .where(IdealClientProfile.member_id.in_(in_group))
            .order_by(IdealClientProfile.member_id, IdealClientProfile.position,
                      IdealClientProfile.id)):
        profiles.setdefault(member_id, []).append(directory.ListedProfile(*fields))
    rows = db.session.execute(
        sa.select(Member.id, Member.name, Member.business, Member.category, Member.bio,
                  Member.talkable_difference, Member.referral_criteria)
        .where(Member.id.in_(in_group))
        .order_by(Member.name, Member.id))
    return [directory.ListedMember(*row, tuple(profiles.get(row[0], ()))) for row in rows]


def category_suggestions(member: Member) -> list[str]:
    """Categories already used in the member's groups, so spellings stay consistent."""
    group_ids = [m.group_id for m in member.active_memberships]
    if not group_ids:
        return []
    categories = db.session.scalars(
        sa.select(Member.category).distinct()
        .join(Membership, Membership.member_id == Member.id)
        .where(Membership.group_id.in_(group_ids), Membership.active, Member.category != "")
    )
    return directory.distinct_categories(categories)


def load_own_profile(profile_id: int) -> IdealClientProfile:
    """One of the current member's ideal-client profiles; 404 for anyone else's."""
    profile = db.session.get(IdealClientProfile, profile_id)
    if profile is None or profile.member_id != current_user.id:
        abort(404)
    return profile


def renumber(profiles: list[IdealClientProfile]) -> None:
    """Keep positions dense: 0, 1, 2… in the given order."""
    for position, profile in enumerate(profiles):
        profile.position = position


# --- My profile ------------------------------------------------------------------------

@bp.route("/profile", methods=["GET", "POST"])
@login_required
def edit_profile():
    member: Member = current_user._get_current_object()
    form = ProfileForm(member=member)
    if form.validate_on_submit():
        form.populate_obj(member)
        db.session.commit()
        flash("Your profile is saved.", "success")
        return redirect(url_for("members.edit_profile"))
    return render_template(
        "members/profile.html", form=form, member=member, talkable_max=TALKABLE_MAX,
        suggestions=category_suggestions(member), action_form=EmptyForm(),
    )


@bp.route("/profile/clients/new", methods=["GET", "POST"])
@login_required
def new_client():
    form = IdealClientForm()
    if form.validate_on_submit():
        profile = IdealClientProfile(member_id=current_user.id, title=form.title.data,
                                     position=len(current_user.ideal_clients))
        form.populate_obj(profile)
        db.session.add(profile)
        db.session.commit()
        flash(f"Ideal client “{profile.title}” added.", "success")
        return redirect(url_for("members.edit_profile") + "#ideal-clients")
    return render_template("members/client_form.html", form=form, profile=None)


@bp.route("/profile/clients/<int:profile_id>", methods=["GET", "POST"])
@login_required
def edit_client(profile_id: int):
    profile = load_own_profile(profile_id)
    form = IdealClientForm(obj=profile)
    if form.validate_on_submit():
        form.populate_obj(profile)
        db.session.commit()
        flash(f"Ideal client “{profile.title}” saved.", "success")
        return redirect(url_for("members.edit_profile") + "#ideal-clients")
    return render_template("members/client_form.html", form=form, profile=profile)


@bp.post("/profile/clients/<int:profile_id>/delete")
@login_required
def delete_client(profile_id: int):
    profile = load_own_profile(profile_id)
    if EmptyForm().validate_on_submit():
        remaining = [p for p in current_user.ideal_clients if p.id != profile.id]
        db.session.delete(profile)
        renumber(remaining)
        db.session.commit()
        flash(f"Ideal client “{profile.title}” deleted.", "info")
    return redirect(url_for("members.edit_profile") + "#ideal-clients")


@bp.post("/profile/clients/<int:profile_id>/move")
@login_required
def move_client(profile_id: int):
    profile = load_own_profile(profile_id)
    form = MoveForm()
    if form.validate_on_submit():
        offset = -1 if form.direction.data == "up" else 1
        renumber(directory.moved(current_user.ideal_clients, profile, offset))
        db.session.commit()
    else:
        abort(400)
    return redirect(url_for("members.edit_profile") + f"#client-{profile.id}")


# --- Directory -------------------------------------------------------------------------

@bp.get("/g/<slug>/members", endpoint="directory")
@group_member_required
def directory_page():
    members = group_members(g.group)
    query = search_words(request.args.get("q"), 200)
    category = search_words(request.args.get("category"), 120)
    hits = directory.search(members, query, category)
    return render_template(
        "members/directory.html", group=g.group, hits=hits, query=query, category=category,
        categories=directory.categories_of(members), total=len(members),
        terms=query_terms(query), people_rows=people_rows, member_url_prefix=member_url_prefix,
    )


@bp.get("/g/<slug>/members/<int:member_id>")
@group_member_required
def show(member_id: int):
    member = load_group_member(g.group, member_id)
    return render_template("members/show.html", group=g.group, member=member,
                           is_me=member.id == current_user.id)


@bp.get("/g/<slug>/members/<int:member_id>.vcf")
@group_member_required
def vcard(member_id: int):
    member = load_group_member(g.group, member_id)
    return Response(
        vcard_for(member),
        content_type="text/vcard; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{vcard_filename(member.name)}"'},
    )
