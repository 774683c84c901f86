"""A year of demo one-to-ones, mostly with each member's strategic partners.

Seeded by the loader's random source and run after the referrals (which mark the
strategic partners). Notes read like what one learns in a one-to-one: whom the partner
serves and what to listen for, taken from the partner's own ideal-client profile.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.models import Group, Member, OneToOne, StrategicPartner

if TYPE_CHECKING:
    from partner_net.demo.loader import DemoContext

#: One-to-ones per member over the year, by kind of group.
PER_MEMBER = {True: (6, 12), False: (2, 5)}  # keyed by group.exclusive_categories
#: Share of one-to-ones held with a strategic partner.
WITH_STRATEGIC = 0.7
#: Share of one-to-ones of the last three weeks still waiting for the partner, and of
#: older ones the partner never confirmed (they expired).
UNCONFIRMED_RECENT = 0.35
NEVER_CONFIRMED = 0.06
UNCONFIRMED_DAYS = 30
OPENERS = ["Coffee at the Quayside.", "Walked the harbour wall.", "Lunch at the Pier Café.",
           "Met at their office.", "Video call, forty minutes.", "Breakfast after the meeting."]


def add_one_to_ones(ctx: DemoContext) -> None:
    """Step for the demo loader: each active member's one-to-ones in each demo group."""
    today = ctx.today.date()
    for group in ctx.groups.values():
        members = sorted((m.member for m in group.memberships if m.active), key=lambda m: m.id)
        strategic = _strategic_partners(group, members)
        low, high = PER_MEMBER[group.exclusive_categories]
        for member in members:
            others = [p for p in members if p.id != member.id]
            for age in _ages(ctx.rng, ctx.rng.randint(low, high)):
                partners = strategic.get(member.id) if ctx.rng.random() < WITH_STRATEGIC else None
                partner = ctx.rng.choice(partners or others)
                created = ctx.days_ago(age, hour=ctx.rng.randint(9, 17))
                db.session.add(OneToOne(
                    group=group, member=member, partner=partner,
                    met_on=_weekday(today - timedelta(days=age)),
                    notes=_notes(ctx.rng, partner),
                    created_at=created,
                    confirmed_at=_confirmed(ctx.rng, age, created),
                    partner_notes=_notes(ctx.rng, member) if ctx.rng.random() < 0.3 else "",
                ))
    db.session.flush()


def _confirmed(rng: random.Random, age: int, created: datetime) -> datetime | None:
    """Most one-to-ones were confirmed by the partner a day or two later; some recent
    ones still wait (UNCONFIRMED_RECENT), and a few older ones never were (expired)."""
    if age <= 3 * UNCONFIRMED_DAYS // 4 and rng.random() < UNCONFIRMED_RECENT:
        return None
    if age > 30 and rng.random() < NEVER_CONFIRMED:
        return None
    return min(created + timedelta(days=rng.randint(0, 2), hours=rng.randint(1, 8)),
               created + timedelta(days=max(0, age - 1)) + timedelta(hours=1))


def _strategic_partners(group: Group, members: list[Member]) -> dict[int, list[Member]]:
    """Each member's strategic partners who are active in ``group``, in the order marked."""
    by_id = {m.id: m for m in members}
    rows = db.session.execute(
        sa.select(StrategicPartner.member_id, StrategicPartner.partner_id)
        .where(StrategicPartner.member_id.in_(list(by_id)),
               StrategicPartner.partner_id.in_(list(by_id)))
        .order_by(StrategicPartner.id)
    )
    marked: dict[int, list[Member]] = {}
    for member_id, partner_id in rows:
        marked.setdefault(member_id, []).append(by_id[partner_id])
    return marked


def _ages(rng: random.Random, n: int) -> list[int]:
    """Days ago for ``n`` one-to-ones over the year; the latest within the last month, so
    every member's suggestions show a recent one."""
    return [rng.randint(1, 28)] + [rng.randint(1, 365) for _ in range(n - 1)]


def _weekday(day: date) -> date:
    """Members meet on working days: a Saturday or Sunday moves back to the Friday."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def _notes(rng: random.Random, partner: Member) -> str:
    if rng.random() < 0.2 or not partner.ideal_clients:
        return ""
    profile = rng.choice(partner.ideal_clients)
    triggers = [t.strip(" .") for t in profile.triggers.split(";") if t.strip(" .")]
    first = partner.name.split()[0]
    lines = [rng.choice(OPENERS),
             f"{first}'s best clients: {profile.title[:1].lower() + profile.title[1:]}."]
    if triggers:
        lines.append(f"Listen for: {rng.choice(triggers)}.")
    return " ".join(lines)
