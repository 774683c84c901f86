"""Meetings from the schedule, one-offs, moving and cancelling (members are told)."""

from __future__ import annotations

from datetime import date, time

import pytest
import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.meetings import schedule
from partner_net.models import Meeting, Notification
from tests.meetings.helpers import NEXT, NOW, base, meeting_of


@pytest.fixture(autouse=True)
def fixed_now(set_now):
    set_now(NOW)


def test_the_next_eight_weeks_in_the_groups_zone(world, auth, client):
    auth.login(world.alice)
    page = client.get(base(world.group))
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "The next 8 meetings" in text
    assert "Wed 25 Nov, 07:00" in text and "Wed 13 Jan, 07:00" in text
    slots = schedule.upcoming(world.group)
    assert [s.scheduled_on for s in slots][:2] == [date(2026, 11, 25), date(2026, 12, 2)]
    # 07:00 in London in winter is 07:00 UTC; in Sydney the same wall-clock time is the
    # evening before in UTC.
    assert slots[0].starts_at.hour == 7
    world.group.timezone = "Australia/Sydney"
    assert schedule.local_start(world.group, NEXT).day == 24


def test_a_meeting_is_made_once_when_first_opened(world, auth, client):
    auth.login(world.alice)
    for _ in range(2):
        assert client.get(f"{base(world.group)}/{NEXT.isoformat()}").status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 1
    assert client.get(f"{base(world.group)}/2026-11-26").status_code == 404  # not a Wednesday
    assert client.get(f"{base(world.group)}/not-a-date").status_code == 404
    assert client.get(f"{base(world.group)}/9999-11-25").status_code == 404


def test_only_members_see_meetings(world, auth, client):
    url = f"{base(world.group)}/{NEXT.isoformat()}"
    assert client.get(url).status_code == 302  # to sign in
    auth.login(world.other_organizer)
    assert client.get(url).status_code == 404
    assert client.get(base(world.group)).status_code == 404


def test_moving_tells_every_member_on_the_site_and_by_email(world, auth, client, caplog):
    meeting = meeting_of(world.group)
    auth.login(world.organizer)
    caplog.set_level("INFO")
    response = client.post(f"{base(world.group)}/{NEXT.isoformat()}/move", data={
        "day": "2026-11-26", "at": "08:00", "place": "The Old Library",
        "note": "The hotel is closed"})
    assert response.status_code == 302
    db.session.refresh(meeting)
    assert meeting.scheduled_on == NEXT  # keeps its slot, so the schedule makes no second one
    assert meeting.starts_at.isoformat() == "2026-11-26T08:00:00+00:00"
    notices = db.session.scalars(sa.select(Notification).filter_by(kind="meeting")).all()
    assert sorted(n.member_id for n in notices) == sorted([world.alice.id, world.bob.id])
    assert "The Old Library" in notices[0].text
    assert caplog.text.count("Meeting moved") >= 2
    assert {n.meeting_id for n in notices} == {meeting.id}
    auth.logout()
    auth.login(world.alice)
    page = client.get("/notifications").get_data(as_text=True)
    assert f'href="{base(world.group)}/{NEXT.isoformat()}"' in page  # opens the meeting
    listed = schedule.upcoming(world.group)
    assert [s.scheduled_on for s in listed].count(NEXT) == 1


def test_members_cannot_move_or_cancel(world, auth, client):
    meeting_of(world.group)
    auth.login(world.alice)
    url = f"{base(world.group)}/{NEXT.isoformat()}"
    assert client.post(f"{url}/cancel", data={"note": "x"}).status_code == 403
    assert client.post(f"{url}/move", data={"day": "2026-11-26", "at": "08:00"}).status_code == 403


def test_cancel_and_one_off(world, auth, client):
    meeting = meeting_of(world.group)
    auth.login(world.organizer)
    url = f"{base(world.group)}/{NEXT.isoformat()}"
    assert client.post(f"{url}/cancel", data={"note": ""}).status_code == 200  # reason needed
    assert client.post(f"{url}/cancel", data={"note": "Storm warning"}).status_code == 302
    db.session.refresh(meeting)
    assert meeting.cancelled
    assert "Cancelled" in client.get(base(world.group)).get_data(as_text=True)
    again = client.post(f"{url}/cancel", data={"note": "Twice"})
    assert "cancelled meanwhile" in again.get_data(as_text=True)

    added = client.post(f"{base(world.group)}/new", data={
        "day": "2026-11-27", "at": "12:30", "place": "Quay Café", "note": "Christmas lunch"})
    assert added.status_code == 302
    one_off = db.session.scalar(sa.select(Meeting).filter_by(scheduled_on=date(2026, 11, 27)))
    assert one_off.one_off and one_off.place == "Quay Café"
    clash = client.post(f"{base(world.group)}/new", data={
        "day": "2026-12-02", "at": "12:30", "place": "", "note": ""})
    assert "already meets" in clash.get_data(as_text=True)
    past = client.post(f"{base(world.group)}/new", data={
        "day": "2026-01-01", "at": "12:30", "place": "", "note": ""})
    assert "from today on" in past.get_data(as_text=True)


@pytest.mark.parametrize("data", [
    {"day": "2026-13-01", "at": "08:00"}, {"day": "2026-11-26", "at": "25:99"},
    {"day": "2026-11-26", "at": "08:00", "place": "x\x00y"},
    {"day": "2026-11-26", "at": "08:00", "note": "n" * 301},
])
def test_bad_input_is_a_form_error_not_a_crash(world, auth, client, data):
    meeting_of(world.group)
    auth.login(world.organizer)
    response = client.post(f"{base(world.group)}/{NEXT.isoformat()}/move", data=data)
    assert response.status_code == 200
    assert "error" in response.get_data(as_text=True)


def test_local_start_uses_the_groups_time(world):
    assert schedule.local_start(world.group, NEXT, time(7)).isoformat() == \
        "2026-11-25T07:00:00+00:00"
