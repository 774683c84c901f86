"""The email outbox, the record of periodic job runs, and members' email opt-outs."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from partner_net.extensions import db
from partner_net.models.base import UTCDateTime, utcnow


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for a worker (first try, or a retry once next_attempt_at)
    SENDING = "sending"  # claimed by one worker (compare-and-set from pending)
    SENT = "sent"
    FAILED = "failed"  # gave up after the last attempt


class OutboxMessage(db.Model):
    """One email, written in the same transaction as the change it tells about and sent by
    a worker after the commit (``partner_net.outbox.delivery``).

    Bodies are kept only until the message is sent or given up (they may hold a reset
    link); the row stays as the record organizers see ("sent / failed").
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (
        sa.Index("ix_outbox_messages_status_due", "status", "next_attempt_at"),
        sa.Index("ix_outbox_messages_group_created", "group_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Unique: the same message (a nudge for one referral, one week's digest) is written once.
    dedupe_key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(40))  # the template's name
    recipient: Mapped[str] = mapped_column(sa.String(254))
    member_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("members.id", ondelete="SET NULL"), index=True)
    group_id: Mapped[int | None] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(sa.String(300))
    text_body: Mapped[str] = mapped_column(sa.Text, default="")
    html_body: Mapped[str] = mapped_column(sa.Text, default="")
    unsubscribe_url: Mapped[str] = mapped_column(sa.String(500), default="")
    status: Mapped[str] = mapped_column(sa.String(10), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(sa.String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class JobRun(db.Model):
    """A periodic job's run for one time slot: inserted before the job runs, so however
    many schedulers enqueue it, the primary key lets only one worker run it."""

    __tablename__ = "job_runs"

    job: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    slot: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EmailOptOut(db.Model):
    """``member`` does not want emails of ``kind`` (see ``partner_net/emails/kinds.toml``)."""

    __tablename__ = "email_opt_outs"

    member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
