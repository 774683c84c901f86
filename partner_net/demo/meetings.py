"""Twelve weeks of demo meetings per group: attendance with lates, absences and
substitutes, visitors and their follow-up, weekly asks, featured speakers, the referrals
passed in each meeting and thank-yous for closed business. Content in ``meetings.toml``.

Written straight to the models, seeded by the loader's random source; runs after the
referrals (whose week decides in which meeting each was passed).
"""

from __future__ import annotations

import random
import secrets
import tomllib
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from partner_net.domain.rotation import alphabetical, starter_after
from partner_net.extensions import db
from partner_net.meetings.rules import defaults
from partner_net.meetings.schedule import local_start, schedule_dates
from partner_net.models import (
    Attendance,
    ClosedBusiness,
    Group,
    Meeting,
    MeetingSlip,
    Member,
    Referral,
    Visitor,
    WeeklyAsk,
)
from partner_net.referrals.pipeline import Status

if TYPE_CHECKING:
    from partner_net.demo.loader import DemoContext

WEEKS = 12
CONTENT = Path(__file__).with_name("meetings.toml")
#: Chances of each mark for a member at a demo meeting (the rest: present).
MARKS = (("late", 0.06), ("absent", 0.05), ("medical", 0.02), ("substitute", 0.05))


@cache
def content() -> dict:
    return tomllib.loads(CONTENT.read_text(encoding="utf-8"))


def add_meetings(ctx: DemoContext) -> None:
    """Step for the demo loader."""
    for group in ctx.groups.values():
        members = sorted((m.member for m in group.memberships if m.active), key=lambda m: m.id)
        _add_group_meetings(ctx.rng, ctx.today, group, members)
    db.session.flush()


def _add_group_meetings(rng: random.Random, today: datetime, group: Group,
                        members: list[Member]) -> None:
    data = content()
    first = today.date() - timedelta(weeks=WEEKS)
    days = [d for d in schedule_dates(group, first, WEEKS + 1) if d < today.date()][-WEEKS:]
    speakers = sorted(members, key=lambda m: (m.membership_in(group).joined_at, m.id))
    previous = None
    visitors = list(data["visitors"])
    rng.shuffle(visitors)
    for week, day in enumerate(days):
        starter = starter_after(alphabetical((m.id, m.name) for m in members), previous)
        previous = starter
        starts = local_start(group, day)
        agenda = [item.as_dict() for item in defaults().agenda]
        meeting = Meeting(
            group=group, scheduled_on=day, starts_at=starts, place=group.meeting_place,
            registration_token=secrets.token_urlsafe(24), agenda=agenda,
            speaking_seconds=defaults().speaking_seconds, round_starter_id=starter.id,
            speaker_id=speakers[week % len(speakers)].id,
            speaker_topic=data["speaker_topics"][week % len(data["speaker_topics"])],
            education_topic=data["education_topics"][week % len(data["education_topics"])],
            highlights=rng.choice(data["highlights"]) if rng.random() < 0.5 else "",
            started_at=starts, ended_at=starts + timedelta(minutes=sum(
                i["minutes"] for i in agenda) + rng.randint(-5, 10)),
            item_index=len(agenda) - 1, report_sent_at=starts + timedelta(hours=2),
            created_at=starts - timedelta(days=7),
        )
        db.session.add(meeting)
        db.session.flush()
        _attendance(rng, meeting, members, data)
        _asks(rng, meeting, members, data, share=0.6)
        _visitors(rng, meeting, members, visitors, data, week)
        _slips_and_thanks(rng, meeting, group, day)
    upcoming = schedule_dates(group, today.date(), 1)[0]
    following = Meeting(group=group, scheduled_on=upcoming, starts_at=local_start(group, upcoming),
                        place=group.meeting_place, registration_token=secrets.token_urlsafe(24),
                        created_at=today)
    db.session.add(following)
    db.session.flush()
    _asks(rng, following, members, data, share=0.4)


def _attendance(rng: random.Random, meeting: Meeting, members: list[Member], data: dict) -> None:
    for member in members:
        roll, mark = rng.random(), "present"
        for name, chance in MARKS:
            if roll < chance:
                mark = name
                break
            roll -= chance
        sub_name, sub_business = rng.choice(data["substitutes"]) if mark == "substitute" \
            else ("", "")
        db.session.add(Attendance(meeting_id=meeting.id, member_id=member.id, status=mark,
                                  substitute_name=sub_name, substitute_business=sub_business,
                                  updated_at=meeting.starts_at))


def _asks(rng: random.Random, meeting: Meeting, members: list[Member], data: dict,
          share: float) -> None:
    for member in members:
        if rng.random() < share and member.ideal_clients:
            title = rng.choice(member.ideal_clients).title
            text = rng.choice(data["ask_templates"]).format(title=title[:1].lower() + title[1:])
            db.session.add(WeeklyAsk(meeting_id=meeting.id, member_id=member.id, text=text[:300],
                                     updated_at=meeting.starts_at - timedelta(days=1)))


def _visitors(rng: random.Random, meeting: Meeting, members: list[Member], pool: list[dict],
              data: dict, week: int) -> None:
    for n in range(rng.choice((0, 1, 1, 2))):
        spec = pool[(week * 2 + n) % len(pool)]
        status = rng.choice(["followed_up", "followed_up", "joined", "not_interested",
                             "present"])
        notes = data["follow_up"].get(status, [""])
        db.session.add(Visitor(
            meeting_id=meeting.id, name=spec["name"], business=spec["business"],
            category=spec["category"], invited_by=rng.choice(members),
            email=f"{spec['name'].split()[0].lower()}.{week}@example.net", status=status,
            follow_up_note=rng.choice(notes) if status in data["follow_up"] else "",
            followed_up_at=meeting.starts_at + timedelta(days=2) if status != "present"
            else None, self_registered=rng.random() < 0.5, created_at=meeting.starts_at
            - timedelta(days=rng.randint(1, 6))))


def _slips_and_thanks(rng: random.Random, meeting: Meeting, group: Group, day: date) -> None:
    """The group's referrals made in the week up to the meeting were passed in it."""
    week_start = local_start(group, day - timedelta(days=6))
    referrals = db.session.scalars(sa.select(Referral).where(
        Referral.group_id == group.id, Referral.passed_on_from_id.is_(None),
        Referral.created_at >= week_start, Referral.created_at < meeting.starts_at)).all()
    for referral in referrals:
        db.session.add(MeetingSlip(meeting_id=meeting.id, referral_id=referral.id,
                                   inside=rng.random() < 0.15,
                                   form_token=secrets.token_urlsafe(24),
                                   created_at=meeting.starts_at + timedelta(minutes=70)))
    won = db.session.scalars(sa.select(Referral).where(
        Referral.group_id == group.id, Referral.status == Status.WON,
        Referral.status_changed_at >= week_start,
        Referral.status_changed_at < meeting.starts_at)).all()
    for referral in won:
        db.session.add(ClosedBusiness(
            meeting_id=meeting.id, member_id=referral.receiver_id, thanked_id=referral.giver_id,
            amount=referral.closed_value, currency=referral.closed_currency or group.currency,
            referral_id=referral.id, form_token=secrets.token_urlsafe(24),
            created_at=meeting.starts_at + timedelta(minutes=80)))
