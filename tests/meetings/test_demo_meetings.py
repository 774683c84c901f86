"""The demo's year of meetings: twelve detailed weeks, attendance (and visitors) before."""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa

from partner_net.demo.people import DEMO_PASSWORD
from partner_net.extensions import db
from partner_net.models import Attendance, Meeting, MeetingSlip, Visitor, WeeklyAsk
from tests.test_demo import harbour


def test_twelve_weeks_of_meetings_with_everything_the_report_needs(demo_client, demo_auth):
    group = harbour()
    meetings = db.session.scalars(sa.select(Meeting).filter_by(group_id=group.id)
                                  .order_by(Meeting.scheduled_on)).all()
    held = [m for m in meetings if m.ended_at]
    assert len(held) == 52  # a year of attendance, for member health
    history = [m for m in held if m.agenda is None]
    held = [m for m in held if m.agenda is not None]
    assert len(held) == 12 and len(history) == 40
    assert max(m.scheduled_on for m in history) < min(m.scheduled_on for m in held)
    assert all(m.scheduled_on.weekday() == group.meeting_weekday for m in meetings)
    upcoming = [m for m in meetings if not m.started_at]
    assert len(upcoming) == 1
    active = {m.member_id for m in group.memberships if m.active}
    for meeting in held:
        marked = db.session.scalars(sa.select(Attendance).filter_by(meeting_id=meeting.id)).all()
        assert {a.member_id for a in marked} == active
    marks = Counter(db.session.scalars(sa.select(Attendance.status)))
    assert marks["present"] > marks["late"] > 0 and marks["substitute"] > 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attendance).where(
        Attendance.status == "substitute", Attendance.substitute_name == "")) == 0
    speakers = [m.speaker_id for m in held]
    assert len(set(speakers)) == 12  # no repeat within a round of the rota
    statuses = Counter(db.session.scalars(sa.select(Visitor.status)))
    assert statuses["joined"] + statuses["followed_up"] + statuses["not_interested"] > 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MeetingSlip)) > 12
    assert db.session.scalar(sa.select(sa.func.count()).select_from(WeeklyAsk).where(
        WeeklyAsk.meeting_id == upcoming[0].id)) > 3
    starters = [m.round_starter_id for m in held]
    assert len(set(starters)) == 12  # a different first speaker every week

    organizer = next(m.member for m in group.memberships if m.role == "organizer")
    demo_auth.login(organizer, password=DEMO_PASSWORD)
    page = demo_client.get(f"/g/{group.slug}/meetings/reports")
    assert page.get_data(as_text=True).count("/report\"") == 25  # a page of reports
    report = demo_client.get(f"/g/{group.slug}/meetings/{held[-1].id}/report")
    assert report.status_code == 200 and "Featured speaker" in report.get_data(as_text=True)
    agenda = demo_client.get(f"/g/{group.slug}/meetings/{upcoming[0].scheduled_on.isoformat()}")
    assert agenda.status_code == 200
