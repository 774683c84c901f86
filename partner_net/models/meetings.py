"""Meetings: the one-to-ones members hold, and the group's weekly meeting with its
attendance, visitors, weekly asks, agenda rules, speaker rota and referral round."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partner_net.extensions import db
from partner_net.models.accounts import Group, Member
from partner_net.models.base import UTCDateTime, utcnow
from partner_net.models.referrals import Referral


class OneToOne(db.Model):
    """``member`` met ``partner`` on ``met_on``, recorded in ``group`` by ``member``.

    It counts (health, goals, whom to refer first, stay in touch) once ``partner``
    confirms it: one tap from the notification, or by recording the same meeting
    themselves (the two records merge into this one). Unconfirmed, it expires
    :data:`partner_net.onetoones.service.EXPIRY_DAYS` after it was recorded. ``notes``
    are the recorder's and ``partner_notes`` the partner's, each private to its author
    (DESIGN.md, Privacy).
    """

    __tablename__ = "one_to_ones"
    __table_args__ = (
        sa.CheckConstraint("member_id <> partner_id", name="not_self"),
        sa.Index("ix_one_to_ones_member_met_on", "member_id", "met_on"),
        sa.Index("ix_one_to_ones_partner_met_on", "partner_id", "met_on"),
        sa.Index("ix_one_to_ones_group_met_on", "group_id", "met_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="CASCADE"))
    partner_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="CASCADE"))
    met_on: Mapped[date] = mapped_column(sa.Date)
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The partner said it did not happen (or took their confirmation back).
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    partner_notes: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    member: Mapped[Member] = relationship(foreign_keys=[member_id])
    partner: Mapped[Member] = relationship(foreign_keys=[partner_id])
    group: Mapped[Group] = relationship()

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None

    def other(self, member_id: int) -> Member:
        return self.partner if member_id == self.member_id else self.member

    def notes_of(self, member_id: int) -> str:
        """The notes ``member_id`` wrote (never the other side's)."""
        if member_id == self.member_id:
            return self.notes
        if member_id == self.partner_id:
            return self.partner_notes
        return ""

    def __repr__(self) -> str:
        return f"<OneToOne {self.member_id}-{self.partner_id} {self.met_on}>"


class Meeting(db.Model):
    """A group's weekly meeting (or a one-off), materialised the first time it is touched.

    ``scheduled_on`` is the schedule's date for the meeting (or the one-off's date) and is
    unique per group, so the schedule never produces the same meeting twice and a moved
    meeting keeps its slot; ``starts_at`` is when it really starts.
    """

    __tablename__ = "meetings"
    __table_args__ = (
        sa.UniqueConstraint("group_id", "scheduled_on", name="uq_meetings_group_date"),
        sa.Index("ix_meetings_group_starts", "group_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    scheduled_on: Mapped[date] = mapped_column(sa.Date)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    one_off: Mapped[bool] = mapped_column(default=False)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Why it moved or was cancelled, as told to the members.
    change_note: Mapped[str] = mapped_column(sa.String(300), default="")
    #: The visitors' self-registration link (not a secret credential: it only lets a
    #: stranger register for this one meeting, and is refused once the meeting is over).
    registration_token: Mapped[str] = mapped_column(sa.String(64), unique=True)

    # The agenda as it was run (a copy of the group's, taken when the meeting starts).
    agenda: Mapped[list | None] = mapped_column(sa.JSON)
    speaking_seconds: Mapped[int | None] = mapped_column(sa.SmallInteger)
    round_starter_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("members.id", ondelete="SET NULL"))
    speaker_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("members.id", ondelete="SET NULL"))
    speaker_topic: Mapped[str] = mapped_column(sa.String(200), default="")
    education_topic: Mapped[str] = mapped_column(sa.String(200), default="")
    highlights: Mapped[str] = mapped_column(sa.Text, default="")

    # The live console. Every change bumps live_version (compare-and-set).
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    item_index: Mapped[int] = mapped_column(sa.SmallInteger, default=0)
    item_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    current_speaker_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("members.id", ondelete="SET NULL"))
    speaker_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    live_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # What the live screens show beyond the console's state (marks, substitutes, asks,
    # slips, closed business, visitors): each change counts one (meetings.shown).
    shown_version: Mapped[int] = mapped_column(default=0, server_default="0")
    report_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    group: Mapped[Group] = relationship()
    speaker: Mapped[Member | None] = relationship(foreign_keys=[speaker_id])
    round_starter: Mapped[Member | None] = relationship(foreign_keys=[round_starter_id])
    current_speaker: Mapped[Member | None] = relationship(foreign_keys=[current_speaker_id])

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def live(self) -> bool:
        return self.started_at is not None and self.ended_at is None

    def __repr__(self) -> str:
        return f"<Meeting {self.group_id} {self.scheduled_on}>"


