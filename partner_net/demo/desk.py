"""Demo data for the organizer's desk and the member's month: a year of attendance behind
the twelve detailed weeks (with visitors), per-member habits so the health lights show
every colour, monthly goals, and one-to-ones waiting for the demo sign-in to confirm.
Content in ``desk.toml``; runs after the meetings step."""

from __future__ import annotations

import secrets
import tomllib
from datetime import timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from partner_net.demo.meetings import content as meeting_content
from partner_net.demo.people import DEMO_SIGN_IN, PEOPLE
from partner_net.extensions import db
from partner_net.meetings.schedule import local_start, schedule_dates
from partner_net.models import (
    Attendance,
    Goal,
    Group,
    Meeting,
    Member,
    Notification,
    OneToOne,
    Referral,
    Visitor,
)
from partner_net.referrals.pipeline import NOT_COUNTED

if TYPE_CHECKING:
    from partner_net.demo.loader import DemoContext

CONTENT = Path(__file__).with_name("desk.toml")


@cache
def content() -> dict:
    return tomllib.loads(CONTENT.read_text(encoding="utf-8"))


def add_desk(ctx: DemoContext) -> None:
    """Step for the demo loader."""
    data = content()
    for group in ctx.groups.values():
        members = sorted((m.member for m in group.memberships if m.active), key=lambda m: m.id)
        roles = _personas(ctx, group, members, data["personas"])
        _history(ctx, group, members, roles, data)
        _goals(ctx, group, members, data["goals"])
    _to_confirm(ctx, data["to_confirm"])
    db.session.flush()


def _personas(ctx: DemoContext, group: Group, members: list[Member],
              personas: list[dict]) -> dict[int, dict]:
    since = ctx.today - timedelta(weeks=26)
    given = dict(db.session.execute(
        sa.select(Referral.giver_id, sa.func.count(Referral.id))
        .where(Referral.group_id == group.id, Referral.created_at >= since,
               Referral.status.not_in([str(s) for s in NOT_COUNTED]))
        .group_by(Referral.giver_id)).all())
    ranked = sorted(members, key=lambda m: (-given.get(m.id, 0), m.id))
    roles: dict[int, dict] = {}
    start = 0
    for persona in personas:
        size = len(ranked) - start if persona["share"] >= 1 else round(
            persona["share"] * len(ranked))
        for member in ranked[start:start + size]:
            roles[member.id] = persona
        start += size
    return roles


def _history(ctx: DemoContext, group: Group, members: list[Member], roles: dict[int, dict],
             data: dict) -> None:
    """Held meetings before the detailed ones: marks by each member's habits, visitors."""
    first_detailed = db.session.scalar(
        sa.select(sa.func.min(Meeting.scheduled_on)).where(Meeting.group_id == group.id))
    if first_detailed is None:
        return
    weeks = data["history_weeks"]
    start = first_detailed - timedelta(weeks=weeks)
    days = [d for d in schedule_dates(group, start, weeks) if d < first_detailed]
    pool = meeting_content()["visitors"]
    for week, day in enumerate(days):
        starts = local_start(group, day)
        meeting = Meeting(group=group, scheduled_on=day, starts_at=starts,
                          place=group.meeting_place,
                          registration_token=secrets.token_urlsafe(24), started_at=starts,
                          ended_at=starts + timedelta(minutes=95), report_sent_at=starts
                          + timedelta(hours=2), created_at=starts - timedelta(days=7))
        db.session.add(meeting)
        db.session.flush()
        for member in members:
            joined = member.membership_in(group).joined_at
            if joined > starts:
                continue
            persona = roles[member.id]
            roll, mark = ctx.rng.random(), "present"
            if roll < persona["absence"]:
                mark = "absent"
            elif roll < persona["absence"] + persona["late"]:
                mark = "late"
            db.session.add(Attendance(meeting_id=meeting.id, member_id=member.id, status=mark,
                                      updated_at=starts))
            if ctx.rng.random() < persona["visitors_per_week"]:
                spec = pool[(week + member.id) % len(pool)]
                db.session.add(Visitor(
                    meeting_id=meeting.id, name=spec["name"], business=spec["business"],
                    category=spec["category"], invited_by=member, status="followed_up",
                    email=f"{spec['name'].split()[0].lower()}.h{week}.{member.id}@example.net",
                    followed_up_at=starts + timedelta(days=2), created_at=starts
                    - timedelta(days=3)))
    _recent_visitors(ctx, group, members, roles)


