"""Revocable sessions and remember-me tokens.

Sessions: the signed session cookie carries ``"<member id>:<session version>"``
(:meth:`Member.get_id`), and :func:`load_member` accepts it on every request only while
that version is still the member's. :func:`end_sessions` raises the version, so every
session cookie issued before (this browser's, other devices', a copy an attacker kept)
stops working at its next request. Signing out, resetting the password and "sign out
everywhere" all call it.

Remember me: each "keep me signed in" gets its own random token, sent as the
``pn_remember`` cookie (HttpOnly, with the session cookie's Secure and SameSite); only its
SHA-256 is stored (:class:`RememberToken`), with the session version it was issued under.
A browser that comes back without a session presents it once: the row is marked used and
a new token replaces the cookie (rotation). A used, expired, unknown or outdated token
signs nobody in.
"""

from __future__ import annotations

import enum
from datetime import timedelta

import sqlalchemy as sa
from flask import Flask, Response, current_app, g, request, session
from flask_login import current_user, login_user, logout_user

from partner_net.extensions import db
from partner_net.forms import MAX_ID
from partner_net.models import Member, RememberToken
from partner_net.models.base import hash_token, new_token, utcnow
from partner_net.unread_badge import MEMBER_AND_UNREAD, counted_unread

REMEMBER_COOKIE = "pn_remember"
#: Requests that arrive together with the same token (tabs restored at once): the first
#: rotates it; the others, within this time, are simply not signed in by it, and their
#: answers leave the cookie the first one set alone.
ROTATION_GRACE = timedelta(seconds=60)


class Redeemed(enum.Enum):
    INVALID = "invalid"  # unknown, expired, used long ago, or revoked: forget the cookie
    RACE = "race"  # used a moment ago by a request sent at the same time


def load_member(session_id: str) -> Member | None:
    """Flask-Login's user loader: the member, if the session's version is still theirs."""
    member_id, _, version = session_id.partition(":")
    try:
        member_id_int, version_int = int(member_id), int(version)
    except ValueError:
        member_id_int = version_int = -1
    row = (db.session.execute(MEMBER_AND_UNREAD, {"member_id": member_id_int}).first()
           if 0 < member_id_int <= MAX_ID else None)
    member = row[0] if row else None
    if member is None or member.session_version != version_int:
        for key in ("_user_id", "_fresh", "_id"):
            session.pop(key, None)  # an ended session: drop it from the cookie as well
        return None
    counted_unread(row[1])  # the header's badge, counted in the same statement
    return member


def end_sessions(member: Member) -> None:
    """End every session and remember-me token of ``member`` (the caller commits).

    One atomic ``UPDATE ... SET session_version = session_version + 1``: two requests
    ending sessions at once both count, and a token issued under the old version is
    refused even if it was written after the DELETE below.
    """
    db.session.execute(
        sa.update(Member).where(Member.id == member.id)
        .values(session_version=Member.session_version + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(sa.delete(RememberToken).where(RememberToken.member_id == member.id))
    db.session.expire(member, ["session_version"])


def remember_duration() -> timedelta:
    return timedelta(seconds=int(current_app.config["REMEMBER_COOKIE_DURATION"]))


def issue_remember_token(member: Member) -> str:
    """A new remember-me token for ``member`` (its row is added; the caller commits)."""
    token, token_hash = new_token()
    db.session.add(RememberToken(
        member_id=member.id, token_hash=token_hash, session_version=member.session_version,
        expires_at=utcnow() + remember_duration(),
    ))
    return token


def sign_in(member: Member, remember: bool = False) -> None:
    """Start a session for ``member``; with ``remember``, a remember-me token too.

    The caller commits (the token's row), and the cookie is set on the response.
    """
    login_user(member)
    if remember:
        g.remember_token = issue_remember_token(member)


def sign_out(member: Member) -> None:
    """Sign out here and everywhere else (DESIGN.md: signing out ends every session)."""
    end_sessions(member)
    db.session.commit()
    logout_user()
    g.forget_remember = True


def sign_out_elsewhere(member: Member) -> None:
    """End every other session and token of ``member``; this browser stays signed in."""
    remembered = REMEMBER_COOKIE in request.cookies
    end_sessions(member)
    if remembered:
        g.remember_token = issue_remember_token(member)
    db.session.commit()
    login_user(member, fresh=bool(session.get("_fresh")))


def redeem_remember_token(token: str) -> tuple[Member, str] | Redeemed:
    """Use a remember-me token: the member and the token that replaces it, or why not.

    Compare-and-set: the row is marked used only if it is still unused, so of several
    requests presenting it at once exactly one signs in and gets the next token.
    """
    now = utcnow()
    row = db.session.scalar(
        sa.select(RememberToken).filter_by(token_hash=hash_token(token[:200]))
    )
    if row is None or row.expires_at <= now:
        return Redeemed.INVALID
    member = row.member
    if row.session_version != member.session_version or not member.is_active:
        return Redeemed.INVALID
    if row.used_at is not None:
        return Redeemed.RACE if now - row.used_at < ROTATION_GRACE else Redeemed.INVALID
    claimed = db.session.execute(
        sa.update(RememberToken)
        .where(RememberToken.id == row.id, RememberToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        return Redeemed.RACE
    db.session.execute(sa.delete(RememberToken).where(
        RememberToken.member_id == member.id,
        sa.or_(RememberToken.expires_at <= now, RememberToken.used_at < now - ROTATION_GRACE),
    ))
    replacement = issue_remember_token(member)
    db.session.commit()
    return member, replacement


def sign_in_from_remember_cookie() -> None:
    """Before each request: a browser without a session but with a token is signed in.

    Done here, before the view runs, because redeeming commits (the rotation is its own
    unit of work) and must never commit half of a view's changes.
    """
    if request.endpoint == "static" or REMEMBER_COOKIE not in request.cookies:
        return
    if current_user.is_authenticated:
        return
    outcome = redeem_remember_token(request.cookies[REMEMBER_COOKIE])
    if outcome is Redeemed.INVALID:
        g.forget_remember = True
    elif isinstance(outcome, tuple):
        member, replacement = outcome
        login_user(member, fresh=False)
        g.remember_token = replacement


def cookie_options(app: Flask) -> dict[str, object]:
    """The remember cookie follows the session cookie's domain, path, Secure and SameSite."""
    return {
        "domain": app.session_interface.get_cookie_domain(app),
        "path": app.session_interface.get_cookie_path(app),
        "secure": app.config["SESSION_COOKIE_SECURE"],
        "samesite": app.config["SESSION_COOKIE_SAMESITE"],
        "httponly": True,
    }


def update_remember_cookie(response: Response) -> Response:
    """After each request: set the new token, or clear a token that no longer works."""
    app = current_app._get_current_object()
    token = g.pop("remember_token", None)
    if token is not None:
        response.set_cookie(REMEMBER_COOKIE, token,
                            max_age=int(remember_duration().total_seconds()),
                            **cookie_options(app))
    elif g.pop("forget_remember", False):
        response.delete_cookie(REMEMBER_COOKIE, **cookie_options(app))
    return response


def init_app(app: Flask) -> None:
    from partner_net.extensions import login_manager

    login_manager.user_loader(load_member)
    app.before_request(sign_in_from_remember_cookie)
    app.after_request(update_remember_cookie)
