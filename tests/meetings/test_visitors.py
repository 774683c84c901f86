"""Visitors: organizer-added, self-registered without an account, and the abuse cases."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.models import Visitor
from tests.meetings.helpers import NOW, base, meeting_of


@pytest.fixture(autouse=True)
def fixed_now(set_now):
    set_now(NOW)


def register(client, meeting, token="tok-" + "a" * 20, **fields):
    data = {"name": "Vera Visitor", "business": "Vera's Bakery", "category": "Baker",
            "email": "vera@example.com", "phone": "", "form_token": token}
    data.update(fields)
    return client.post(f"/visit/{meeting.registration_token}", data=data)


def test_self_registration_needs_no_account_and_reveals_only_name_place_time(world, client):
    meeting = meeting_of(world.group)
    page = client.get(f"/visit/{meeting.registration_token}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert world.group.name in text and "The Riverside Hotel" in text and "07:00" in text
    for secret in (world.alice.name, world.bob.name, world.organizer.name, "Directory"):
        assert secret not in text
    done = register(client, meeting)
    assert done.status_code == 200 and "you are registered" in done.get_data(as_text=True)
    visitor = db.session.scalar(sa.select(Visitor))
    assert (visitor.status, visitor.self_registered, visitor.email) == (
        "registered", True, "vera@example.com")


def test_duplicates_and_replays_are_refused(world, client):
    meeting = meeting_of(world.group)
    assert register(client, meeting, token="t" * 20).status_code == 200
    assert register(client, meeting, token="t" * 20).status_code == 409  # the same form again
    again = register(client, meeting, token="u" * 20, email="VERA@example.com")
    assert again.status_code == 409 and "already registered" in again.get_data(as_text=True)
    register(client, meeting, token="v" * 20, email="", phone="+44 7700 900123", name="Pat")
    same_phone = register(client, meeting, token="w" * 20, email="", phone="07700-900123 ",
                          name="Pat again")
    assert same_phone.status_code == 200  # different digits: 0 instead of +44
    dup_phone = register(client, meeting, token="x" * 20, email="", phone="+44 (7700) 900 123")
    assert dup_phone.status_code == 409
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Visitor)) == 3


@pytest.mark.parametrize(("fields", "message"), [
    ({"email": "", "phone": ""}, "Give an email or a phone number"),
    ({"name": ""}, "Enter the name"),
    ({"name": "x" * 121}, "under 120"),
    ({"name": "Nul\x00l"}, "control characters"),
    ({"email": "not-an-email"}, "Enter an email"),
    ({"phone": "abc"}, "phone number"),
    ({"form_token": "short"}, "expired"),
])
def test_bad_input_keeps_the_form(world, client, fields, message):
    meeting = meeting_of(world.group)
    response = register(client, meeting, **fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Visitor)) == 0


def test_bad_tokens_and_closed_meetings(world, client, set_now):
    meeting = meeting_of(world.group)
    assert client.get("/visit/nope").status_code == 404
    assert client.get("/visit/" + "z" * 32).status_code == 404
    assert client.get("/visit/" + "z" * 500).status_code == 404
    set_now(meeting.starts_at + timedelta(hours=4))
    closed = register(client, meeting)
    assert closed.status_code == 410 and "has closed" in closed.get_data(as_text=True)
    assert "has closed" in client.get(f"/visit/{meeting.registration_token}").get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Visitor)) == 0


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True,
                                         "VISITOR_REGISTRATION_LIMIT": "5 per minute"}])
def test_a_hundred_submissions_in_a_minute_are_rate_limited(world, client):
    meeting = meeting_of(world.group)
    codes = [register(client, meeting, token=f"flood-{n:04d}-xxxxxxxxxx",
                      email=f"v{n}@example.com").status_code for n in range(100)]
    assert codes.count(200) == 5
    assert codes.count(429) == 95
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Visitor)) == 5


def test_organizer_adds_marks_present_follows_up_and_sees_seat_flags(world, auth, client):
    meeting = meeting_of(world.group)
    auth.login(world.organizer)
    url = f"{base(world.group)}/{meeting.id}/visitors"
    page = client.get(url).get_data(as_text=True)
    assert "/visit/" + meeting.registration_token in page
    form_token = "o" * 24
    added = client.post(url, data={"name": "Rory Roof", "business": "Rory's Roofs",
                                   "category": "roofer", "phone": "01632 960000",
                                   "kind": "visitor", "invited_by": world.bob.id,
                                   "form_token": form_token})
    assert added.status_code == 302
    twice = client.post(url, data={"name": "Rory Roof", "phone": "01632 960001",
                                   "kind": "visitor", "invited_by": 0, "form_token": form_token})
    assert twice.status_code == 400
    visitor = db.session.scalar(sa.select(Visitor))
    assert visitor.invited_by_id == world.bob.id
    page = client.get(url).get_data(as_text=True)
    assert "Alice Archer holds “Roofer”" in page  # exclusive group: the seat is taken
    client.post(f"{url}/{visitor.id}", data={"seen": "registered", "status": "present"})
    db.session.refresh(visitor)
    assert visitor.status == "present"
    stale = client.post(f"{url}/{visitor.id}", data={"seen": "registered", "status": "present"})
    assert stale.status_code == 302
    assert "changed meanwhile" in client.get(url).get_data(as_text=True)
    no_note = client.post(f"{url}/{visitor.id}", data={"seen": "present", "status": "followed_up",
                                                       "note": "", "with_note": "1"})
    assert no_note.status_code == 302
    db.session.refresh(visitor)
    assert visitor.status == "present"
    client.post(f"{url}/{visitor.id}", data={"seen": "present", "status": "joined",
                                             "note": "Applied on Friday", "with_note": "1"})
    db.session.refresh(visitor)
    assert (visitor.status, visitor.follow_up_note) == ("joined", "Applied on Friday")
    assert client.post(f"{url}/999999", data={"seen": "x"}).status_code == 404


def test_qr_code_is_an_svg_of_the_link(world, auth, client):
    meeting = meeting_of(world.group)
    auth.login(world.organizer)
    response = client.get(f"{base(world.group)}/{meeting.id}/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.get_data(as_text=True).lstrip().startswith(("<?xml", "<svg"))
    auth.logout()
    auth.login(world.alice)
    assert client.get(f"{base(world.group)}/{meeting.id}/qr.svg").status_code == 403


def test_the_organizers_list_pages_by_25_and_lands_on_the_new_visitor(world, client, auth):
    from partner_net.meetings import visitors

    meeting = meeting_of(world.group)
    for n in range(30):
        visitors.add(meeting, visitors.NewVisitor(name=f"Guest {n:02d}",
                                                  email=f"g{n}@example.com"),
                     self_registered=False, form_token=None)
    db.session.commit()
    auth.login(world.organizer)
    url = f"{base(world.group)}/{meeting.id}/visitors"
    first = client.get(url).get_data(as_text=True)
    assert "Guest 24" in first and "Guest 25" not in first and "Page 1 of 2" in first
    second = client.get(url, query_string={"page": 2}).get_data(as_text=True)
    assert "Guest 25" in second and "Guest 29" in second and "Guest 00" not in second
    assert client.get(url, query_string={"page": "x"}).status_code == 400
    added = client.post(url, data={"name": "Late Larry", "email": "larry@example.com",
                                   "kind": "visitor", "invited_by": 0,
                                   "form_token": "late-" + "z" * 20})
    assert added.status_code == 302 and "page=2" in added.headers["Location"]
    assert "Late Larry" in client.get(added.headers["Location"]).get_data(as_text=True)
