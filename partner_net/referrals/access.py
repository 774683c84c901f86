"""Who may see a referral, and how much of it (DESIGN.md, Privacy).

- Parties (giver, receiver, and whoever it was passed on to or by) see the prospect.
- Organizers of the referral's group see that it exists, between whom, its status and
  value, never the prospect.
- Everyone else gets a 404, as if it did not exist.
"""

from __future__ import annotations

from enum import StrEnum

from flask import abort, g
from sqlalchemy.orm import joinedload

from partner_net.extensions import db
from partner_net.models import Member, Referral, ReferralEvent


class View(StrEnum):
    PARTY = "party"
    ORGANIZER = "organizer"


def is_party(referral: Referral, member: Member) -> bool:
    """May ``member`` see the prospect's details?"""
    if member.id in (referral.giver_id, referral.receiver_id, referral.passed_on_by_id):
        return True
    return any(child.receiver_id == member.id for child in referral.passed_on_to)


def organizes(referral: Referral, member: Member) -> bool:
    membership = member.membership_in(referral.group)
    return bool(membership and membership.active and membership.is_organizer)


def view_for(referral: Referral, member: Member) -> View | None:
    if is_party(referral, member):
        return View.PARTY
    if organizes(referral, member):
        return View.ORGANIZER
    return None


#: Whom every referral page names and the group it is in: in the statement that loads it.
_WITH_PEOPLE = (joinedload(Referral.giver), joinedload(Referral.receiver),
                joinedload(Referral.group))


def load_referral(referral_id: int, member: Member) -> tuple[Referral, View]:
    """The referral and how much of it ``member`` may see; 404 when nothing."""
    referral = db.session.get(Referral, referral_id, options=_WITH_PEOPLE)
    view = view_for(referral, member) if referral is not None else None
    if view is None:
        abort(404)
    show_group_of(referral, member)
    return referral, view


def show_group_of(referral: Referral, member: Member) -> None:
    """The header names the referral's group (and the give button records there), not
    the group the member last opened, when the member is active in it."""
    membership = member.membership_in(referral.group)
    if membership is not None and membership.active:
        g.group = referral.group


def visible_events(referral: Referral, member: Member, view: View) -> list[ReferralEvent]:
    """The history ``member`` may read.

    The receiver (and whoever passed it on) reads everything; the giver reads what was
    shared with them and their own entries; organizers read only status changes, without
    notes.
    """
    if view is View.ORGANIZER:
        return [e for e in referral.events if e.to_status]
    if member.id in (referral.receiver_id, referral.passed_on_by_id):
        return list(referral.events)
    return [e for e in referral.events if e.shared or e.actor_id == member.id]
