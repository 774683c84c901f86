"""Referrals, their append-only history, and the notifications they raise."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partner_net.extensions import db
from partner_net.models.accounts import Group, Member
from partner_net.models.base import UTCDateTime, utcnow
from partner_net.referrals.pipeline import LABELS, Status


class Referral(db.Model):
    """A prospect passed from a giver to a receiver within a group.

    The prospect's details (name, contacts, need) are private to the giver, the
    receiver and the member it was passed on to; see ``partner_net.referrals.access``.
    """

    __tablename__ = "referrals"
    __table_args__ = (
        sa.Index("ix_referrals_group_created", "group_id", "created_at"),
        sa.Index("ix_referrals_receiver_status", "receiver_id", "status"),
        sa.Index("ix_referrals_giver_created", "giver_id", "created_at"),
        # A pair's rows of a period (the network's patch after a change) and what a
        # member received over a period (migration 0022).
        sa.Index("ix_referrals_pair_created", "giver_id", "receiver_id", "created_at"),
        sa.Index("ix_referrals_receiver_created", "receiver_id", "created_at"),
        # Partial: almost every row is NULL, and a full index makes planners skip it.
        # Unique: a referral is passed on at most once, even by two requests at once.
        sa.Index("ux_referrals_passed_on_from", "passed_on_from_id", unique=True,
                 postgresql_where=sa.text("passed_on_from_id IS NOT NULL"),
                 sqlite_where=sa.text("passed_on_from_id IS NOT NULL")),
        sa.CheckConstraint("temperature BETWEEN 1 AND 5", name="temperature_range"),
        sa.CheckConstraint("giver_id <> receiver_id", name="not_to_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    giver_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id"))
    receiver_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    prospect_name: Mapped[str] = mapped_column(sa.String(160))
    prospect_company: Mapped[str] = mapped_column(sa.String(160), default="")
    prospect_email: Mapped[str] = mapped_column(sa.String(254), default="")
    prospect_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    need: Mapped[str] = mapped_column(sa.Text)
    temperature: Mapped[int] = mapped_column(sa.SmallInteger, default=3)
    expects_call: Mapped[bool] = mapped_column(default=False)

    status: Mapped[str] = mapped_column(sa.String(20), default=Status.GIVEN)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    receiver_acted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_value: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    closed_currency: Mapped[str | None] = mapped_column(sa.String(3))

    #: Set on the referral created when a receiver passes one on.
    passed_on_from_id: Mapped[int | None] = mapped_column(sa.ForeignKey("referrals.id"))
    passed_on_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("members.id"))

    thanked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    thank_you_method: Mapped[str | None] = mapped_column(sa.String(20))
    thank_you_note: Mapped[str] = mapped_column(sa.Text, default="")

    #: Compare-and-set counter: every change of the referral is
    #: ``UPDATE ... SET version = version + 1 WHERE id = :id AND version = :seen``, with the
    #: version the member's form was built from (``partner_net.referrals.service.claim``).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    #: The give form's one-time token: a double click (or a retried post) records once.
    form_token: Mapped[str | None] = mapped_column(sa.String(64), unique=True)

    group: Mapped[Group] = relationship()
    giver: Mapped[Member] = relationship(foreign_keys=[giver_id])
    receiver: Mapped[Member] = relationship(foreign_keys=[receiver_id])
    passed_on_by: Mapped[Member | None] = relationship(foreign_keys=[passed_on_by_id])
    passed_on_from: Mapped[Referral | None] = relationship(
        remote_side=[id], foreign_keys=[passed_on_from_id], back_populates="passed_on_to"
    )
    passed_on_to: Mapped[list[Referral]] = relationship(
        foreign_keys=[passed_on_from_id], back_populates="passed_on_from"
    )
    events: Mapped[list[ReferralEvent]] = relationship(
        back_populates="referral", order_by="ReferralEvent.id", cascade="all, delete-orphan"
    )

    @property
    def state(self) -> Status:
        return Status(self.status)

    @property
    def status_label(self) -> str:
        return LABELS[self.state]

    def __repr__(self) -> str:
        return f"<Referral {self.id} {self.giver_id}->{self.receiver_id} {self.status}>"


class ReferralEvent(db.Model):
    """One entry of a referral's history. Never updated or deleted."""

    __tablename__ = "referral_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        sa.ForeignKey("referrals.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("members.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(sa.String(20))  # see referrals.service.EventKind
    from_status: Mapped[str | None] = mapped_column(sa.String(20))
    to_status: Mapped[str | None] = mapped_column(sa.String(20))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    #: Whether the referrer (giver) may see this entry.
    shared: Mapped[bool] = mapped_column(default=False)

    referral: Mapped[Referral] = relationship(back_populates="events")
    actor: Mapped[Member | None] = relationship()


class Notification(db.Model):
    """Something a member must see: a referral received, a milestone, a thank-you."""

    __tablename__ = "notifications"
    __table_args__ = (sa.Index("ix_notifications_member_unread", "member_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="CASCADE"))
    referral_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("referrals.id", ondelete="CASCADE")
    )
    #: A one-to-one to confirm (kind ``one_to_one``), for the one-tap confirmation.
    one_to_one_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("one_to_ones.id", ondelete="CASCADE"), index=True)
    #: A featured-speaker swap to accept or decline (kind ``speaker_swap``), for one tap.
    speaker_swap_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("speaker_swaps.id", ondelete="CASCADE"), index=True)
    #: A meeting added, moved or cancelled (kind ``meeting``), to open it from the list.
    meeting_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(30))
    text: Mapped[str] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    member: Mapped[Member] = relationship()
    referral: Mapped[Referral | None] = relationship()
    one_to_one: Mapped[OneToOne | None] = relationship()  # noqa: F821
    speaker_swap: Mapped[SpeakerSwap | None] = relationship()  # noqa: F821
    meeting: Mapped[Meeting | None] = relationship()  # noqa: F821
