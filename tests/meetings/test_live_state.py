"""The console and the room screen show what changed at their next poll, and a poll that
already shows the current state is answered without building it again."""

from __future__ import annotations

from decimal import Decimal

import pytest

from partner_net.domain.attendance import Mark
from partner_net.extensions import db
from partner_net.meetings import live, referral_round, rollcall, shown, visitors
from partner_net.referrals.service import Prospect
from tests.meetings.helpers import NOW, base, meeting_of
from tests.meetings.test_live_queries import counted


@pytest.fixture(autouse=True)
def fixed_now(set_now):
    set_now(NOW)


def state(client, group, meeting, screen: str = "console", since: str | None = None):
    query = "" if since is None else f"?since={since}"
    return client.get(f"{base(group)}/{meeting.id}/{screen}/state{query}").json


def test_a_roll_call_mark_reaches_the_console_at_its_next_poll(world, auth, client):
    """The screens swap in the state only when its version moved: a mark changed the
    figures ("1 of 3 members marked in the room") but not the version, so the console
    kept saying 0."""
    meeting = meeting_of(world.group)
    auth.login(world.organizer)
    before = state(client, world.group, meeting)
    assert "0 of 3 members marked in the room" in before["html"]
    client.post(f"{base(world.group)}/{meeting.id}/roll/{world.alice.id}", data={"seen": ""})
    after = state(client, world.group, meeting, since=before["version"])
    assert after["version"] != before["version"]
    assert "1 of 3 members marked in the room" in after["html"]


def ask(world, meeting):
    live.save_ask(meeting, world.alice, "An introduction to a hotel manager")


def substitute(world, meeting):
    rollcall.set_mark(meeting, world.alice, "", Mark.SUBSTITUTE, world.organizer)
    db.session.commit()
    before = shown.state_version(meeting)
    assert rollcall.name_substitute(meeting, world.alice, "Sam Stand-in", "")
    assert shown.state_version(meeting) != before


def slip(world, meeting):
    referral_round.pass_slip(meeting, world.alice, world.bob, Prospect(
        name="Pat Prospect", need="A new roof"), False, "slip-token-0000001", world.organizer)


def closed(world, meeting):
    referral_round.thank_for_business(meeting, world.alice, world.bob, Decimal("250"), "",
                                      "closed-token-00001", world.organizer)


def visitor(world, meeting):
    added = visitors.add(meeting, visitors.NewVisitor(name="Vic Visitor",
                                                      email="vic@example.com"),
                         self_registered=False, form_token=None)
    db.session.commit()
    before = shown.state_version(meeting)
    assert visitors.set_status(added, added.status, "present")
    assert shown.state_version(meeting) != before


@pytest.mark.parametrize("change", [ask, substitute, slip, closed, visitor])
def test_every_change_the_screens_show_moves_the_version(world, change):
    meeting = meeting_of(world.group)
    before = shown.state_version(meeting)
    change(world, meeting)
    db.session.commit()
    assert shown.state_version(meeting) != before


@pytest.mark.parametrize("screen", ["console", "room"])
def test_a_poll_that_shows_the_current_state_gets_the_version_alone(world, auth, client,
                                                                   screen):
    meeting = meeting_of(world.group)
    auth.login(world.organizer)
    full = state(client, world.group, meeting, screen)
    with counted() as statements:
        same = state(client, world.group, meeting, screen, since=full["version"])
    assert same == {"version": full["version"]}
    with counted() as built:
        stale = state(client, world.group, meeting, screen, since="0.-1")
    assert stale["html"] == full["html"] and len(statements) < len(built)


def test_an_ask_written_changed_and_removed_moves_the_version_each_time(world):
    meeting = meeting_of(world.group)
    seen = [shown.state_version(meeting)]
    for text in ("A hotel manager", "A hotel manager in Leeds", "", ""):
        live.save_ask(meeting, world.alice, text)
        db.session.commit()
        seen.append(shown.state_version(meeting))
    assert len(set(seen[:4])) == 4  # written, changed, removed: three moves
    assert seen[4] == seen[3]  # removing what is not there changes nothing


@pytest.mark.parametrize("screen", ["console", "room"])
def test_knowing_the_version_opens_no_door(world, auth, client, screen):
    """The unchanged-state answer comes after the same checks as the full one: signed
    out, another group's organizer, and (for the console) a plain member get nothing."""
    meeting = meeting_of(world.group)
    version = shown.state_version(meeting)
    url = f"{base(world.group)}/{meeting.id}/{screen}/state?since={version}"
    assert client.get(url).status_code == 302  # to sign in
    auth.login(world.other_organizer)
    assert client.get(url).status_code == 404
    auth.logout()
    auth.login(world.alice)
    assert client.get(url).status_code == (403 if screen == "console" else 200)
