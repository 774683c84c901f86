"""Build the demo groups from :mod:`partner_net.demo.people`.

The loader is a list of steps run in order over one :class:`DemoContext`; later work
(referrals, meetings, one-to-ones) adds a step to :data:`STEPS` and finds the groups and
members it needs in the context. Everything random comes from ``context.rng``, seeded,
and every date is counted back from midnight UTC of the day it runs, so one seed gives
the same demo on any given day.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from partner_net import clock
from partner_net.demo.desk import add_desk
from partner_net.demo.meetings import add_meetings
from partner_net.demo.onetoones import add_one_to_ones
from partner_net.demo.people import (
    DEMO_PASSWORD,
    DEMO_SIGN_IN,
    FORMER,
    GROUPS,
    HARBOUR,
    PEOPLE,
    Person,
)
from partner_net.demo.referrals import add_referrals
from partner_net.demo.sphere import add_spheres
from partner_net.extensions import db
from partner_net.models import Group, IdealClientProfile, Member, Membership, Role
from partner_net.models.accounts import make_password_hash
from partner_net.seats import seat_holder, seat_message

#: How far back the oldest demo group was founded.
HISTORY_DAYS = 3 * 365


@dataclass
class DemoContext:
    """What the steps share: the random source, the clock, and what earlier steps made."""

    rng: random.Random
    today: datetime  # midnight UTC of the day the demo is built
    password_hash: str
    groups: dict[str, Group] = field(default_factory=dict)
    members: dict[str, Member] = field(default_factory=dict)

    def days_ago(self, days: int, hour: int = 9) -> datetime:
        return self.today - timedelta(days=days) + timedelta(hours=hour)


Step = Callable[[DemoContext], None]


def add_groups(ctx: DemoContext) -> None:
    for spec in GROUPS:
        group = Group(
            name=spec.name,
            slug=spec.slug,
            meeting_weekday=spec.meeting_weekday,
            meeting_time=spec.meeting_time,
            meeting_place=spec.meeting_place,
            timezone=spec.timezone,
            currency=spec.currency,
            exclusive_categories=spec.exclusive_categories,
            created_at=ctx.days_ago(HISTORY_DAYS if spec.key == HARBOUR else HISTORY_DAYS // 2),
        )
        db.session.add(group)
        ctx.groups[spec.key] = group
    db.session.flush()


def add_members(ctx: DemoContext) -> None:
    for person in PEOPLE:
        member = Member(
            email=person.email,
            password_hash=ctx.password_hash,
            name=person.name,
            business=person.business,
            category=person.category,
            phone=person.phone,
            website=person.website,
            bio=person.bio,
            talkable_difference=person.talkable_difference,
            referral_criteria=person.referral_criteria,
        )
        member.ideal_clients = [
            IdealClientProfile(position=position, **vars(profile))
            for position, profile in enumerate(person.profiles)
        ]
        db.session.add(member)
        ctx.members[person.key] = member
    db.session.flush()


def join_groups(ctx: DemoContext) -> None:
    """Memberships with seeded join dates; organizers joined first, at the founding."""
    for person in _organizers_first(PEOPLE):
        member = ctx.members[person.key]
        for group_key, role in person.groups.items():
            group = ctx.groups[group_key]
            founded_days = (ctx.today - group.created_at).days
            joined_days = founded_days if role == Role.ORGANIZER else ctx.rng.randint(
                30, founded_days - 7
            )
            membership = Membership(
                group=group,
                member=member,
                role=Role.ORGANIZER if role == Role.ORGANIZER else Role.MEMBER,
                joined_at=ctx.days_ago(joined_days, hour=7),
                active=role != FORMER,
            )
            if role == FORMER:
                membership.deactivated_at = ctx.days_ago(ctx.rng.randint(7, 60))
            db.session.add(membership)
            db.session.flush()
            if membership.active:
                _check_seat(group, member)
        member.created_at = min(m.joined_at for m in member.memberships) - timedelta(days=1)


def _organizers_first(people: tuple[Person, ...]) -> list[Person]:
    return sorted(people, key=lambda p: Role.ORGANIZER not in p.groups.values())


def _check_seat(group: Group, member: Member) -> None:
    """The demo obeys the seat rule the site enforces; fail loudly if the data does not."""
    holder = seat_holder(group, member.category, besides=member)
    if holder is not None:
        raise ValueError(seat_message(group, member.category, holder))


#: The loader, in order. Append a step for each new kind of demo data.
STEPS: list[Step] = [add_groups, add_members, join_groups, add_referrals, add_one_to_ones,
                     add_spheres, add_meetings, add_desk]


def load_demo(seed: int = 7) -> Group:
    """Create the demo groups and their members; return "Harbour City Partners".

    Commits once at the end. Call :func:`clear_demo` first if it may already exist.
    """
    midnight = clock.now().astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    ctx = DemoContext(
        rng=random.Random(seed),
        today=midnight,
        password_hash=make_password_hash(DEMO_PASSWORD),
    )
    for step in STEPS:
        step(ctx)
    db.session.commit()
    return ctx.groups[HARBOUR]


def demo_group() -> Group | None:
    return db.session.scalar(sa.select(Group).filter_by(slug=GROUPS[0].slug))


def demo_sign_in() -> Person:
    return next(p for p in PEOPLE if p.key == DEMO_SIGN_IN)


def clear_demo() -> None:
    """Delete the demo groups, the demo members, and every row that points at them.

    Walks the foreign keys of every mapped table, so rows added by later steps
    (referrals, meetings, ...) go too without this function knowing about them.
    Deletes children before parents, which works on SQLite without foreign-key
    enforcement as well as on PostgreSQL. Commits.
    """
    emails = [p.email for p in PEOPLE]
    slugs = [g.slug for g in GROUPS]
    doomed: dict[sa.Table, sa.ColumnElement[bool]] = {
        Member.__table__: Member.__table__.c.email.in_(emails),
        Group.__table__: Group.__table__.c.slug.in_(slugs),
    }
    tables = db.metadata.sorted_tables
    for table in tables:
        conditions = [doomed[table]] if table in doomed else []
        for fk in table.foreign_keys:
            parent = fk.column.table
            if parent is not table and parent in doomed:
                conditions.append(
                    fk.parent.in_(sa.select(fk.column).where(doomed[parent]).scalar_subquery())
                )
        if conditions:
            doomed[table] = sa.or_(*conditions)
    for table in reversed(tables):
        if table in doomed:
            db.session.execute(table.delete().where(doomed[table]))
    db.session.commit()
