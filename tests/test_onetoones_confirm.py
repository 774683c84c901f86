"""Confirmed one-to-ones: one tap from the notification, merging two records of the same
meeting, expiry after 30 days, declining, private notes on both sides, who may confirm,
the rate limit, and confirming twice at once (real parallel requests)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from partner_net import clock
from partner_net.extensions import db
from partner_net.models import Notification, OneToOne
from partner_net.onetoones import service
from tests.live import Browser, statuses_at_once

NOW = datetime(2030, 3, 20, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def fixed_now(set_now):
    set_now(NOW)


def url(world, suffix: str = "") -> str:
    return f"/g/{world.group.slug}/one-to-ones{suffix}"


def record(client, world, partner, days_ago=2, notes=""):
    return client.post(url(world), data={
        "partner": partner.id, "met_on": (TODAY - timedelta(days=days_ago)).isoformat(),
        "notes": notes})


def rows() -> list[OneToOne]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OneToOne).order_by(OneToOne.id)))


def test_recording_notifies_the_partner_who_confirms_with_one_tap(client, auth, world):
    auth.login(world.alice)
    response = record(client, world, world.bob, notes="Alice's private note")
    assert response.status_code == 302
    flash = client.get(url(world)).get_data(as_text=True)
    assert "counts once" in flash and "Waiting for Bob" in flash
    [meeting] = rows()
    assert meeting.confirmed_at is None
    assert service.counted_in_group(world.group.id, TODAY - timedelta(days=9), TODAY) == []
    auth.logout()

    auth.login(world.bob)
    page = client.get("/notifications").get_data(as_text=True)
    assert "Alice Archer recorded a one-to-one with you" in page
    assert f"/one-to-ones/{meeting.id}/confirm" in page
    dashboard = client.get(f"/g/{world.group.slug}/").get_data(as_text=True)
    assert "One-to-ones to confirm (1)" in dashboard
    assert "Alice's private note" not in page + dashboard
    response = client.post(url(world, f"/{meeting.id}/confirm"),
                           data={"next": "/notifications"})
    assert response.status_code == 302 and response.location.endswith("/notifications")
    [meeting] = rows()
    assert meeting.confirmed_at == NOW
    assert sorted(service.counted_in_group(world.group.id, TODAY - timedelta(days=9),
                                           TODAY)) == sorted(
        [(world.alice.id, meeting.met_on), (world.bob.id, meeting.met_on)])
    assert "Alice's private note" not in client.get(url(world)).get_data(as_text=True)
    # Alice hears of it; Bob's notification is read.
    assert db.session.scalar(sa.select(Notification.text).filter_by(
        member_id=world.alice.id, kind="one_to_one_confirmed")).startswith("Bob Baker confirmed")
    assert db.session.scalar(sa.select(Notification.read_at).filter_by(
        member_id=world.bob.id, kind="one_to_one")) is not None
    # A second tap says so and changes nothing.
    again = client.post(url(world, f"/{meeting.id}/confirm"), follow_redirects=True)
    assert again.history[0].status_code == 303  # a page the browser follows, not a bare 409
    assert "already confirmed" in again.get_data(as_text=True)


def test_recording_the_same_meeting_merges_the_two_records(client, auth, world):
    auth.login(world.alice)
    record(client, world, world.bob, days_ago=2, notes="Alice: Bob wants fleets")
    auth.logout()
    auth.login(world.bob)
    response = record(client, world, world.alice, days_ago=1, notes="Bob: Alice likes roofs")
    assert response.status_code == 302
    page = client.get(url(world)).get_data(as_text=True)
    assert "the two records are one now" in page
    [meeting] = rows()
    assert meeting.confirmed_at is not None
    assert (meeting.notes, meeting.partner_notes) == ("Alice: Bob wants fleets",
                                                      "Bob: Alice likes roofs")
    assert "Bob: Alice likes roofs" in page and "Alice: Bob wants fleets" not in page
    auth.logout()
    auth.login(world.alice)
    page = client.get(url(world)).get_data(as_text=True)
    assert "Alice: Bob wants fleets" in page and "Bob: Alice likes roofs" not in page
    assert "Confirmed" in page


def test_a_meeting_a_week_apart_is_another_meeting(client, auth, world):
    auth.login(world.alice)
    record(client, world, world.bob, days_ago=10)
    auth.logout()
    auth.login(world.bob)
    record(client, world, world.alice, days_ago=2)
    assert [m.confirmed_at for m in rows()] == [None, None]


def test_recording_twice_records_once(client, auth, world):
    auth.login(world.alice)
    record(client, world, world.bob)
    record(client, world, world.bob)
    assert len(rows()) == 1
    assert "already recorded" in client.get(url(world)).get_data(as_text=True)


def test_unconfirmed_one_to_ones_expire_after_30_days(client, auth, world, set_now):
    auth.login(world.alice)
    record(client, world, world.bob)
    [meeting] = rows()
    set_now(NOW + timedelta(days=service.EXPIRY_DAYS, seconds=1))
    assert "Not confirmed, expired" in client.get(url(world)).get_data(as_text=True)
    auth.logout()
    auth.login(world.bob)
    assert "One-to-ones to confirm" not in client.get(
        f"/g/{world.group.slug}/").get_data(as_text=True)
    response = client.post(url(world, f"/{meeting.id}/confirm"))
    assert response.status_code == 303
    assert rows()[0].confirmed_at is None


def test_the_partner_can_say_it_did_not_happen(client, auth, world):
    auth.login(world.alice)
    record(client, world, world.bob)
    [meeting] = rows()
    auth.logout()
    auth.login(world.bob)
    assert client.post(url(world, f"/{meeting.id}/decline")).status_code == 302
    assert rows()[0].declined_at is not None
    assert client.post(url(world, f"/{meeting.id}/confirm")).status_code == 303
    auth.logout()
    auth.login(world.alice)
    assert "Bob said it did not happen" in client.get(url(world)).get_data(as_text=True)


@pytest.mark.parametrize("who", ["alice", "organizer", "other_organizer", "outsider"])
def test_only_the_partner_may_confirm(client, auth, world, who):
    """The recorder, an organizer of the group, another group's organizer, a stranger."""
    auth.login(world.alice)
    record(client, world, world.bob)
    [meeting] = rows()
    auth.logout()
    auth.login(getattr(world, who))
    for action in ("confirm", "decline"):
        assert client.post(url(world, f"/{meeting.id}/{action}")).status_code == 404
    assert rows()[0].confirmed_at is None and rows()[0].declined_at is None


