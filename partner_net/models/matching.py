"""What members told the matcher about its results: "good fit" or "wrong person"."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from partner_net.extensions import db
from partner_net.models.base import UTCDateTime, utcnow

VERDICTS = ("good", "wrong")
SOURCES = ("page", "give")
#: As long as the match form's field.
NEED_MAX = 1000


class MatchFeedback(db.Model):
    """One verdict by ``asker`` on one result (``member``) for one need, in one group.

    Private to the group and never shown back to members. ``need_digest`` (a keyed hash
    of the need, see :func:`partner_net.matching.feedback.need_digest`) makes it one per
    asker, need and result. ``need`` keeps the words typed on the match page, which the
    asker typed to search; from the give form's hint, where the need belongs to a
    referral being written, it is left empty.
    """

    __tablename__ = "match_feedback"
    __table_args__ = (
        sa.UniqueConstraint("group_id", "asker_id", "need_digest", "member_id",
                            name="uq_match_feedback_once"),
        sa.CheckConstraint("verdict IN ('good', 'wrong')", name="verdict"),
        sa.CheckConstraint("source IN ('page', 'give')", name="source"),
        sa.CheckConstraint("asker_id <> member_id", name="not_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    asker_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="CASCADE"))
    verdict: Mapped[str] = mapped_column(sa.String(8))
    need_digest: Mapped[str] = mapped_column(sa.String(64))
    need: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(sa.SmallInteger)
    source: Mapped[str] = mapped_column(sa.String(8))
    backend: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<MatchFeedback {self.verdict} {self.member_id} #{self.position}>"
