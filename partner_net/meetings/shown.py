"""What the live screens show, and when it changed.

The console and the room screen poll for the meeting's state every few seconds and swap
it in when its version differs from the one on screen. The version is the console's
``live_version`` (speaker, item, clock) and ``shown_version``, which counts every other
change the screens show: roll-call marks and substitutes, weekly asks, referral slips,
closed business and visitors. A poll that already has the current version is answered
without building the state again.
"""

from __future__ import annotations

import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.models import Meeting


def changed(meeting: Meeting) -> None:
    """Count one more change to what ``meeting``'s live screens show, in the caller's
    transaction (one atomic increment: parallel writers each count), after its own
    writes (the meeting row is locked as late as the transaction can)."""
    db.session.execute(
        sa.update(Meeting).where(Meeting.id == meeting.id)
        .values(shown_version=Meeting.shown_version + 1)
        .execution_options(synchronize_session=False))
    db.session.expire(meeting, ["shown_version"])


def state_version(meeting: Meeting) -> str:
    """The version a poll compares: both counters."""
    return f"{meeting.live_version}.{meeting.shown_version}"
