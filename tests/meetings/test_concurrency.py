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
from werkzeug.serving import make_server

from partner_net import create_app
from partner_net.extensions import db
from partner_net.models import Attendance
from tests import factories
from tests.conftest import base_config
from tests.meetings.helpers import base, meeting_of


@pytest.fixture
def server(app, database_url) -> Iterator[str]:
    live_app = create_app(base_config(database_url, SERVER_NAME=None))
    httpd = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(timeout=10)
        httpd.server_close()
        with live_app.app_context():
            db.session.remove()
            db.engine.dispose()


def signed_in(url: str, member) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    opener.open(f"{url}/auth/signin", data=urllib.parse.urlencode(
        {"email": member.email, "password": factories.PASSWORD}).encode(), timeout=20)
    return opener


def post_all_at_once(openers, url: str, data: dict) -> list[int]:
    barrier = threading.Barrier(len(openers))
    codes: list[int] = []

    def post(opener):
        request = urllib.request.Request(url, data=urllib.parse.urlencode(data).encode(),
                                         headers={"X-Requested-With": "fetch"})
        barrier.wait()
        try:
            codes.append(opener.open(request, timeout=30).status)
        except urllib.error.HTTPError as error:
            codes.append(error.code)

    threads = [threading.Thread(target=post, args=(o,)) for o in openers]
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
