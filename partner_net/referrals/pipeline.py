"""The referral status pipeline, as plain rules (no Flask, no database).

given → contacted → meeting → proposal → won | lost, plus ``passed_on`` (handed to a
better-fit member), ``not_a_fit`` and ``withdrawn`` (by the giver, before the receiver
has acted). Statuses only move forward; a step may be skipped (a hot prospect can go
from given straight to a meeting), never undone.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum


class Status(StrEnum):
    GIVEN = "given"
    CONTACTED = "contacted"
    MEETING = "meeting"
    PROPOSAL = "proposal"
    WON = "won"
    LOST = "lost"
    NOT_A_FIT = "not_a_fit"
    PASSED_ON = "passed_on"
    WITHDRAWN = "withdrawn"


PROGRESS = [Status.GIVEN, Status.CONTACTED, Status.MEETING, Status.PROPOSAL]
CLOSED = {Status.WON, Status.LOST, Status.NOT_A_FIT, Status.PASSED_ON, Status.WITHDRAWN}
#: Referrals that count in reciprocity (DESIGN.md: every referral except these).
NOT_COUNTED = {Status.NOT_A_FIT, Status.PASSED_ON, Status.WITHDRAWN}
#: Moves that need a reason from the receiver.
NEEDS_REASON = {Status.LOST, Status.NOT_A_FIT}

LABELS = {
    Status.GIVEN: "Given",
    Status.CONTACTED: "Contacted",
    Status.MEETING: "Meeting held",
    Status.PROPOSAL: "Proposal sent",
    Status.WON: "Won",
    Status.LOST: "Lost",
    Status.NOT_A_FIT: "Not a fit",
    Status.PASSED_ON: "Passed on",
    Status.WITHDRAWN: "Withdrawn",
}

TEMPERATURES = {
    1: "Cold — a name only; they don't know you'll call",
    2: "Cool — they know of you, no need expressed yet",
    3: "Warm — they have a need and agreed you may call",
    4: "Hot — a clear need, expecting your call soon",
    5: "Red hot — expecting your call, ready to buy",
}

CONTACT_DEADLINE = timedelta(hours=48)
THANK_YOU_DEADLINE = timedelta(days=7)


def receiver_moves(status: Status) -> list[Status]:
    """Statuses the receiver may move a referral to from ``status``, in display order."""
    if status in CLOSED:
        return []
    later = PROGRESS[PROGRESS.index(status) + 1:]
    return [*later, Status.WON, Status.LOST, Status.NOT_A_FIT, Status.PASSED_ON]


def can_receiver_move(current: Status, target: Status) -> bool:
    return target in receiver_moves(current)


def giver_may_change(status: Status, receiver_has_acted: bool) -> bool:
    """The giver may edit or withdraw until the receiver does anything with it."""
    return status == Status.GIVEN and not receiver_has_acted


def counts_for_reciprocity(status: Status) -> bool:
    return status not in NOT_COUNTED


def awaiting_contact(status: Status, created_at: datetime, now: datetime) -> bool:
    """Still ``given`` 48 hours after it was made: flag it to the receiver."""
    return status == Status.GIVEN and now - created_at >= CONTACT_DEADLINE


def thank_you_overdue(
    status: Status, created_at: datetime, thanked_at: datetime | None, now: datetime
) -> bool:
    """Not thanked within 7 days of receiving it, whatever the outcome."""
    if thanked_at is not None or status in {Status.WITHDRAWN, Status.PASSED_ON}:
        return False
    return now - created_at >= THANK_YOU_DEADLINE
