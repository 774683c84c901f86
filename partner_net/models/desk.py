"""The organizer's desk and the member's month: a group's health bands, goals, one-to-one
reminders, calendar feed tokens."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from partner_net.extensions import db
from partner_net.models.base import UTCDateTime, utcnow


class HealthSettings(db.Model):
    """A group's own health bands and stay-in-touch days: its changes to the defaults file
    (``partner_net/domain/health.toml``), as :func:`partner_net.domain.health.as_overrides`
    writes them. No row: the defaults. ``version`` is the compare-and-set stamp."""

    __tablename__ = "health_settings"

    group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True)
    overrides: Mapped[dict] = mapped_column(sa.JSON)
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("members.id", ondelete="SET NULL"))


class Goal(db.Model):
    """A member's targets for one month in one group (``month``: the first of the month,
    in the group's time zone). Zero: no target. Private to the member; organizers see only
    the group's sums. ``celebrated`` lists the targets already celebrated (once each)."""

    __tablename__ = "goals"
    __table_args__ = (
        sa.UniqueConstraint("member_id", "group_id", "month", name="uq_goals_member_month"),
        sa.Index("ix_goals_group_month", "group_id", "month"),
        sa.CheckConstraint("referrals_given >= 0 AND one_to_ones >= 0 AND visitors >= 0 "
                           "AND closed_value >= 0", name="not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    month: Mapped[date] = mapped_column(sa.Date)
    referrals_given: Mapped[int] = mapped_column(default=0)
    one_to_ones: Mapped[int] = mapped_column(default=0)
    visitors: Mapped[int] = mapped_column(default=0)
    closed_value: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2), default=Decimal(0))
    celebrated: Mapped[str] = mapped_column(sa.String(100), default="", server_default="")
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class PartnerSnooze(db.Model):
    """``member`` asked not to be reminded to meet ``partner`` until ``until`` (a local
    date). One row per pair; snoozing again moves the date."""

    __tablename__ = "partner_snoozes"
    __table_args__ = (
        sa.UniqueConstraint("member_id", "partner_id", name="uq_partner_snoozes_pair"),
        sa.CheckConstraint("member_id <> partner_id", name="not_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="CASCADE"))
    partner_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="CASCADE"))
    until: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CalendarFeed(db.Model):
    """A member's private calendar feed of their groups' meetings. Only the token's hash
    is kept; a new link replaces the old one, and revoking deletes the row."""

    __tablename__ = "calendar_feeds"

    member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ImportBatch(db.Model):
    """An uploaded spreadsheet between upload and confirmation: the file's text, the
    organizer's column mapping and date order. Nothing is imported until ``status`` goes
    from ``uploaded`` to ``imported`` (compare-and-set, in the transaction that adds the
    rows); the text is then dropped. Unconfirmed batches are deleted after a day."""

    __tablename__ = "import_batches"
    __table_args__ = (sa.Index("ix_import_batches_group_created", "group_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    member_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("members.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(sa.String(20))
    filename: Mapped[str] = mapped_column(sa.String(200), default="")
    content: Mapped[str] = mapped_column(sa.Text, default="")
    mapping: Mapped[dict | None] = mapped_column(sa.JSON)
    date_order: Mapped[str] = mapped_column(sa.String(3), default="ymd")
    row_count: Mapped[int] = mapped_column(default=0)
    imported_count: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(sa.String(10), default="uploaded")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
