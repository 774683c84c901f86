"""Checking passwords and resetting them, without revealing who has an account."""

from __future__ import annotations

import secrets
from datetime import timedelta
from functools import cache

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from partner_net.auth.sessions import end_sessions
from partner_net.extensions import db
from partner_net.models import Member, PasswordResetToken
from partner_net.models.accounts import password_hash_method
from partner_net.models.base import new_token, utcnow


@cache
def _dummy_hash(method: str) -> str:
    """A hash of a random password with the parameters real ones have (made once)."""
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def member_by_email(email: str) -> Member | None:
    return db.session.scalar(sa.select(Member).filter_by(email=email))


def member_for_credentials(email: str, password: str) -> Member | None:
    """The member whose email and password these are, else None.

    An unknown email costs one scrypt check of a dummy hash, as a known one does, so the
    time of the answer does not tell whether the email has an account.
    """
    member = member_by_email(email)
    if member is None:
        check_password_hash(_dummy_hash(password_hash_method()), password)
        return None
    return member if member.check_password(password) else None


def create_member(name: str, email: str, password: str) -> Member | None:
    """A new account, committed; None when the email was taken meanwhile (unique index)."""
    member = Member(name=name, email=email)
    member.set_password(password)
    db.session.add(member)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        return None
    return member


def delete_unused_reset_tokens(member: Member) -> None:
    db.session.execute(sa.delete(PasswordResetToken).where(
        PasswordResetToken.member_id == member.id, PasswordResetToken.used_at.is_(None)))


def new_reset_token(member: Member, hours: int) -> str:
    """A fresh reset link's token; every earlier link of the member stops working."""
    delete_unused_reset_tokens(member)
    token, token_hash = new_token()
    db.session.add(PasswordResetToken(
        member=member, token_hash=token_hash, expires_at=utcnow() + timedelta(hours=hours)))
    return token


def reset_password(reset: PasswordResetToken, password: str) -> bool:
    """Use a reset link: set the password and end every session; False if already used.

    Compare-and-set on ``used_at``, so two posts of the same link change it once. The
    caller commits.
    """
    now = utcnow()
    used = db.session.execute(
        sa.update(PasswordResetToken)
        .where(PasswordResetToken.id == reset.id, PasswordResetToken.used_at.is_(None),
               PasswordResetToken.expires_at > now)
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if used != 1:
        db.session.rollback()
        return False
    member = reset.member
    member.set_password(password)
    delete_unused_reset_tokens(member)
    end_sessions(member)
    return True
