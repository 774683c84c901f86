"""Meetings between members: the one-to-ones they hold to get to know each other."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partner_net.extensions import db
from partner_net.models.accounts import Group, Member
from partner_net.models.base import UTCDateTime, utcnow


class OneToOne(db.Model):
    """``member`` met ``partner`` on ``met_on``, recorded in ``group``.

    Recorded by one side only: it counts for the recorder's "whom to refer first" and its
    ``notes`` are private to the recorder (DESIGN.md, Privacy). The partner records their
    own if they want one.
    """

    __tablename__ = "one_to_ones"
    __table_args__ = (
        sa.CheckConstraint("member_id <> partner_id", name="not_self"),
        sa.Index("ix_one_to_ones_member_met_on", "member_id", "met_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="CASCADE"))
    partner_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="CASCADE"))
    met_on: Mapped[date] = mapped_column(sa.Date)
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    member: Mapped[Member] = relationship(foreign_keys=[member_id])
    partner: Mapped[Member] = relationship(foreign_keys=[partner_id])
    group: Mapped[Group] = relationship()

    def __repr__(self) -> str:
        return f"<OneToOne {self.member_id}-{self.partner_id} {self.met_on}>"