def test_anonymous_cannot_confirm(client, world):
    response = client.post(url(world, "/1/confirm"))
    assert response.status_code == 302 and "/auth/signin" in response.location


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True,
                                         "ONE_TO_ONE_RATE_LIMIT": "3 per hour"}])
def test_recording_is_rate_limited(client, auth, world, fresh_g):
    auth.login(world.alice)
    for days in range(3):
        assert record(client, world, world.bob, days_ago=days * 5).status_code == 302
    response = record(client, world, world.bob, days_ago=20)
    assert response.status_code == 429
    assert len(rows()) == 3


def test_confirming_twice_at_once_confirms_once(live, world, monkeypatch):  # noqa: F811
    monkeypatch.setattr(clock, "now", lambda: datetime.now(UTC))
    meeting = OneToOne(group=world.group, member=world.alice, partner=world.bob,
                       met_on=datetime.now(UTC).date())
    db.session.add(meeting)
    db.session.commit()
    browsers = [Browser(live, world.bob) for _ in range(6)]
    path = url(world, f"/{meeting.id}/confirm")
    statuses = statuses_at_once([lambda b=b: b.post(path, {}) for b in browsers])
    assert sorted(statuses) == [302] + [303] * 5, statuses
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification).filter_by(
        kind="one_to_one_confirmed")) == 1


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_confirming_needs_the_csrf_token(client, world):
    meeting = OneToOne(group=world.group, member=world.alice, partner=world.bob, met_on=TODAY,
                       created_at=NOW)
    db.session.add(meeting)
    db.session.commit()
    page = client.get("/auth/signin").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/auth/signin", data={"email": world.bob.email, "password": "correct horse battery",
                                      "csrf_token": token})
    assert client.post(url(world, f"/{meeting.id}/confirm")).status_code == 400
    assert rows()[0].confirmed_at is None
    page = client.get(url(world)).get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    assert client.post(url(world, f"/{meeting.id}/confirm"),
                       data={"csrf_token": token}).status_code == 302
    assert rows()[0].confirmed_at is not None


def test_each_listed_one_to_one_names_the_other_member_from_either_side(client, auth, world):
    """The list reads plain rows with the other member joined from the viewer's side:
    the recorder sees the partner, the partner sees the recorder, with their own page."""
    auth.login(world.alice)
    record(client, world, world.bob, days_ago=3, notes="Alice's own")
    page = client.get(url(world)).get_data(as_text=True)
    row = page[page.index('class="o2o-list"'):]
    assert f'/members/{world.bob.id}">{world.bob.name}</a>' in row
    assert f">{world.alice.name}</a>" not in row and "Waiting for Bob" in row
    auth.logout()
    auth.login(world.bob)
    page = client.get(url(world)).get_data(as_text=True)
    row = page[page.index('class="o2o-list"'):]
    assert f'/members/{world.alice.id}">{world.alice.name}</a>' in row
    assert "Alice recorded it; confirm?" in row and "Alice's own" not in row
