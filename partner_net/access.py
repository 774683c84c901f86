"""Who may see what: one loader per object kind and the role decorators.

Rule of thumb: 404 when the thing is missing or not yours to see (so ids and slugs
reveal nothing), 403 when you may see it but not change it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import abort, g, request, session
from flask_login import current_user, login_required

from partner_net.extensions import db
from partner_net.models import Group, Member, Membership

#: Built once. ``populate_existing``: the row's values as read now even when the session
#: already holds the group, so its ``referrals_version`` is this request's (the network
#: pages key their per-process caches on it: :func:`partner_net.network.aggregates.stamp_of`).
_GROUP_BY_SLUG = (sa.select(Group).where(Group.slug == sa.bindparam("slug"))
                  .execution_options(populate_existing=True))


def load_group_for_member(slug: str) -> tuple[Group, Membership]:
    """The group (its row read afresh) and the current member's active membership in it,
    or 404."""
    group = db.session.scalar(_GROUP_BY_SLUG, {"slug": slug})
    if group is None:
        abort(404)
    membership = current_user.membership_in(group)
    if membership is None or not membership.active:
        abort(404)
    return group, membership


def load_group_member(group: Group, member_id: int, include_inactive: bool = False) -> Member:
    """A member of ``group`` (404 when not in it, or deactivated unless asked for)."""
    row = db.session.execute(
        sa.select(Member, Membership)
        .join(Membership, Membership.member_id == Member.id)
        .where(Membership.group_id == group.id, Member.id == member_id)
    ).first()
    if row is None or (not include_inactive and not (row.Membership.active and row.Member.active)):
        abort(404)
    return row.Member


def group_member_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """For views under ``/g/<slug>/``: sets ``g.group`` and ``g.membership``."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, slug: str, **kwargs: Any) -> Any:
        g.group, g.membership = load_group_for_member(slug)
        remember_current_group(g.group)
        return view(*args, **kwargs)

    return wrapped


def organizer_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Like :func:`group_member_required`, and 403 for members who are not organizers."""

    @wraps(view)
    @group_member_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not g.membership.is_organizer:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def remember_current_group(group: Group) -> None:
    """The group the member last opened is where the home page takes them next time."""
    session["group_slug"] = group.slug


def current_group() -> Group | None:
    """The group the member is working in, if any (for the navigation)."""
    if not current_user or not current_user.is_authenticated:
        return None
    group = getattr(g, "group", None)
    if group is not None:
        return group
    active = current_user.active_memberships
    slug = session.get("group_slug")
    preferred = next((m.group for m in active if m.group.slug == slug), None)
    return preferred or (active[0].group if active else None)


def safe_next_url(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None (no open redirects)."""
    if not target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None  # control characters (CR/LF would split the Location header)
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


def next_url_from_request() -> str | None:
    return safe_next_url(request.args.get("next") or request.form.get("next"))
