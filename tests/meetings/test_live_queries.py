"""The live pages poll every few seconds: their SQL must not grow with the group, and the
meeting clock must say how far behind the agenda the room is."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.meetings import live
from partner_net.models import Attendance, Visitor, WeeklyAsk
from tests import factories
from tests.meetings.helpers import NOW, base, meeting_of


@pytest.fixture(autouse=True)
def fixed_now(set_now):
    set_now(NOW)


@contextmanager
def counted():
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


def grow(world, meeting, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        member = factories.make_member(f"Extra Member {i:02d}")
        factories.join(world.group, member)
        db.session.add_all([
            Attendance(meeting_id=meeting.id, member_id=member.id, status="present"),
            WeeklyAsk(meeting_id=meeting.id, member_id=member.id, text="A bakery"),
            Visitor(meeting_id=meeting.id, name=f"Guest {i}", invited_by_id=member.id,
                    status="present", email=f"g{i}@example.com")])
    db.session.commit()


def polls(client, group, meeting) -> int:
    with counted() as statements:
        client.get(f"{base(group)}/{meeting.id}/room/state")
        client.get(f"{base(group)}/{meeting.id}/console/state")
    return len(statements)


def test_polling_costs_the_same_for_5_or_45_members(world, auth, client):
    meeting = meeting_of(world.group)
    auth.login(world.organizer)
    client.post(f"{base(world.group)}/{meeting.id}/console", data={"action": "start",
                                                                   "version": 0})
    db.session.refresh(meeting)
    visitors_at = next(i for i, item in enumerate(meeting.agenda) if item["kind"] == "visitors")
    client.post(f"{base(world.group)}/{meeting.id}/console", data={
        "action": "item", "index": visitors_at, "version": meeting.live_version})
    grow(world, meeting, 2)
    small = polls(client, world.group, meeting)
    grow(world, meeting, 40, start=2)
    assert polls(client, world.group, meeting) == small


def test_the_meeting_clock_against_the_agenda(world, set_now):
    meeting = meeting_of(world.group)
    live.start(meeting, meeting.live_version)
    db.session.commit()
    agenda = live.agenda_of(meeting)
    set_now(meeting.started_at + timedelta(minutes=agenda[0].minutes + 4))
    clock = live.running_clock(meeting)
    assert clock.item_budget == agenda[0].minutes * 60
    assert clock.behind == 4 * 60  # still on the first item, four minutes over its budget
    live.go_to_item(meeting, meeting.live_version, 1)
    set_now(meeting.item_started_at + timedelta(minutes=1))
    assert live.running_clock(meeting).behind == 5 * 60 - 60  # 4 over, then 1 into item 2