def _recent_visitors(ctx: DemoContext, group: Group, members: list[Member],
                     roles: dict[int, dict]) -> None:
    """The stars bring visitors to the detailed weeks too (beside the meetings step's)."""
    pool = meeting_content()["visitors"]
    meetings = db.session.scalars(sa.select(Meeting).where(
        Meeting.group_id == group.id, Meeting.agenda.is_not(None),
        Meeting.ended_at.is_not(None))).all()
    for n, meeting in enumerate(meetings):
        for member in members:
            if roles[member.id]["name"] == "star" and ctx.rng.random() < 0.5:
                spec = pool[(n * 3 + member.id) % len(pool)]
                db.session.add(Visitor(
                    meeting_id=meeting.id, name=spec["name"], business=spec["business"],
                    category=spec["category"], invited_by=member, status="present",
                    email=f"{spec['name'].split()[0].lower()}.r{n}.{member.id}@example.net",
                    created_at=meeting.starts_at - timedelta(days=2)))


def _month_back(first, months: int):
    year, month = divmod(first.year * 12 + first.month - 1 - months, 12)
    return first.replace(year=year, month=month + 1, day=1)


def _goals(ctx: DemoContext, group: Group, members: list[Member], spec: dict) -> None:
    this_month = ctx.today.date().replace(day=1)
    for member in members:
        if ctx.rng.random() >= spec["share_with_goals"]:
            continue
        for back in range(spec["months"]):
            value = ctx.rng.randint(*spec["closed_value"]) // 250 * 250
            db.session.add(Goal(
                member_id=member.id, group_id=group.id, month=_month_back(this_month, back),
                referrals_given=ctx.rng.randint(*spec["referrals_given"]),
                one_to_ones=ctx.rng.randint(*spec["one_to_ones"]),
                visitors=ctx.rng.randint(*spec["visitors"]), closed_value=Decimal(value)))


def _to_confirm(ctx: DemoContext, spec: dict) -> None:
    """A couple of one-to-ones others recorded with the demo sign-in, waiting for a tap."""
    person = next(p for p in PEOPLE if p.key == DEMO_SIGN_IN)
    me = ctx.members[person.key]
    for membership in me.active_memberships[:1]:
        group = membership.group
        recorded = dict(db.session.execute(
            sa.select(OneToOne.member_id, sa.func.count(OneToOne.id))
            .where(OneToOne.group_id == group.id).group_by(OneToOne.member_id)).all())
        # Members with room for one more (the demo gives each at most 12 a year).
        others = sorted((m.member for m in group.memberships
                         if m.active and m.member_id != me.id
                         and recorded.get(m.member_id, 0) < 12), key=lambda m: m.id)
        for n, other in enumerate(ctx.rng.sample(others, min(spec["count"], len(others)))):
            created = ctx.days_ago(n + 1, hour=16)
            met_on = created.date() - timedelta(days=max(0, created.weekday() - 4))
            meeting = OneToOne(group=group, member=other, partner=me,
                               met_on=met_on, created_at=created,
                               notes="Coffee after the meeting.")
            db.session.add(meeting)
            db.session.flush()
            db.session.add(Notification(
                member_id=me.id, one_to_one_id=meeting.id, kind="one_to_one",
                created_at=created,
                text=f"{other.name} recorded a one-to-one with you on {met_on:%-d %b} in "
                     f"{group.name}. Confirm it so it counts for both of you."))
