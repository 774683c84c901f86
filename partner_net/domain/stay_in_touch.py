"""Stay in touch with partners: who is due a one-to-one. Pure: no Flask, no database.

A partner turns amber ``amber_days`` after the last confirmed one-to-one with them (or,
without one, after the day both were first in the group together) and red after
``red_days``. A snooze hides them until its date; a new one-to-one starts again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class PartnerDue:
    partner_id: int
    since: date  # the last confirmed one-to-one, or when they were first together
    met: bool  # whether ``since`` is a one-to-one
    status: str  # "due" (amber) or "overdue" (red)
    due_on: date  # when it turned amber (due) or red (overdue)
    days: int  # days since ``since``


def due(partner_id: int, last_met: date | None, together_since: date, today: date,
        amber_days: int, red_days: int, snoozed_until: date | None = None) -> PartnerDue | None:
    """The partner's reminder on ``today``, or None (fine, or snoozed)."""
    if snoozed_until is not None and today < snoozed_until:
        return None
    since = max(last_met, together_since) if last_met else together_since
    days = (today - since).days
    if days >= red_days:
        return PartnerDue(partner_id, since, last_met is not None and since == last_met,
                          "overdue", since + timedelta(days=red_days), days)
    if days >= amber_days:
        return PartnerDue(partner_id, since, last_met is not None and since == last_met,
                          "due", since + timedelta(days=amber_days), days)
    return None
