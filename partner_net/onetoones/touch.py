"""Stay in touch with partners: whom each member should meet one-to-one again (amber and
red after the group's days since the last confirmed one-to-one), and snoozing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from partner_net import clock
from partner_net.domain import stay_in_touch as rules
from partner_net.extensions import db
from partner_net.health.service import bands_for
from partner_net.models import Group, Member, Membership, PartnerSnooze
from partner_net.onetoones import service


@dataclass(frozen=True, slots=True)
class Partner:
    """What a reminder shows of the partner to meet."""

    id: int
    name: str
    business: str


@dataclass(frozen=True)
class Reminder:
    due: rules.PartnerDue
    partner: Partner
    group: Group


def _urgency(r: Reminder) -> tuple:
    return (r.due.status != "overdue", -r.due.days, r.partner.name)


def partners_due(member: Member, only: Group | None = None) -> list[Reminder]:
    """Partners ``member`` should meet again, most overdue first, in ``only`` or in all
    the member's active groups (a partner shared by two groups appears once)."""
    memberships = [m for m in member.active_memberships if only is None or m.group_id == only.id]
    snoozes = dict(db.session.execute(
        sa.select(PartnerSnooze.partner_id, PartnerSnooze.until)
        .where(PartnerSnooze.member_id == member.id)).all())
    found: dict[int, Reminder] = {}
    for mine in memberships:
        group = mine.group
        zone = clock.zone(group.timezone)
        today = clock.local_today(group.timezone)
        stay = bands_for(group).stay_in_touch
        rows = db.session.execute(  # the three columns shown, not whole members
            sa.select(Member.id, Member.name, Member.business, Membership.joined_at)
            .join(Membership, Membership.member_id == Member.id)
            .where(Membership.group_id == group.id, Membership.active, Member.active,
                   Member.id != member.id))
        others = [(Partner(partner_id, name, business), joined_at)
                  for partner_id, name, business, joined_at in rows]
        last = service.last_met(member.id, [p.id for p, _ in others])
        my_start = mine.joined_at.astimezone(zone).date()
        for partner, joined_at in others:
            together = max(my_start, joined_at.astimezone(zone).date())
            due = rules.due(partner.id, last.get(partner.id), together, today,
                            stay.amber_days, stay.red_days, snoozes.get(partner.id))
            if due is None:
                continue
            reminder = Reminder(due, partner, group)
            if partner.id not in found or _urgency(reminder) < _urgency(found[partner.id]):
                found[partner.id] = reminder
    return sorted(found.values(), key=_urgency)


def snooze(member: Member, partner: Member, group: Group) -> date:
    """Hide ``partner`` from ``member``'s reminders for the group's snooze days. An upsert,
    so a double click (or two tabs) leaves one row. The caller commits."""
    until = clock.local_today(group.timezone) + timedelta(
        days=bands_for(group).stay_in_touch.snooze_days)
    values = {"member_id": member.id, "partner_id": partner.id, "until": until,
              "created_at": clock.now()}
    dialect = db.session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(PartnerSnooze)
    db.session.execute(insert.values(**values).on_conflict_do_update(
        index_elements=["member_id", "partner_id"], set_={"until": until}))
    return until
