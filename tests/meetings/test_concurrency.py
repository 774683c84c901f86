"""Two (or eight) tablets at once: real parallel requests against a live server."""

from __future__ import annotations

import http.cookiejar
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.models import Attendance
from tests import factories
from tests.live import live_server
from tests.meetings.helpers import base, meeting_of


@pytest.fixture
def server(app, database_url) -> Iterator[str]:
    """The app served on a free port by threads of its own (:func:`tests.live.live_server`)."""
    with live_server(database_url) as base_url:
        yield base_url


def signed_in(url: str, member) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    opener.open(f"{url}/auth/signin", data=urllib.parse.urlencode(
        {"email": member.email, "password": factories.PASSWORD}).encode(), timeout=20)
    return opener


def post_all_at_once(openers, url: str, data: dict) -> list[int]:
    return post_each_at_once([(opener, url) for opener in openers], data)


def post_each_at_once(posts: list[tuple[urllib.request.OpenerDirector, str]], data: dict,
                      ) -> list[int]:
    """Each (opener, url) posts ``data`` at the same moment; their status codes."""
    barrier = threading.Barrier(len(posts))
    codes: list[int] = []

    def post(opener, url):
        request = urllib.request.Request(url, data=urllib.parse.urlencode(data).encode(),
                                         headers={"X-Requested-With": "fetch"})
        barrier.wait()
        try:
            codes.append(opener.open(request, timeout=30).status)
        except urllib.error.HTTPError as error:
            codes.append(error.code)

    threads = [threading.Thread(target=post, args=pair) for pair in posts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return codes


def test_parallel_taps_on_one_member_record_one_change(world, server):
    meeting = meeting_of(world.group)
    factories.join(world.group, world.other_organizer, "organizer")
    db.session.commit()
    tablets = [signed_in(server, world.organizer), signed_in(server, world.other_organizer)] * 3
    url = f"{server}{base(world.group)}/{meeting.id}/roll/{world.alice.id}"
    codes = post_all_at_once(tablets, url, {"seen": ""})
    assert sorted(codes) == [200] + [409] * 5
    rows = db.session.scalars(sa.select(Attendance)).all()
    assert [(r.member_id, r.status) for r in rows] == [(world.alice.id, "present")]
    codes = post_all_at_once(tablets, url, {"seen": "present"})
    assert sorted(codes) == [200] + [409] * 5
    db.session.expire_all()
    assert db.session.scalar(sa.select(Attendance.status)) == "late"
    db.session.refresh(meeting)
    assert meeting.shown_version == 2  # the two marks that were stored, no more


def test_parallel_marks_of_different_members_each_reach_the_screens(world, server):
    """Each stored mark counts one change of what the live screens show, however many
    tablets store one at the same moment (an atomic increment, no lost update)."""
    meeting = meeting_of(world.group)
    members = [factories.make_member(f"Parallel Member {i}") for i in range(6)]
    for member in members:
        factories.join(world.group, member)
    db.session.commit()
    tablet = signed_in(server, world.organizer)
    roll = f"{server}{base(world.group)}/{meeting.id}/roll"
    codes = post_each_at_once([(tablet, f"{roll}/{m.id}") for m in members], {"seen": ""})
    assert codes == [200] * len(members)
    db.session.refresh(meeting)
    assert meeting.shown_version == len(members)


def test_parallel_console_taps_advance_once(world, server):
    meeting = meeting_of(world.group)
    tablets = [signed_in(server, world.organizer) for _ in range(4)]
    url = f"{server}{base(world.group)}/{meeting.id}/console"
    assert sorted(post_all_at_once(tablets, url, {"action": "start", "version": 0})) == [
        200, 409, 409, 409]
    db.session.refresh(meeting)
    version = meeting.live_version
    codes = post_all_at_once(tablets, url, {"action": "item", "index": 1, "version": version})
    assert sorted(codes) == [200, 409, 409, 409]
    db.session.refresh(meeting)
    assert (meeting.item_index, meeting.live_version) == (1, version + 1)
