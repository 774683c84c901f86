"""The hook that sends a group's weekly meeting report to its members.

The report's content belongs to the meetings capability
(:func:`partner_net.meetings.report.email_members` calls this with the built report,
inside its transaction, like ``send_email``). Each active member who has not switched
the report off gets one email per group and meeting date, however often it is called.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from partner_net import formatting
from partner_net.emails.audience import Reader
from partner_net.extensions import db
from partner_net.mail import send_email
from partner_net.models import Group, Member, Membership


def send_meeting_report(group: Group, meeting_date: date, template: str = "meeting_report",
                        subject: str | None = None, **context: object) -> int:
    """Put the report in the outbox for every active member; returns how many were written.
    ``template`` is under templates/email/; ``context`` is what it shows."""
    members = db.session.scalars(
        sa.select(Member).join(Membership, Membership.member_id == Member.id)
        .where(Membership.group_id == group.id, Membership.active, Member.active)
        .order_by(Member.id))
    subject = subject or f"{group.name}: the meeting of {formatting.day(meeting_date, group)}"
    written = 0
    for member in members:
        key = f"meeting-report:{group.id}:{meeting_date.isoformat()}:{member.id}"
        written += send_email(
            member.email, subject, template, dedupe_key=key, member=member, group=group,
            meeting_date=meeting_date, reader=Reader(member.email_timezone, group.locale),
            **context,
        ) is not None
    return written
