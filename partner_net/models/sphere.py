"""A member's sphere: contacts, touches, ladder moves, the referral list and its sharing.

Everything here is private to its owner (DESIGN.md, Privacy). Only what the owner puts on
their referral list, and only the fields named there, is ever shown to anyone else.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partner_net.extensions import db
from partner_net.models.accounts import Member
from partner_net.models.base import UTCDateTime, utcnow
from partner_net.models.referrals import Referral


class Contact(db.Model):
    """Someone in ``owner``'s sphere: a client, a supplier, a friend who could refer.

    ``due_on`` and ``amber_from`` are kept up to date by the service from the rung, the
    cadence, the last touch and the snooze (rules in ``partner_net.domain.sphere``), so the
    due list is one indexed query. ``version`` goes up on every change: updates are
    compare-and-set on it. ``member_id`` links a contact who is also a member of one of the
    owner's groups (created when the owner thanks a giver).
    """

    __tablename__ = "sphere_contacts"
    __table_args__ = (
        sa.Index("ix_sphere_contacts_owner_due", "owner_id", "amber_from"),
        sa.Index("ix_sphere_contacts_owner_name", "owner_id", "name"),
        sa.Index("ix_sphere_contacts_owner_email", "owner_id", "email_key"),
        sa.Index("ix_sphere_contacts_owner_phone", "owner_id", "phone_key"),
        sa.UniqueConstraint("owner_id", "member_id", name="uq_sphere_contacts_owner_member"),
        sa.CheckConstraint("strength IS NULL OR strength BETWEEN 1 AND 10",
                           name="strength_range"),
        sa.CheckConstraint("cadence_days IS NULL OR cadence_days BETWEEN 1 AND 730",
                           name="cadence_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="CASCADE"))
    member_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("members.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(sa.String(160))
    company: Mapped[str] = mapped_column(sa.String(160), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    email_key: Mapped[str] = mapped_column(sa.String(254), default="")
    phone_key: Mapped[str] = mapped_column(sa.String(20), default="")
    how_known: Mapped[str] = mapped_column(sa.String(200), default="")
    tags: Mapped[str] = mapped_column(sa.String(200), default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="")

    rung: Mapped[str] = mapped_column(sa.String(20))
    strength: Mapped[int | None] = mapped_column(sa.SmallInteger)
    cadence_days: Mapped[int | None] = mapped_column(sa.SmallInteger)  # None: the rung's
    last_touch_on: Mapped[date | None] = mapped_column(sa.Date)
    snoozed_until: Mapped[date | None] = mapped_column(sa.Date)
    due_on: Mapped[date] = mapped_column(sa.Date)
    amber_from: Mapped[date] = mapped_column(sa.Date)
    #: "Earned the right?" answers: the keys of the questions answered yes, comma-separated.
    earned: Mapped[str] = mapped_column(sa.String(200), default="")

    added_on: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    owner: Mapped[Member] = relationship(foreign_keys=[owner_id])
    member: Mapped[Member | None] = relationship(foreign_keys=[member_id])

    @property
    def earned_keys(self) -> set[str]:
        return {k for k in self.earned.split(",") if k}

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]

    def __repr__(self) -> str:
        return f"<Contact {self.id} of {self.owner_id}: {self.name}>"


class Touch(db.Model):
    """One touch: ``contact`` was called, emailed, met, sent a card... on ``touched_on``."""

    __tablename__ = "sphere_touches"
    __table_args__ = (sa.Index("ix_sphere_touches_contact_on", "contact_id", "touched_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sphere_contacts.id", ondelete="CASCADE"))
    touched_on: Mapped[date] = mapped_column(sa.Date)
    channel: Mapped[str] = mapped_column(sa.String(20))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    #: The won referral this touch thanked the contact for, if any.
    referral_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("referrals.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    contact: Mapped[Contact] = relationship()


class LadderEvent(db.Model):
    """A contact moved from one rung to another (``from_rung`` is None when added)."""

    __tablename__ = "sphere_ladder_events"
    __table_args__ = (sa.Index("ix_sphere_ladder_events_owner_at", "owner_id", "moved_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sphere_contacts.id", ondelete="CASCADE"), index=True)
    from_rung: Mapped[str | None] = mapped_column(sa.String(20))
    to_rung: Mapped[str] = mapped_column(sa.String(20))
    moved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ContactReferral(db.Model):
    """The giver's private note that ``referral`` was made for ``contact`` of their sphere.

    Owned by the sphere, not by the referral: the referral's other parties never see it.
    """

    __tablename__ = "sphere_contact_referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sphere_contacts.id", ondelete="CASCADE"), index=True)
    referral_id: Mapped[int] = mapped_column(
        sa.ForeignKey("referrals.id", ondelete="CASCADE"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    contact: Mapped[Contact] = relationship()
    referral: Mapped[Referral] = relationship()


class ReferralListEntry(db.Model):
    """Someone ``owner`` would refer: a partner (a member) or a contact of their sphere,
    with what for and why. The only sphere data others may see, and only when shared."""

    __tablename__ = "sphere_list_entries"
    __table_args__ = (
        sa.UniqueConstraint("owner_id", "partner_id", name="uq_sphere_list_entries_partner"),
        sa.UniqueConstraint("owner_id", "contact_id", name="uq_sphere_list_entries_contact"),
        sa.CheckConstraint("(partner_id IS NULL) <> (contact_id IS NULL)",
                           name="partner_or_contact"),
        sa.Index("ix_sphere_list_entries_owner", "owner_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="CASCADE"))
    partner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("members.id", ondelete="CASCADE"))
    contact_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sphere_contacts.id", ondelete="CASCADE"))
    what_for: Mapped[str] = mapped_column(sa.String(200), default="")
    why: Mapped[str] = mapped_column(sa.String(500), default="")
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    partner: Mapped[Member | None] = relationship(foreign_keys=[partner_id])
    contact: Mapped[Contact | None] = relationship()

    @property
    def display_name(self) -> str:
        return self.partner.name if self.partner else self.contact.name

    @property
    def business(self) -> str:
        if self.partner:
            return " · ".join(p for p in (self.partner.business, self.partner.category) if p)
        return self.contact.company


class SphereSharing(db.Model):
    """How ``member`` shares their referral list: with their groups, and/or by a private
    link (only the hash of its token is stored; a new link revokes the old one)."""

    __tablename__ = "sphere_sharing"

    member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    with_group: Mapped[bool] = mapped_column(default=False)
    link_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    link_created_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1, server_default="1")


class SphereSubmission(db.Model):
    """A form's one-time token, stored with the rows the form created (same transaction):
    the unique token makes a double-submitted form record once."""

    __tablename__ = "sphere_submissions"

    token: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(20))
    #: What it created (a contact's id for quick add), to send a repeat to the same place.
    result_id: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
