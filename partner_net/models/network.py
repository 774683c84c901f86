"""What members record about their own network: the strategic partners they refer first."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partner_net.extensions import db
from partner_net.models.accounts import Group, Member
from partner_net.models.base import UTCDateTime, utcnow


class StrategicPartner(db.Model):
    """``member`` marked ``partner`` as a strategic partner (one-directional).

    ``group_id`` is the group the mark was made in; the mark itself holds wherever both
    are members (a member marks a partner once, hence the unique pair).
    """

    __tablename__ = "strategic_partners"
    __table_args__ = (
        sa.UniqueConstraint("member_id", "partner_id", name="uq_strategic_partners_pair"),
        sa.CheckConstraint("member_id <> partner_id", name="not_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    partner_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="CASCADE"))
    group_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("groups.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    member: Mapped[Member] = relationship(foreign_keys=[member_id])
    partner: Mapped[Member] = relationship(foreign_keys=[partner_id])
    group: Mapped[Group | None] = relationship()

    def __repr__(self) -> str:
        return f"<StrategicPartner {self.member_id}->{self.partner_id}>"
