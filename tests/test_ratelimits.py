"""Rate limits on sign-up, password reset and invitations (each keeps the form and says
why), counted per real client behind ProxyFix, and shared between gunicorn workers
through Redis."""

from __future__ import annotations

import html
import logging
import os
import uuid

import pytest
import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.models import Invitation, Member
from tests.gunicorn_server import running_gunicorn, wrong_password_attempts
from tests.smtp_server import emails_in_log

pytestmark = pytest.mark.usefixtures("fresh_g")

ON = {"RATELIMIT_ENABLED": True}


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


# --- sign-up ---------------------------------------------------------------------------

def signup(client, email: str, address: str = "198.51.100.7"):
    return client.post("/auth/signup", environ_base={"REMOTE_ADDR": address}, data={
        "name": "Probe Person", "email": email,
        "password": "long enough pw", "confirm": "long enough pw"})


@pytest.mark.parametrize("app_config", [ON])
def test_signup_probing_is_limited_and_the_form_is_kept(client, world):
    known = world.alice.email
    for _ in range(5):
        assert "already exists" in text(signup(client, known))
    response = signup(client, known)
    assert response.status_code == 429
    page = text(response)
    assert "Too many sign-ups from here" in page
    assert "already exists" not in page  # the limited answer says nothing about the email
    assert 'value="Probe Person"' in page and f'value="{known}"' in page
    assert 'value="long enough pw"' not in page  # passwords are never sent back


@pytest.mark.parametrize("app_config", [ON])
def test_a_limited_signup_creates_no_account(client):
    for n in range(5):
        assert signup(client, f"person{n}@example.com").status_code == 302
        client.post("/auth/signout")
    assert signup(client, "sixth@example.com").status_code == 429
    assert count(Member) == 5
    assert signup(client, "sixth@example.com", address="192.0.2.1").status_code == 302


# --- password reset requests -----------------------------------------------------------

def forgot(client, email: str, address: str):
    return client.post("/auth/forgot", data={"email": email},
                       environ_base={"REMOTE_ADDR": address})


@pytest.mark.parametrize("app_config", [ON])
def test_reset_requests_are_limited_per_address(client, world):
    for n in range(5):
        assert forgot(client, f"someone{n}@example.com", "198.51.100.7").status_code == 302
    response = forgot(client, "another@example.com", "198.51.100.7")
    assert response.status_code == 429
    assert "Too many reset links asked for" in text(response)
    assert 'value="another@example.com"' in text(response)


@pytest.mark.parametrize("app_config", [ON])
def test_one_inbox_cannot_be_flooded_from_many_addresses(client, world, caplog):
    caplog.set_level(logging.INFO)
    for n in range(3):
        assert forgot(client, world.alice.email, f"198.51.100.{n}").status_code == 302
    response = forgot(client, world.alice.email.upper(), "203.0.113.50")
    assert response.status_code == 429
    assert len(emails_in_log(caplog)) == 3
    # The same limit for an address without an account: nothing to learn from it.
    for n in range(3):
        forgot(client, "nobody@example.com", f"192.0.2.{n}")
    assert forgot(client, "nobody@example.com", "192.0.2.99").status_code == 429


# --- invitations -----------------------------------------------------------------------

TWO = {**ON, "INVITATION_RATE_LIMIT": "2 per hour"}


def invite(client, group, emails: str):
    return client.post(f"/g/{group.slug}/manage/invitations", data={"emails": emails})


@pytest.mark.parametrize("app_config", [TWO])
def test_invitations_are_limited_per_organizer_and_keep_the_addresses(
        app, client, auth, world, caplog):
    caplog.set_level(logging.INFO)
    auth.login(world.organizer)
    assert invite(client, world.group, "a@example.com").status_code == 302
    assert invite(client, world.group, "b@example.com").status_code == 302
    response = invite(client, world.group, "c@example.com, d@example.com")
    assert response.status_code == 429
    page = text(response)
    assert "sending is paused for now" in page
    assert "c@example.com, d@example.com</textarea>" in page
    assert count(Invitation) == 2 and len(emails_in_log(caplog)) == 2
    # Another organizer (even from the same office address) has their own count.
    other = app.test_client()
    other.post("/auth/signin", data={"email": world.other_organizer.email,
                                     "password": "correct horse battery"})
    assert invite(other, world.other_group, "e@example.com").status_code == 302


