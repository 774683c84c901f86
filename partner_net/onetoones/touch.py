"""Stay in touch with partners: whom each member should meet one-to-one again (amber and
red after the group's days since the last confirmed one-to-one), and snoozing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from partner_net import clock
from partner_net.domain import stay_in_touch as rules
from partner_net.domain.health import Bands as HealthBands
from partner_net.extensions import db
from partner_net.health.service import bands_for
from partner_net.models import Group, Member, Membership, OneToOne, PartnerSnooze
from partner_net.onetoones import service


class Partner(NamedTuple):
    """What a reminder shows of the partner."""

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


def _partners_statement() -> sa.Select:
    """A group's other active members, each with the member's last counted one-to-one
    with them (any group) and the member's snooze of them: one statement."""
    me = sa.bindparam("member_id")
    other = sa.case((OneToOne.member_id == me, OneToOne.partner_id), else_=OneToOne.member_id)
    last = (sa.select(other.label("partner_id"), sa.func.max(OneToOne.met_on).label("met_on"))
            .where(sa.or_(OneToOne.member_id == me, OneToOne.partner_id == me),
                   service.counted())
            .group_by(other)
            .subquery())
    return (
        sa.select(Member.id, Member.name, Member.business, Membership.joined_at,
                  last.c.met_on, PartnerSnooze.until)
        .join(Membership, Membership.member_id == Member.id)
        .outerjoin(last, last.c.partner_id == Member.id)
        .outerjoin(PartnerSnooze, sa.and_(PartnerSnooze.member_id == me,
                                          PartnerSnooze.partner_id == Member.id))
        .where(Membership.group_id == sa.bindparam("group_id"), Membership.active,
               Member.active, Member.id != me)
    )


#: Built once: constructing it cost more than running it.
_PARTNERS = _partners_statement()


def partners_due(member: Member, only: Group | None = None,
                 bands: HealthBands | None = None) -> list[Reminder]:
    """Partners ``member`` should meet again, most overdue first, in ``only`` or in all
    the member's active groups (a partner shared by two groups appears once).

    ``bands``: ``only``'s bands when the caller has read them already (one statement
    fewer); ignored without ``only``."""
    memberships = [m for m in member.active_memberships if only is None or m.group_id == only.id]
    found: dict[int, Reminder] = {}
    for mine in memberships:
        group = mine.group
        zone = clock.zone(group.timezone)
        today = clock.local_today(group.timezone)
        stay = (bands if only is not None and bands is not None
                else bands_for(group)).stay_in_touch
        others = db.session.execute(_PARTNERS, {"member_id": member.id, "group_id": group.id})
        my_start = mine.joined_at.astimezone(zone).date()
        for partner_id, name, business, joined_at, last_met, snoozed in others:
            partner = Partner(partner_id, name, business)
            together = max(my_start, joined_at.astimezone(zone).date())
            due = rules.due(partner.id, last_met, together, today,
                            stay.amber_days, stay.red_days, snoozed)
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