class Attendance(db.Model):
    """A member's mark at a meeting; see :mod:`partner_net.domain.attendance`."""

    __tablename__ = "attendances"
    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "member_id", name="uq_attendances_meeting_member"),
        sa.Index("ix_attendances_member", "member_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(sa.String(12))
    substitute_name: Mapped[str] = mapped_column(sa.String(120), default="")
    substitute_business: Mapped[str] = mapped_column(sa.String(160), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("members.id", ondelete="SET NULL"))

    meeting: Mapped[Meeting] = relationship()
    member: Mapped[Member] = relationship(foreign_keys=[member_id])


class Visitor(db.Model):
    """Someone who is not a member at a meeting: a visitor, a substitute or an observer."""

    __tablename__ = "visitors"
    __table_args__ = (
        sa.Index("ix_visitors_meeting", "meeting_id"),
        # One registration per person per meeting (blank contacts aside).
        sa.Index("uq_visitors_meeting_email", "meeting_id", "email", unique=True,
                 postgresql_where=sa.text("email <> ''"), sqlite_where=sa.text("email <> ''")),
        sa.Index("uq_visitors_meeting_phone", "meeting_id", "phone_key", unique=True,
                 postgresql_where=sa.text("phone_key <> ''"),
                 sqlite_where=sa.text("phone_key <> ''")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(120))
    business: Mapped[str] = mapped_column(sa.String(160), default="")
    category: Mapped[str] = mapped_column(sa.String(120), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")  # lower-case
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    phone_key: Mapped[str] = mapped_column(sa.String(25), default="")  # digits only
    kind: Mapped[str] = mapped_column(sa.String(12), default="visitor")
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("members.id", ondelete="SET NULL"))
    #: What a self-registering visitor typed for "who invited you?".
    invited_by_name: Mapped[str] = mapped_column(sa.String(120), default="")
    status: Mapped[str] = mapped_column(sa.String(16), default="registered")
    follow_up_note: Mapped[str] = mapped_column(sa.Text, default="")
    followed_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    self_registered: Mapped[bool] = mapped_column(default=False)
    form_token: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship()
    invited_by: Mapped[Member | None] = relationship()


class WeeklyAsk(db.Model):
    """"This week I'm looking for…": one per member per meeting, editable until it starts."""

    __tablename__ = "weekly_asks"
    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "member_id", name="uq_weekly_asks_meeting_member"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(sa.String(300))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    member: Mapped[Member] = relationship()


class MeetingRules(db.Model):
    """A group's own agenda and attendance rules; no row means the defaults file's."""

    __tablename__ = "meeting_rules"

    group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True)
    agenda: Mapped[list] = mapped_column(sa.JSON)
    speaking_seconds: Mapped[int] = mapped_column(sa.SmallInteger)
    absences_allowed: Mapped[int] = mapped_column(sa.SmallInteger)
    lates_per_absence: Mapped[int] = mapped_column(sa.SmallInteger)
    window_months: Mapped[int] = mapped_column(sa.SmallInteger)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class SpeakerPin(db.Model):
    """A featured speaker fixed to a date (a swap), overriding the planned rota."""

    __tablename__ = "speaker_pins"
    __table_args__ = (sa.UniqueConstraint("group_id", "on", name="uq_speaker_pins_group_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    on: Mapped[date] = mapped_column(sa.Date)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="CASCADE"))
    #: Who made the swap: the organizer, or the member who accepted a request.
    pinned_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("members.id", ondelete="SET NULL"))
    #: The members' swap request it came from (None: an organizer's swap).
    swap_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("speaker_swaps.id", ondelete="SET NULL"))

    pinned_by: Mapped[Member | None] = relationship(foreign_keys=[pinned_by_id])
    swap: Mapped[SpeakerSwap | None] = relationship()


class SwapStatus:
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    ALL = (PENDING, ACCEPTED, DECLINED, CANCELLED, EXPIRED)


class SpeakerSwap(db.Model):
    """A member's request to swap featured-speaker turns: ``requester`` speaks on
    ``requester_on`` and asks ``other`` (who speaks on ``other_on``) to exchange.

    Every change of ``status`` is a compare-and-set on ``status`` and ``version``. Only
    one request per pair of dates may wait at a time (``pair_key`` is the two dates in
    order, so asking the other way round is the same request).
    """

    __tablename__ = "speaker_swaps"
    __table_args__ = (
        sa.CheckConstraint("requester_id <> other_id", name="not_self"),
        sa.CheckConstraint("requester_on <> other_on", name="two_dates"),
        sa.Index("uq_speaker_swaps_pending_pair", "group_id", "pair_key", unique=True,
                 postgresql_where=sa.text("status = 'pending'"),
                 sqlite_where=sa.text("status = 'pending'")),
        sa.Index("ix_speaker_swaps_group_status", "group_id", "status"),
        sa.Index("ix_speaker_swaps_other_status", "other_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    requester_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="CASCADE"))
    requester_on: Mapped[date] = mapped_column(sa.Date)
    other_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="CASCADE"))
    other_on: Mapped[date] = mapped_column(sa.Date)
    pair_key: Mapped[str] = mapped_column(sa.String(21))
    status: Mapped[str] = mapped_column(sa.String(12), default=SwapStatus.PENDING)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    group: Mapped[Group] = relationship()
    requester: Mapped[Member] = relationship(foreign_keys=[requester_id])
    other: Mapped[Member] = relationship(foreign_keys=[other_id])

    @staticmethod
    def key_of(first: date, second: date) -> str:
        low, high = sorted((first, second))
        return f"{low.isoformat()}/{high.isoformat()}"

    def __repr__(self) -> str:
        return (f"<SpeakerSwap {self.requester_id}@{self.requester_on} "
                f"{self.other_id}@{self.other_on} {self.status}>")


class MeetingSlip(db.Model):
    """A referral passed in a meeting's referral round (the referral itself is a real one)."""

    __tablename__ = "meeting_slips"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    referral_id: Mapped[int] = mapped_column(
        sa.ForeignKey("referrals.id", ondelete="CASCADE"), unique=True)
    #: Inside: the prospect is a member of the group (business between members);
    #: outside: anyone else.
    inside: Mapped[bool] = mapped_column(default=False)
    form_token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    entered_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("members.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship()
    referral: Mapped[Referral] = relationship()


class ClosedBusiness(db.Model):
    """"Thank you for closed business": ``member`` thanks ``thanked`` for ``amount``."""

    __tablename__ = "closed_business"
    __table_args__ = (sa.CheckConstraint("amount > 0", name="positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="CASCADE"))
    thanked_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="CASCADE"))
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    currency: Mapped[str] = mapped_column(sa.String(3))
    referral_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("referrals.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(sa.String(300), default="")
    form_token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    entered_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("members.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    member: Mapped[Member] = relationship(foreign_keys=[member_id])
    thanked: Mapped[Member] = relationship(foreign_keys=[thanked_id])