@pytest.mark.parametrize("app_config", [TWO])
def test_sending_again_counts_in_the_same_limit(client, auth, world):
    auth.login(world.organizer)
    assert invite(client, world.group, "a@example.com").status_code == 302
    invitation = db.session.scalar(sa.select(Invitation))
    resend = f"/g/{world.group.slug}/manage/invitations/{invitation.id}/resend"
    first = client.post(resend)
    assert first.status_code == 302
    assert "A fresh link is on its way" in text(client.get(first.headers["Location"]))
    refused = client.post(resend, follow_redirects=True)
    assert "sending again is paused" in text(refused)


@pytest.mark.parametrize("app_config", [TWO])
def test_the_invitation_limit_checks_the_organizer_first(client, auth, world):
    """Members and strangers get 403/404 as before, never the organizer's page."""
    auth.login(world.alice)
    for _ in range(4):
        assert invite(client, world.group, "x@example.com").status_code == 403


# --- behind a proxy --------------------------------------------------------------------

def wrong_signin(client, forwarded_for: str):
    return client.post("/auth/signin", data={"email": "x@example.com", "password": "nope"},
                       headers={"X-Forwarded-For": forwarded_for},
                       environ_base={"REMOTE_ADDR": "10.0.0.2"})  # the proxy


THREE = {**ON, "SIGNIN_RATE_LIMIT": "3 per minute"}  # fewer (slow) password checks


@pytest.mark.parametrize("app_config", [{**THREE, "PROXY_FIX_X_FOR": 1}])
def test_behind_proxy_fix_each_client_has_its_own_count(client):
    for _ in range(3):
        assert wrong_signin(client, "203.0.113.1").status_code == 200
    assert wrong_signin(client, "203.0.113.1").status_code == 429
    assert wrong_signin(client, "203.0.113.2").status_code == 200


@pytest.mark.parametrize("app_config", [THREE])
def test_without_proxy_fix_everyone_behind_the_proxy_shares_one_count(client):
    for n in range(3):
        assert wrong_signin(client, f"203.0.113.{n}").status_code == 200
    assert wrong_signin(client, "203.0.113.99").status_code == 429


# --- several workers -------------------------------------------------------------------

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/2")


def redis_or_skip() -> str:
    try:
        import redis
    except ImportError:
        pytest.skip("the redis package is not installed (pip install -e .[test])")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError as error:
        pytest.skip(f"no Redis at {REDIS_URL}: {error}")
    return REDIS_URL


@pytest.mark.parametrize("app_config", [{
    **ON, "SIGNIN_RATE_LIMIT": "3 per minute", "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0"}])
def test_with_redis_unreachable_limits_still_hold_in_the_process(client, caplog):
    redis_or_skip()  # the redis package is needed to try the storage at all
    caplog.set_level(logging.WARNING)
    for _ in range(3):
        assert wrong_signin(client, "203.0.113.1").status_code == 200
    assert wrong_signin(client, "203.0.113.1").status_code == 429
    assert "falling back to in-memory storage" in caplog.text


def test_two_gunicorn_workers_share_the_sign_in_limit_through_redis(database_url, world):
    """40 wrong passwords at two workers: with Redis exactly the limit (10) reaches the
    password check. (With memory:// each worker counts alone and 20 get through: see
    bench/ratelimit_workers.py.)"""
    storage = redis_or_skip()
    env = {"DATABASE_URL": database_url, "SECRET_KEY": "gunicorn-test-secret",
           "RATELIMIT_STORAGE_URI": storage,
           "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    email = world.alice.email
    db.session.remove()
    with running_gunicorn(env, workers=2) as port:
        statuses = wrong_password_attempts(port, email, 40)
    assert statuses == {200: 10, 429: 30}
