"""The referral round: slips entered for several givers in a row, each a real referral
given through :func:`partner_net.referrals.service.give`, and the "thank you for closed
business" announcements.

Both are idempotent: the form carries a one-time token stored unique with the row, so a
double tap (or a retried request) records once.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from partner_net import clock
from partner_net.extensions import db
from partner_net.meetings import shown
from partner_net.models import (
    ClosedBusiness,
    Group,
    Meeting,
    MeetingSlip,
    Member,
    Membership,
    Referral,
)
from partner_net.referrals import service as referrals
from partner_net.referrals.pipeline import Status


class RoundError(ValueError):
    pass


ALREADY = "already recorded"


def token_used(model: type[MeetingSlip] | type[ClosedBusiness], token: str) -> bool:
    return db.session.scalar(sa.select(model.id).filter_by(form_token=token)) is not None


def prospect_is_member(group: Group, email: str) -> bool:
    """Inside referral: the prospect's email is an active member's of the group."""
    if not email:
        return False
    return db.session.scalar(
        sa.select(Member.id).join(Membership, Membership.member_id == Member.id)
        .where(Membership.group_id == group.id, Membership.active,
               Member.email == email.strip().lower()).limit(1)) is not None


def pass_slip(meeting: Meeting, giver: Member, receiver: Member, prospect: referrals.Prospect,
              inside: bool, token: str, by: Member) -> Referral:
    """Give the referral (the referral capability's own rules) and link it to the meeting."""
    if token_used(MeetingSlip, token):
        raise RoundError(ALREADY)
    referral = referrals.give(giver, receiver, meeting.group, prospect)  # ReferralError
    db.session.flush()
    slip = MeetingSlip(meeting_id=meeting.id, referral_id=referral.id, form_token=token,
                       inside=inside or prospect_is_member(meeting.group, prospect.email),
                       entered_by_id=by.id, created_at=clock.now())
    db.session.add(slip)
    try:
        db.session.flush()
    except IntegrityError as error:  # the same form at the same moment: the caller rolls back
        raise RoundError(ALREADY) from error
    shown.changed(meeting)
    return referral


def thank_for_business(meeting: Meeting, member: Member, thanked: Member, amount: Decimal,
                       note: str, token: str, by: Member) -> ClosedBusiness:
    """``member`` thanks ``thanked`` for ``amount`` of closed business; linked to the won
    referral it came from when one matches (same pair, same value, not yet linked)."""
    if member.id == thanked.id:
        raise RoundError("A thank-you for closed business goes to another member.")
    if token_used(ClosedBusiness, token):
        raise RoundError(ALREADY)
    linked = sa.select(ClosedBusiness.referral_id).where(ClosedBusiness.referral_id.is_not(None))
    referral_id = db.session.scalar(
        sa.select(Referral.id).where(
            Referral.group_id == meeting.group_id, Referral.giver_id == thanked.id,
            Referral.receiver_id == member.id, Referral.status == Status.WON,
            Referral.closed_value == amount, Referral.id.not_in(linked))
        .order_by(Referral.status_changed_at.desc()).limit(1))
    record = ClosedBusiness(meeting_id=meeting.id, member_id=member.id, thanked_id=thanked.id,
                            amount=amount, currency=meeting.group.currency,
                            referral_id=referral_id, note=note, form_token=token,
                            entered_by_id=by.id, created_at=clock.now())
    db.session.add(record)
    try:
        db.session.flush()
    except IntegrityError as error:
        raise RoundError(ALREADY) from error
    shown.changed(meeting)
    return record


@dataclass
class SlipLine:
    """What the organizer's list shows of a slip: who to whom, how warm. No prospect."""

    giver: str
    receiver: str
    temperature: int
    inside: bool


def _slips_statement() -> sa.Select:
    """A meeting's slips, newest first (binds ``meeting_id``). Built once: two new
    aliases per request cost more than running the statement."""
    giver = sa.orm.aliased(Member)
    receiver = sa.orm.aliased(Member)
    return (
        sa.select(giver.name, receiver.name, Referral.temperature, MeetingSlip.inside)
        .select_from(MeetingSlip)
        .join(Referral, Referral.id == MeetingSlip.referral_id)
        .join(giver, giver.id == Referral.giver_id)
        .join(receiver, receiver.id == Referral.receiver_id)
        .where(MeetingSlip.meeting_id == sa.bindparam("meeting_id"))
        .order_by(MeetingSlip.id.desc()))


_SLIPS = _slips_statement()


def slips(meeting: Meeting) -> list[SlipLine]:
    return [SlipLine(*row) for row in db.session.execute(_SLIPS, {"meeting_id": meeting.id})]


def closed_business(meeting: Meeting) -> list[ClosedBusiness]:
    return list(db.session.scalars(
        sa.select(ClosedBusiness).where(ClosedBusiness.meeting_id == meeting.id)
        .options(joinedload(ClosedBusiness.member), joinedload(ClosedBusiness.thanked))
        .order_by(ClosedBusiness.id.desc())))
