"""Visitors: added by organizers or self-registered, their status and follow-up."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from partner_net import clock
from partner_net.extensions import db
from partner_net.meetings import shown
from partner_net.meetings.schedule import is_over
from partner_net.models import Group, Meeting, Member, Membership, Visitor
from partner_net.models.accounts import normalise_category

KINDS = {"visitor": "Visitor", "substitute": "Substitute", "observer": "Observer"}
STATUSES = {"registered": "Registered", "present": "Present", "followed_up": "Followed up",
            "joined": "Joined", "not_interested": "Not interested"}
#: What an organizer may record after the meeting.
FOLLOW_UPS = ("followed_up", "joined", "not_interested")


class VisitorError(ValueError):
    pass


@dataclass
class NewVisitor:
    name: str
    business: str = ""
    category: str = ""
    email: str = ""
    phone: str = ""
    kind: str = "visitor"
    invited_by: Member | None = None
    invited_by_name: str = ""


def phone_key(phone: str) -> str:
    return re.sub(r"\D", "", phone or "")[-20:]


def duplicate_of(meeting: Meeting, email: str, phone: str) -> Visitor | None:
    conditions = []
    if email:
        conditions.append(Visitor.email == email.lower())
    if phone_key(phone):
        conditions.append(Visitor.phone_key == phone_key(phone))
    if not conditions:
        return None
    return db.session.scalar(sa.select(Visitor).where(Visitor.meeting_id == meeting.id,
                                                      sa.or_(*conditions)).limit(1))


DUPLICATE = "This email or phone number is already registered for this meeting."


def add(meeting: Meeting, new: NewVisitor, *, self_registered: bool,
        form_token: str | None) -> Visitor:
    """Record a visitor once: a duplicate contact or a replayed form raises VisitorError."""
    if meeting.cancelled:
        raise VisitorError("This meeting is cancelled.")
    if self_registered and is_over(meeting):
        raise VisitorError("Registration for this meeting has closed.")
    if duplicate_of(meeting, new.email, new.phone) is not None:
        raise VisitorError(DUPLICATE)
    visitor = Visitor(
        meeting_id=meeting.id, name=new.name, business=new.business, category=new.category,
        email=new.email.lower(), phone=new.phone, phone_key=phone_key(new.phone),
        kind=new.kind if new.kind in KINDS else "visitor", invited_by=new.invited_by,
        invited_by_name=new.invited_by_name, self_registered=self_registered,
        form_token=form_token or None, created_at=clock.now(),
        status="present" if meeting.started_at and not self_registered else "registered",
    )
    try:
        with db.session.begin_nested():
            db.session.add(visitor)
    except IntegrityError as error:  # the same form twice, or the same person at once
        raise VisitorError(DUPLICATE) from error
    shown.changed(meeting)
    return visitor


def set_status(visitor: Visitor, seen: str, new: str, note: str | None = None) -> bool:
    """Compare-and-set a visitor's status; a follow-up note comes with the later ones."""
    if new not in STATUSES:
        raise VisitorError("Choose one of the statuses offered.")
    values: dict[str, object] = {"status": new}
    if new in FOLLOW_UPS:
        values["followed_up_at"] = clock.now()
    if note is not None:
        values["follow_up_note"] = note
    result = db.session.execute(
        sa.update(Visitor).where(Visitor.id == visitor.id, Visitor.status == seen)
        .values(**values).execution_options(synchronize_session=False))
    if result.rowcount == 1:
        shown.changed(visitor.meeting)
    db.session.refresh(visitor)
    return result.rowcount == 1


def meeting_query(meeting: Meeting) -> sa.Select:
    """The meeting's visitors in the order they were added, who invited them loaded too."""
    return (sa.select(Visitor).where(Visitor.meeting_id == meeting.id)
            .options(joinedload(Visitor.invited_by)).order_by(Visitor.created_at, Visitor.id))


def of_meeting(meeting: Meeting) -> list[Visitor]:
    return list(db.session.scalars(meeting_query(meeting)))


def page_of(visitor: Visitor, per_page: int) -> int:
    """The page of the organizer's list (``per_page`` a page) that shows ``visitor``."""
    before = db.session.scalar(
        sa.select(sa.func.count()).select_from(Visitor).where(
            Visitor.meeting_id == visitor.meeting_id,
            sa.or_(Visitor.created_at < visitor.created_at,
                   sa.and_(Visitor.created_at == visitor.created_at, Visitor.id < visitor.id))))
    return (before or 0) // per_page + 1


def seat_flags(group: Group, visitors: list[Visitor]) -> dict[int, Member]:
    """Visitors whose profession is a seat already held in an exclusive group: the holder.

    One query for the whole list (the group's active members' categories).
    """
    if not group.exclusive_categories or not visitors:
        return {}
    holders = {
        normalise_category(m.category): m for m in db.session.scalars(
            sa.select(Member).join(Membership, Membership.member_id == Member.id)
            .where(Membership.group_id == group.id, Membership.active, Member.active))
        if normalise_category(m.category)
    }
    flags = {}
    for visitor in visitors:
        holder = holders.get(normalise_category(visitor.category))
        if holder is not None and visitor.kind != "substitute":
            flags[visitor.id] = holder
    return flags


def load(meeting: Meeting, visitor_id: int) -> Visitor | None:
    return db.session.scalar(sa.select(Visitor).filter_by(id=visitor_id, meeting_id=meeting.id))
