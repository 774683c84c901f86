"""Exclusive categories: one active member per profession in groups that want it."""

from __future__ import annotations

import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.models import Group, Member, Membership
from partner_net.models.accounts import normalise_category


def seat_holder(group: Group, category: str, *, besides: Member | None = None) -> Member | None:
    """The active member of ``group`` who holds ``category``'s seat, if the group is exclusive.

    ``besides`` is left out (the member who is about to take the seat).
    """
    key = normalise_category(category)
    if not group.exclusive_categories or not key:
        return None
    query = (
        sa.select(Member)
        .join(Membership, Membership.member_id == Member.id)
        .where(Membership.group_id == group.id, Membership.active, Member.active)
    )
    if besides is not None and besides.id is not None:
        query = query.where(Member.id != besides.id)
    return next(
        (m for m in db.session.scalars(query) if normalise_category(m.category) == key), None
    )


def seat_conflicts(member: Member, category: str) -> list[str]:
    """Messages naming who holds ``category`` in each of ``member``'s exclusive groups."""
    messages = []
    for membership in member.active_memberships:
        holder = seat_holder(membership.group, category, besides=member)
        if holder is not None:
            messages.append(seat_message(membership.group, category, holder))
    return messages


def seat_message(group: Group, category: str, holder: Member) -> str:
    return (
        f"{group.name} has one seat per category, and {holder.name} "
        f"({holder.business or 'no business given'}) already holds “{category}”."
    )
