"""The organizer's desk and the member's month: a group's health bands, goals, one-to-one
reminders, calendar feed tokens."""

from __future__ import annotations

from datetime import datetime

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
