"""The two nudges to a referral's receiver: not contacted after 48 hours, no thank-you
after 7 days. Each is written once per referral (its dedupe key), in the receiver's
daytime, and never carries the prospect's name, contacts or need."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import url_for
from sqlalchemy.orm import selectinload

from partner_net.emails.audience import Reader, already_written, is_daytime
from partner_net.extensions import db
from partner_net.mail import send_email
from partner_net.models import Member, Membership, Referral
from partner_net.referrals.pipeline import CONTACT_DEADLINE, THANK_YOU_DEADLINE, Status

#: A referral is nudged about within this long after its deadline, never for old history.
WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class Nudge:
    key: str  # the dedupe-key prefix
    template: str
    deadline: timedelta

    def due(self, now: datetime) -> sa.Select:
        still_member = sa.exists().where(Membership.member_id == Referral.receiver_id,
                                         Membership.group_id == Referral.group_id,
                                         Membership.active)
        query = (sa.select(Referral)
                 .join(Member, Member.id == Referral.receiver_id)
                 .where(Member.active, still_member,
                        Referral.created_at <= now - self.deadline,
                        Referral.created_at > now - self.deadline - WINDOW)
                 .options(selectinload(Referral.giver), selectinload(Referral.group),
                          selectinload(Referral.receiver).selectinload(Member.memberships)))
        if self.key == "contact-nudge":
            return query.where(Referral.status == Status.GIVEN)
        return query.where(Referral.thanked_at.is_(None),
                           Referral.status.not_in([Status.WITHDRAWN, Status.PASSED_ON]))


CONTACT = Nudge("contact-nudge", "referral_contact_nudge", CONTACT_DEADLINE)
THANKS = Nudge("thanks-nudge", "referral_thanks_nudge", THANK_YOU_DEADLINE)


def send_due(now: datetime) -> int:
    """Write every nudge that is due now; returns how many. The caller commits."""
    written = 0
    for nudge in (CONTACT, THANKS):
        referrals = list(db.session.scalars(nudge.due(now)))
        done = already_written([f"{nudge.key}:{r.id}" for r in referrals])
        for referral in referrals:
            key = f"{nudge.key}:{referral.id}"
            receiver = referral.receiver
            if key in done or not is_daytime(now, receiver.email_timezone):
                continue
            written += send_nudge(nudge, referral, receiver, key) is not None
    return written


def send_nudge(nudge: Nudge, referral: Referral, receiver: Member, key: str) -> int | None:
    subject = (f"{referral.giver.name}'s referral is waiting for your call"
               if nudge is CONTACT else f"Have you thanked {referral.giver.name}?")
    return send_email(
        receiver.email, subject, nudge.template, dedupe_key=key, member=receiver,
        referral=referral, reader=Reader(receiver.email_timezone, referral.group.locale),
        link=url_for("referrals.show", referral_id=referral.id, _external=True),
    )
