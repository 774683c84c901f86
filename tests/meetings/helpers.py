"""Shared pieces of the meeting tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

from partner_net.extensions import db
from partner_net.meetings import schedule
from partner_net.models import Meeting

#: A Tuesday morning; the world's groups meet on Wednesdays at 07:00 London time.
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
NEXT = date(2026, 11, 25)


def meeting_of(group, day: date = NEXT) -> Meeting:
    meeting = schedule.materialise(group, day)
    db.session.commit()
    return meeting


def base(group) -> str:
    return f"/g/{group.slug}/meetings"
