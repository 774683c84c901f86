"""The weekly report, built from what the console recorded (ready as the meeting ends).

Figures, all for this meeting:

- attendance: each active member's mark (unmarked members listed as such);
- visitors, with who invited them;
- referrals passed: the slips of the referral round, by temperature; *inside* means the
  prospect is a member of the group (business between members), *outside* anyone else;
- closed business: the "thank you for closed business" announcements, in the group's
  currency;
- one-to-ones held that week: recorded one-to-ones dated in the seven days ending on the
  meeting's day (after the previous week's meeting, up to this one);
- the featured speaker and topic, the education topic, the highlights.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import NamedTuple

import sqlalchemy as sa
from flask import url_for

from partner_net import clock, formatting
from partner_net.domain.attendance import LABELS as MARK_LABELS
from partner_net.domain.attendance import Mark
from partner_net.emails.reports import send_meeting_report
from partner_net.extensions import db
from partner_net.meetings import referral_round, visitors
from partner_net.models import (
    Attendance,
    ClosedBusiness,
    Meeting,
    Member,
    Membership,
    OneToOne,
    Visitor,
)
from partner_net.referrals.pipeline import TEMPERATURES


class Person(NamedTuple):
    """What the report shows of a member (plain columns, no entity)."""

    id: int
    name: str
    business: str


_PERSON = (Member.id, Member.name, Member.business)
#: Built once: the group's active members, and those marked at the meeting, as people.
_ACTIVE = (sa.select(*_PERSON).join(Membership, Membership.member_id == Member.id)
           .where(Membership.group_id == sa.bindparam("group_id"), Membership.active,
                  Member.active))
_MARKS = sa.select(Attendance.member_id, Attendance.status, Attendance.substitute_name).where(
    Attendance.meeting_id == sa.bindparam("meeting_id"))
_PEOPLE = sa.select(*_PERSON).where(Member.id.in_(sa.bindparam("ids", expanding=True)))


@dataclass
class AttendanceLine:
    member: Person
    mark: str
    substitute: str = ""

    @property
    def label(self) -> str:
        return MARK_LABELS[Mark(self.mark)] if self.mark else "Not marked"


@dataclass
class Report:
    meeting: Meeting
    attendance: list[AttendanceLine]
    marks: Counter
    visitors: list[Visitor]
    referrals: int
    by_temperature: dict[int, int]
    inside: int
    outside: int
    closed: list[ClosedBusiness]
    closed_total: Decimal
    one_to_ones: int
    speaker: Person | None
    substitutes: list[AttendanceLine] = field(default_factory=list)

    @property
    def in_the_room(self) -> int:
        return self.marks[Mark.PRESENT] + self.marks[Mark.LATE] + self.marks[Mark.SUBSTITUTE]


def build(meeting: Meeting) -> Report:
    people = {row.id: Person(*row) for row in db.session.execute(
        _ACTIVE, {"group_id": meeting.group_id})}
    active = len(people)
    marks = {row.member_id: row for row in db.session.execute(
        _MARKS, {"meeting_id": meeting.id})}
    # Members no longer active who were marked at this meeting still belong in its report;
    # the speaker is read with them when not an active member (one statement, if any).
    wanted = {*marks, meeting.speaker_id} - {None, *people}
    if wanted:
        people.update((row.id, Person(*row)) for row in db.session.execute(
            _PEOPLE, {"ids": sorted(wanted)}))
    shown = [m for i, m in enumerate(people.values()) if i < active or m.id in marks]
    lines = [AttendanceLine(m, marks[m.id].status if m.id in marks else "",
                            marks[m.id].substitute_name if m.id in marks else "")
             for m in sorted(shown, key=lambda m: (m.name.casefold(), m.id))]
    slips = referral_round.slips(meeting)
    temperatures = Counter(s.temperature for s in slips)
    closed = referral_round.closed_business(meeting)
    day = meeting.scheduled_on
    one_to_ones = db.session.scalar(
        sa.select(sa.func.count()).select_from(OneToOne)
        .where(OneToOne.group_id == meeting.group_id, OneToOne.met_on > day - timedelta(days=7),
               OneToOne.met_on <= day, OneToOne.confirmed_at.is_not(None)))  # confirmed only
    return Report(
        meeting=meeting, attendance=lines, marks=Counter(line.mark for line in lines),
        visitors=visitors.of_meeting(meeting), referrals=len(slips),
        by_temperature={level: temperatures.get(level, 0) for level in TEMPERATURES},
        inside=sum(s.inside for s in slips), outside=sum(not s.inside for s in slips),
        closed=closed, closed_total=sum((c.amount for c in closed), Decimal(0)),
        one_to_ones=one_to_ones or 0,
        speaker=people.get(meeting.speaker_id) if meeting.speaker_id is not None else None,
        substitutes=[line for line in lines if line.mark == Mark.SUBSTITUTE],
    )


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_rows(report: Report) -> list[list[object]]:
    group = report.meeting.group
    rows: list[list[object]] = [["section", "name", "business", "detail", "value"]]
    for line in report.attendance:
        rows.append(["attendance", line.member.name, line.member.business, line.label,
                     line.substitute])
    for v in report.visitors:
        invited = v.invited_by.name if v.invited_by else v.invited_by_name
        rows.append(["visitor", v.name, v.business, visitors.KINDS.get(v.kind, v.kind),
                     visitors.STATUSES.get(v.status, v.status)
                     + (f"; invited by {invited}" if invited else "")])
    for c in report.closed:
        rows.append(["closed business", c.member.name, c.member.business,
                     f"thanks {c.thanked.name}", f"{c.amount} {c.currency}"])
    rows += [["summary", "referrals passed", "", "", report.referrals],
             ["summary", "inside referrals", "", "", report.inside],
             ["summary", "outside referrals", "", "", report.outside]]
    rows += [["summary", f"temperature {level}", "", TEMPERATURES[level].split(" —")[0], n]
             for level, n in report.by_temperature.items()]
    rows += [["summary", "closed business", "", group.currency, report.closed_total],
             ["summary", "one-to-ones that week", "", "", report.one_to_ones],
             ["summary", "featured speaker", "", report.meeting.speaker_topic,
              report.speaker.name if report.speaker else ""],
             ["summary", "education", "", "", report.meeting.education_topic]]
    return rows


def to_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in csv_rows(report):
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def email_members(meeting: Meeting) -> int:
    """Email the report's summary and link to every active member, once per meeting.

    Compare-and-set on ``report_sent_at``: two organizers ending the meeting at once send
    it once. Returns how many emails were handed to the mail layer.
    """
    claimed = db.session.execute(
        sa.update(Meeting).where(Meeting.id == meeting.id, Meeting.report_sent_at.is_(None))
        .values(report_sent_at=clock.now()).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        return 0
    report = build(meeting)
    group = meeting.group
    link = url_for("meetings.report", slug=group.slug, meeting_id=meeting.id, _external=True)
    subject = f"{group.name}: meeting report, {formatting.day(meeting.starts_at, group)}"
    return send_meeting_report(group, meeting.scheduled_on, subject=subject, report=report,
                               closed=formatting.money(report.closed_total, group), link=link)


def past_meetings_query(group_id: int):
    """Meetings that were held (ended, or started and long past), newest first."""
    return (sa.select(Meeting)
            .where(Meeting.group_id == group_id, Meeting.cancelled_at.is_(None),
                   Meeting.started_at.is_not(None))
            .order_by(Meeting.scheduled_on.desc()))
