"""What members record about their own network: the strategic partners they refer first."""

from __future__ import annotations

from datetime import date, datetime

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


class SuggestionSlate(db.Model):
    """``member`` was in ``viewer``'s top suggestions in ``group`` in the week starting
    ``week`` (a Monday in the group's time zone): the exposure budget's memory.

    One row per viewer, member and week, however often the page is read; rows older
    than the budget's window are pruned when a viewer's first slate of a week is
    written (:mod:`partner_net.domain.exposure`).
    """

    __tablename__ = "suggestion_slates"
    __table_args__ = (
        sa.UniqueConstraint("group_id", "viewer_id", "week", "member_id",
                            name="uq_suggestion_slates_entry"),
        sa.Index("ix_suggestion_slates_group_week", "group_id", "week"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    viewer_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="CASCADE"))
    week: Mapped[date]

    def __repr__(self) -> str:
        return f"<SuggestionSlate {self.viewer_id} saw {self.member_id} week {self.week}>"


class NetworkChange(db.Model):
    """The pair of members whose referrals changed when the group's ``referrals_version``
    became ``version`` (written in the same transaction). A worker whose cached network
    is at version ``v`` re-reads only the pairs changed after ``v``
    (:mod:`partner_net.network.cache`). Rows older than a day are pruned as new ones come.
    """

    __tablename__ = "network_changes"
    __table_args__ = (sa.Index("ix_network_changes_group_version", "group_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    version: Mapped[int]
    giver_id: Mapped[int]
    receiver_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
