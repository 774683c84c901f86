"""Groups, members, memberships, ideal-client profiles, invitations, password resets."""

from __future__ import annotations

import enum
from datetime import datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from partner_net import names
from partner_net.extensions import db
from partner_net.models.base import UTCDateTime, hash_token, new_token, utcnow

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class Role(enum.StrEnum):
    MEMBER = "member"
    ORGANIZER = "organizer"


def password_hash_method() -> str:
    """The configured ``PASSWORD_HASH_METHOD`` (scrypt outside an app, and by default)."""
    if has_app_context():
        return current_app.config.get("PASSWORD_HASH_METHOD") or "scrypt"
    return "scrypt"


def make_password_hash(password: str) -> str:
    return generate_password_hash(password, method=password_hash_method())


def normalise_category(category: str | None) -> str:
    """The key two categories are compared by for exclusive seats."""
    return " ".join((category or "").lower().split())


class Group(db.Model):
    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    meeting_weekday: Mapped[int] = mapped_column(sa.SmallInteger)  # 0 = Monday
    meeting_time: Mapped[time] = mapped_column(sa.Time)
    meeting_place: Mapped[str] = mapped_column(sa.String(200), default="")
    timezone: Mapped[str] = mapped_column(sa.String(64), default="UTC")
    currency: Mapped[str] = mapped_column(sa.String(3), default="USD")
    #: How money and dates are written for the group (Babel locale, e.g. en_GB, de_DE).
    locale: Mapped[str] = mapped_column(sa.String(16), default="en_GB", server_default="en_GB")
    exclusive_categories: Mapped[bool] = mapped_column(default=True)
    #: Bumped whenever the group's referrals change, so cached figures know they are stale.
    referrals_version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="group", cascade="all, delete-orphan"
    )

    @property
    def meeting_summary(self) -> str:
        when = f"{WEEKDAYS[self.meeting_weekday]}s at {self.meeting_time.strftime('%H:%M')}"
        return f"{when}, {self.meeting_place}" if self.meeting_place else when

    def __repr__(self) -> str:
        return f"<Group {self.slug}>"


class Member(UserMixin, db.Model):
    """A person who signs in. Their memberships say which groups they belong to."""

    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)  # stored lower-case
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    name: Mapped[str] = mapped_column(sa.String(120))
    business: Mapped[str] = mapped_column(sa.String(160), default="")
    category: Mapped[str] = mapped_column(sa.String(120), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    website: Mapped[str] = mapped_column(sa.String(300), default="")
    bio: Mapped[str] = mapped_column(sa.Text, default="")
    talkable_difference: Mapped[str] = mapped_column(sa.Text, default="")
    referral_criteria: Mapped[str] = mapped_column(sa.Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    #: Part of every session's id: raising it ends every session and remember-me token.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    #: The zone the member's emails are timed and dated in; None: their first group's.
    timezone: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="member", cascade="all, delete-orphan"
    )
    ideal_clients: Mapped[list[IdealClientProfile]] = relationship(
        back_populates="member",
        cascade="all, delete-orphan",
        order_by="IdealClientProfile.position",
    )

    def set_password(self, password: str) -> None:
        self.password_hash = make_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def first_name(self) -> str:
        return names.first_name(self.name)

    @property
    def initials(self) -> str:
        return names.initials(self.name)

    @property
    def active_memberships(self) -> list[Membership]:
        return [m for m in self.memberships if m.active]

    @property
    def may_sign_in(self) -> bool:
        """Deactivated accounts, and accounts whose every membership is deactivated, may not."""
        if not self.active:
            return False
        return not self.memberships or bool(self.active_memberships)

    @property
    def is_active(self) -> bool:  # Flask-Login: ends a remembered session too
        return self.may_sign_in

    def get_id(self) -> str:
        """What Flask-Login keeps in the session: the id and the session version.

        ``partner_net.auth.sessions.load_member`` accepts it only while the version is
        still the member's, so raising the version ends every session already open.
        """
        return f"{self.id}:{self.session_version}"

    @property
    def email_timezone(self) -> str:
        """The member's own zone, else their first group's (by joining), else UTC."""
        if self.timezone:
            return self.timezone
        first = min(self.memberships, key=lambda m: (m.joined_at, m.id), default=None)
        return first.group.timezone if first is not None else "UTC"

    @property
    def email_locale(self) -> str:
        """How the member's emails write dates: their first group's locale (by joining)."""
        first = min(self.memberships, key=lambda m: (m.joined_at, m.id), default=None)
        return first.group.locale if first is not None and first.group.locale else "en_GB"

    def membership_in(self, group: Group) -> Membership | None:
        return next((m for m in self.memberships if m.group_id == group.id), None)

    def __repr__(self) -> str:
        return f"<Member {self.email}>"


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (sa.UniqueConstraint("member_id", "group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("groups.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(sa.String(20), default=Role.MEMBER)
    active: Mapped[bool] = mapped_column(default=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    member: Mapped[Member] = relationship(back_populates="memberships")
    group: Mapped[Group] = relationship(back_populates="memberships")

    @property
    def is_organizer(self) -> bool:
        return self.role == Role.ORGANIZER


def active_members_select(group_id: int, *columns) -> sa.Select:
    """``columns`` of the group's active members (active in the group and as accounts),
    by name, then id."""
    return (sa.select(*columns).join(Membership, Membership.member_id == Member.id)
            .where(Membership.group_id == group_id, Membership.active, Member.active)
            .order_by(Member.name, Member.id))


class IdealClientProfile(db.Model):
    """One kind of client a member serves best; a member orders several by position."""

    __tablename__ = "ideal_client_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(sa.String(120))
    industry: Mapped[str] = mapped_column(sa.String(120), default="")
    segment: Mapped[str] = mapped_column(sa.String(120), default="")
    area: Mapped[str] = mapped_column(sa.String(120), default="")
    frustration: Mapped[str] = mapped_column(sa.Text, default="")
    triggers: Mapped[str] = mapped_column(sa.Text, default="")
    value: Mapped[str] = mapped_column(sa.Text, default="")
    keywords: Mapped[str] = mapped_column(sa.String(300), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    member: Mapped[Member] = relationship(back_populates="ideal_clients")

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.split(",") if k.strip()]


class Invitation(db.Model):
    """A single-use link to join a group. Only the token's hash is stored."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("groups.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(sa.String(254))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("members.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    group: Mapped[Group] = relationship()
    invited_by: Mapped[Member | None] = relationship()

    def issue_token(self, days: int) -> str:
        """Give the invitation a fresh token (old links stop working) and return it."""
        token, self.token_hash = new_token()
        self.sent_at = utcnow()
        self.expires_at = self.sent_at + timedelta(days=days)
        return token

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None

    @property
    def is_usable(self) -> bool:
        return self.is_pending and self.expires_at > utcnow()

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        return "pending" if self.expires_at > utcnow() else "expired"

    @classmethod
    def find_by_token(cls, token: str) -> Invitation | None:
        return db.session.scalar(sa.select(cls).filter_by(token_hash=hash_token(token)))


class PasswordResetToken(db.Model):
    """A reset link. Only the newest unused one of a member exists (older ones are deleted)."""

    __tablename__ = "password_reset_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    member: Mapped[Member] = relationship()

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > utcnow()

    @classmethod
    def find_by_token(cls, token: str) -> PasswordResetToken | None:
        return db.session.scalar(sa.select(cls).filter_by(token_hash=hash_token(token)))
