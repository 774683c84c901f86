"""Real parallel requests against a running server: one remember-me token redeemed by many
requests at once signs in exactly one of them; one reset link posted many times at once
changes the password once."""

from __future__ import annotations

import http.client
import logging
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode, urlsplit

import pytest
import sqlalchemy as sa

from partner_net.auth import service
from partner_net.auth.sessions import REMEMBER_COOKIE, issue_remember_token
from partner_net.extensions import db
from partner_net.models import Member, RememberToken
from tests.live import live_server

PARALLEL = 12


@pytest.fixture
def live_port(app, database_url: str) -> Iterator[int]:
    with live_server(database_url) as base_url:
        yield urlsplit(base_url).port


def at_once(port: int, method: str, path: str, headers: dict[str, str],
            body: dict[str, str] | None = None) -> list[tuple[int, str, list[str]]]:
    """Send the same request PARALLEL times, released together by a barrier."""
    barrier = threading.Barrier(PARALLEL)

    def send(_: int) -> tuple[int, str, list[str]]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.connect()
        barrier.wait()
        data = urlencode(body) if body is not None else None
        sent = dict(headers)
        if data is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        response.read()
        result = (response.status, response.getheader("Location") or "",
                  response.headers.get_all("Set-Cookie") or [])
        connection.close()
        return result

    with ThreadPoolExecutor(PARALLEL) as pool:
        return list(pool.map(send, range(PARALLEL)))


def test_a_remember_token_presented_at_once_signs_in_exactly_one_request(live_port, world):
    token = issue_remember_token(world.alice)
    db.session.commit()
    results = at_once(live_port, "GET", "/profile", {"Cookie": f"{REMEMBER_COOKIE}={token}"})
    signed_in = [r for r in results if r[0] == 200]
    assert len(signed_in) == 1, [r[:2] for r in results]
    assert all(r[0] == 302 and "/auth/signin" in r[1] for r in results if r[0] != 200)
    new_cookies = [c for r in results for c in r[2] if c.startswith(f"{REMEMBER_COOKIE}=")]
    assert len(new_cookies) == 1 and f"{REMEMBER_COOKIE}=;" not in new_cookies[0]
    db.session.expire_all()
    rows = db.session.scalars(sa.select(RememberToken).filter_by(member_id=world.alice.id)).all()
    assert sorted(r.used_at is None for r in rows) == [False, True]  # the old one used once


def test_a_reset_link_posted_at_once_changes_the_password_once(live_port, world, caplog):
    caplog.set_level(logging.INFO)
    token = service.new_reset_token(world.alice, hours=2)
    db.session.commit()
    results = at_once(live_port, "POST", f"/auth/reset/{token}", {},
                      {"password": "brand new password", "confirm": "brand new password"})
    changed = [r for r in results if r[1].endswith("/auth/signin")]
    refused = [r for r in results if r[1].endswith("/auth/forgot")]
    assert len(changed) == 1 and len(refused) == PARALLEL - 1, [r[:2] for r in results]
    db.session.expire_all()
    assert world.alice.check_password("brand new password")
    assert world.alice.session_version == 1  # sessions ended once


def test_the_same_sign_up_sent_at_once_creates_one_account_and_no_error(live_port):
    results = at_once(live_port, "POST", "/auth/signup", {}, {
        "name": "Dana Diaz", "email": "dana@example.com",
        "password": "long enough pw", "confirm": "long enough pw"})
    statuses = sorted(r[0] for r in results)
    assert statuses == [200] * (PARALLEL - 1) + [302]  # the others: "already exists"
    count = db.session.scalar(sa.select(sa.func.count(Member.id)).filter_by(
        email="dana@example.com"))
    assert count == 1
