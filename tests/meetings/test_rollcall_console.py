"""Roll call and the console: taps cycle, stale taps lose cleanly, only organizers drive."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.models import Attendance, Meeting, OutboxMessage, WeeklyAsk
from tests import factories
from tests.meetings.helpers import NEXT, NOW, base, meeting_of

FETCH = {"X-Requested-With": "fetch"}


@pytest.fixture(autouse=True)
def fixed_now(set_now):
    set_now(NOW)


def tap(client, group, meeting, member, seen, **kw):
    return client.post(f"{base(group)}/{meeting.id}/roll/{member.id}", data={"seen": seen}, **kw)


def mark_of(meeting, member):
    return db.session.scalar(sa.select(Attendance.status).filter_by(
        meeting_id=meeting.id, member_id=member.id))


def test_a_tap_cycles_through_the_marks(world, auth, client):
    meeting = meeting_of(world.group)
    auth.login(world.organizer)
    seen = ""
    for expected in ["present", "late", "absent", "medical", "substitute", "present"]:
        response = tap(client, world.group, meeting, world.alice, seen)
        assert response.status_code == 302
        assert response.location.endswith(f"#m{world.alice.id}")
        assert mark_of(meeting, world.alice) == expected
        seen = expected


def test_a_stale_tap_changes_nothing_and_says_so(world, auth, client):
    meeting = meeting_of(world.group)
    auth.login(world.organizer)
    tap(client, world.group, meeting, world.alice, "")  # present
    tap(client, world.group, meeting, world.alice, "present")  # late, from "another tablet"
    stale = tap(client, world.group, meeting, world.alice, "present", headers=FETCH)
    assert stale.status_code == 409
    assert stale.json["status"] == "late"
    assert "changed meanwhile" in stale.json["message"]
    assert mark_of(meeting, world.alice) == "late"
    unmarked_twice = tap(client, world.group, meeting, world.bob, "", headers=FETCH)
    assert unmarked_twice.json["ok"]
    lost = tap(client, world.group, meeting, world.bob, "", headers=FETCH)
    assert lost.status_code == 409 and lost.json["status"] == "present"
    assert tap(client, world.group, meeting, world.bob, "bogus").status_code == 400


def test_a_substitute_is_named_once(world, auth, client):
    meeting = meeting_of(world.group)
    auth.login(world.organizer)
    seen = ""
    for _ in range(5):
        seen = tap(client, world.group, meeting, world.alice, seen, headers=FETCH).json["status"]
    assert seen == "substitute"
    page = client.get(f"{base(world.group)}/{meeting.id}/roll").get_data(as_text=True)
    assert "Substitute&#39;s name" in page or "Substitute's name" in page
    client.post(f"{base(world.group)}/{meeting.id}/roll/{world.alice.id}/substitute",
                data={"substitute_name": "Sam Stand-in", "substitute_business": "Archer Roofing"})
    page = client.get(f"{base(world.group)}/{meeting.id}/roll").get_data(as_text=True)
    assert "Substitute: Sam Stand-in" in page and "Save substitute" not in page


def test_the_roll_shows_the_record_and_warns_before_the_rule_breaks(world, auth, client):
    from datetime import timedelta

    from partner_net.meetings import schedule

    for weeks in (1, 2, 3):  # three absences in the window: one more breaks the rule
        past = schedule.materialise(world.group, NEXT - timedelta(weeks=weeks))
        db.session.add(Attendance(meeting_id=past.id, member_id=world.bob.id, status="absent"))
    db.session.commit()
    meeting = meeting_of(world.group)
    auth.login(world.organizer)
    page = client.get(f"{base(world.group)}/{meeting.id}/roll").get_data(as_text=True)
    assert "3 absent · one more absence breaks the rule" in page


@pytest.mark.parametrize("who", ["anonymous", "alice", "other_organizer"])
def test_only_the_groups_organizers_drive(world, auth, client, who):
    meeting = meeting_of(world.group)
    if who != "anonymous":
        auth.login(getattr(world, who))
    expected = {"anonymous": 302, "alice": 403, "other_organizer": 404}[who]
    for page in ("console", "roll", "visitors", "round"):
        url = f"{base(world.group)}/{meeting.id}/{page}"
        assert client.get(url).status_code == expected, url
    assert tap(client, world.group, meeting, world.bob, "").status_code == expected
    assert client.post(f"{base(world.group)}/{meeting.id}/console",
                       data={"version": 0, "action": "start"}).status_code == expected
    assert mark_of(meeting, world.bob) is None


def test_another_groups_meeting_is_not_found(world, auth, client):
    theirs = meeting_of(world.other_group)
    auth.login(world.organizer)
    assert client.get(f"{base(world.group)}/{theirs.id}/console").status_code == 404
    assert client.get(f"{base(world.group)}/{theirs.id}/room").status_code == 404


def act(client, group, meeting, action, **data):
    db.session.refresh(meeting)
    data.setdefault("version", meeting.live_version)
    return client.post(f"{base(group)}/{meeting.id}/console", data={"action": action, **data},
                       headers=FETCH)


def test_the_console_runs_the_round_in_order_with_asks(world, auth, client):
    carol = factories.make_member("Carol Cooper", business="Cooper Kitchens")
    factories.join(world.group, carol)
    db.session.commit()
    meeting = meeting_of(world.group)
    auth.login(world.alice)
    client.post(f"{base(world.group)}/{NEXT.isoformat()}/ask",
                data={"text": "An introduction to a school bursar"})
    auth.logout()
    auth.login(world.organizer)
    tap(client, world.group, meeting, world.bob, "")
    tap(client, world.group, meeting, world.bob, "present")
    tap(client, world.group, meeting, world.bob, "late")  # Bob is absent: skipped in the round
    assert act(client, world.group, meeting, "start").json["ok"]
    round_index = next(i for i, item in enumerate(meeting.agenda) if item["kind"] == "round")
    assert act(client, world.group, meeting, "item", index=round_index).json["ok"]
    db.session.refresh(meeting)
    order = [world.alice, carol, world.organizer]  # first meeting: alphabetical from the top
    assert meeting.current_speaker_id == order[0].id
    state = client.get(f"{base(world.group)}/{meeting.id}/console").get_data(as_text=True)
    assert "An introduction to a school bursar" in state
    assert "Next up: <strong>Carol Cooper</strong>" in state
    for expected in order[1:]:
        assert act(client, world.group, meeting, "next_speaker").json["ok"]
        db.session.refresh(meeting)
        assert meeting.current_speaker_id == expected.id
    act(client, world.group, meeting, "next_speaker")
    db.session.refresh(meeting)
    assert meeting.current_speaker_id is None  # round complete


def test_a_retried_console_tap_does_not_advance_twice(world, auth, client):
    meeting = meeting_of(world.group)
    auth.login(world.organizer)
    act(client, world.group, meeting, "start")
    db.session.refresh(meeting)
    seen = meeting.live_version
    first = act(client, world.group, meeting, "item", index=2, version=seen)
    again = act(client, world.group, meeting, "item", index=3, version=seen)
    assert first.status_code == 200 and again.status_code == 409
    assert "changed meanwhile" in again.json["message"]
    db.session.refresh(meeting)
    assert meeting.item_index == 2
    assert act(client, world.group, meeting, "item", version=-1).status_code == 409
    assert act(client, world.group, meeting, "launch").status_code == 409


def test_asks_are_editable_until_the_meeting_starts(world, auth, client, set_now):
    meeting = meeting_of(world.group)
    auth.login(world.alice)
    url = f"{base(world.group)}/{NEXT.isoformat()}/ask"
    assert client.post(url, data={"text": "A café owner"}).status_code == 302
    assert client.post(url, data={"text": "A café owner in the old town"}).status_code == 302
    asks = db.session.scalars(sa.select(WeeklyAsk)).all()
    assert [a.text for a in asks] == ["A café owner in the old town"]
    assert client.post(url, data={"text": "x" * 301}).status_code == 400
    assert client.post(url, data={"text": "bad\x00"}).status_code == 400
    set_now(meeting.starts_at)
    late = client.post(url, data={"text": "Too late"})
    assert late.status_code == 409 and "has started" in late.get_data(as_text=True)
    assert db.session.scalar(sa.select(WeeklyAsk.text)) == "A café owner in the old town"


def test_ending_the_meeting_emails_the_report_once(world, auth, client):
    meeting = meeting_of(world.group)
    auth.login(world.organizer)
    act(client, world.group, meeting, "start")
    assert act(client, world.group, meeting, "end").json["ok"]
    db.session.refresh(meeting)
    assert meeting.ended_at is not None and meeting.report_sent_at is not None
    reports = sa.select(sa.func.count(OutboxMessage.id)).filter_by(kind="meeting_report")
    assert db.session.scalar(reports) == 3  # organizer, Alice, Bob
    assert act(client, world.group, meeting, "end").status_code == 409
    assert db.session.scalar(reports) == 3
    assert db.session.scalar(sa.select(Meeting.ended_at)) is not None
