"""Revocable sessions: replayed session and remember-me cookies after sign-out, password
reset and "sign out everywhere"; remember-me tokens random, hashed, rotated; reset links.

Every test here replays cookies in a second client, as an attacker who copied them would,
and runs with ``fresh_g`` so nothing of one request's ``g`` helps the next.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

import pytest
import sqlalchemy as sa

from partner_net.auth.sessions import REMEMBER_COOKIE, ROTATION_GRACE
from partner_net.extensions import db
from partner_net.models import Member, PasswordResetToken, RememberToken
from partner_net.models.base import utcnow
from tests import factories
from tests.test_auth import reset_link

pytestmark = pytest.mark.usefixtures("fresh_g")

HOST = "partner.test"
PRIVATE = "/profile"  # any page that needs a signed-in member


def cookie(client, name: str = REMEMBER_COOKIE) -> str | None:
    found = client.get_cookie(name, domain=HOST)
    return found.value if found else None


def replaying(app, **cookies: str):
    """A new browser holding only copies of these cookies."""
    other = app.test_client()
    for name, value in cookies.items():
        other.set_cookie(name, value, domain=HOST)
    return other


def is_signed_in(client) -> bool:
    response = client.get(PRIVATE)
    assert response.status_code in (200, 302), response.status_code
    return response.status_code == 200


def sign_in(app, member, remember: bool = False):
    client = app.test_client()
    data = {"email": member.email, "password": factories.PASSWORD}
    if remember:
        data["remember"] = "y"
    assert client.post("/auth/signin", data=data).status_code == 302
    return client


def tokens_of(member: Member) -> list[RememberToken]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(RememberToken).filter_by(member_id=member.id)))


# --- session cookies -------------------------------------------------------------------

def test_a_copied_session_cookie_works_until_sign_out_and_never_after(app, world):
    browser = sign_in(app, world.alice)
    stolen = cookie(browser, "session")
    assert is_signed_in(replaying(app, session=stolen))  # the copy works while signed in
    assert browser.post("/auth/signout").status_code == 302
    assert not is_signed_in(browser)
    assert not is_signed_in(replaying(app, session=stolen))


def test_signing_out_ends_the_members_other_sessions(app, world):
    phone, laptop = sign_in(app, world.alice), sign_in(app, world.alice)
    bobs = sign_in(app, world.bob)
    phone.post("/auth/signout")
    assert not is_signed_in(laptop)
    assert is_signed_in(bobs)  # another member's session is untouched


def test_a_session_from_before_session_versions_is_not_accepted(app, world):
    browser = sign_in(app, world.alice)
    with browser.session_transaction() as session:
        session["_user_id"] = str(world.alice.id)  # the old format: the id alone
    assert not is_signed_in(browser)


# --- remember me -----------------------------------------------------------------------

def test_remember_tokens_are_random_per_sign_in_and_stored_hashed(app, world):
    first = cookie(sign_in(app, world.alice, remember=True))
    second = cookie(sign_in(app, world.alice, remember=True))
    assert first and second and first != second
    assert len(first) >= 43 and "|" not in first  # 32 random bytes, not "<id>|<signature>"
    stored = {t.token_hash for t in tokens_of(world.alice)}
    assert stored == {hashlib.sha256(v.encode()).hexdigest() for v in (first, second)}
    assert first not in stored and second not in stored


def test_the_remember_cookie_signs_in_a_new_browser_session_and_is_rotated(app, world):
    old = cookie(sign_in(app, world.alice, remember=True))
    restarted = replaying(app, **{REMEMBER_COOKIE: old})
    assert is_signed_in(restarted)
    new = cookie(restarted)
    assert new and new != old
    assert [t.used_at is not None for t in tokens_of(world.alice)].count(False) == 1
    assert is_signed_in(replaying(app, **{REMEMBER_COOKIE: new}))
    # The rotated token does not sign anybody in again.
    assert not is_signed_in(replaying(app, **{REMEMBER_COOKIE: old}))


def test_a_rotated_token_replayed_later_is_refused_and_cleared(app, world):
    old = cookie(sign_in(app, world.alice, remember=True))
    assert is_signed_in(replaying(app, **{REMEMBER_COOKIE: old}))
    db.session.execute(sa.update(RememberToken).where(RememberToken.used_at.is_not(None))
                       .values(used_at=utcnow() - ROTATION_GRACE - timedelta(seconds=1)))
    db.session.commit()
    thief = replaying(app, **{REMEMBER_COOKIE: old})
    assert not is_signed_in(thief)
    assert cookie(thief) is None  # the answer deleted the useless cookie


def test_a_replayed_remember_cookie_does_not_sign_in_after_sign_out(app, world):
    browser = sign_in(app, world.alice, remember=True)
    stolen = cookie(browser)
    browser.post("/auth/signout")
    assert cookie(browser) is None
    thief = replaying(app, **{REMEMBER_COOKIE: stolen})
    assert not is_signed_in(thief)
    assert cookie(thief) is None
    assert tokens_of(world.alice) == []


def test_sign_out_also_ends_remember_tokens_of_other_devices(app, world):
    tablet = cookie(sign_in(app, world.alice, remember=True))
    sign_in(app, world.alice).post("/auth/signout")
    assert not is_signed_in(replaying(app, **{REMEMBER_COOKIE: tablet}))


@pytest.mark.parametrize("spoil", ["expired", "deactivated", "unknown", "outdated version"])
def test_remember_tokens_that_must_not_sign_in(app, world, spoil):
    value = cookie(sign_in(app, world.alice, remember=True))
    if spoil == "expired":
        db.session.execute(sa.update(RememberToken).values(expires_at=utcnow()))
    elif spoil == "deactivated":
        world.alice.active = False
    elif spoil == "unknown":
        value = value[:-2] + ("AA" if not value.endswith("AA") else "BB")
    else:
        db.session.execute(sa.update(Member).where(Member.id == world.alice.id)
                           .values(session_version=Member.session_version + 1))
    db.session.commit()
    assert not is_signed_in(replaying(app, **{REMEMBER_COOKIE: value}))


@pytest.mark.parametrize("app_config", [
    {"SESSION_COOKIE_SECURE": True, "SESSION_COOKIE_SAMESITE": "Strict"},
    {"SESSION_COOKIE_SECURE": False, "SESSION_COOKIE_SAMESITE": "Lax"},
])
def test_the_remember_cookie_follows_the_session_cookie_settings(app, world, app_config):
    client = app.test_client()
    response = client.post("/auth/signin", data={
        "email": world.alice.email, "password": factories.PASSWORD, "remember": "y"})
    headers = response.headers.getlist("Set-Cookie")
    remember = next(h for h in headers if h.startswith(f"{REMEMBER_COOKIE}="))
    session = next(h for h in headers if h.startswith("session="))
    for part in ("HttpOnly", f"SameSite={app_config['SESSION_COOKIE_SAMESITE']}"):
        assert part in remember and part in session
    assert ("Secure" in remember) is app_config["SESSION_COOKIE_SECURE"]
    assert ("Secure" in session) is app_config["SESSION_COOKIE_SECURE"]
    assert "Max-Age=2592000" in remember


# --- sign out everywhere ---------------------------------------------------------------

def test_sign_out_everywhere_ends_every_other_session_and_keeps_this_one(app, world):
    here = sign_in(app, world.alice, remember=True)
    here_remember = cookie(here)
    phone = sign_in(app, world.alice)
    tablet_remember = cookie(sign_in(app, world.alice, remember=True))

    response = here.post("/auth/signout-everywhere")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/profile")
    page = here.get(PRIVATE)
    assert page.status_code == 200
    assert "You are signed out on every other device" in page.get_data(as_text=True)

    assert not is_signed_in(phone)
    assert not is_signed_in(replaying(app, **{REMEMBER_COOKIE: tablet_remember}))
    # This browser stays remembered, with a new token; its old one is gone.
    assert cookie(here) not in (None, here_remember)
    assert not is_signed_in(replaying(app, **{REMEMBER_COOKIE: here_remember}))
    assert is_signed_in(replaying(app, **{REMEMBER_COOKIE: cookie(here)}))
    assert len(tokens_of(world.alice)) == 2  # this browser's new one, and its rotation


def test_sign_out_everywhere_is_on_the_profile_page_and_needs_a_post(app, world):
    here = sign_in(app, world.alice)
    page = here.get(PRIVATE).get_data(as_text=True)
    assert 'action="/auth/signout-everywhere"' in page
    assert here.get("/auth/signout-everywhere").status_code == 405
    anonymous = app.test_client().post("/auth/signout-everywhere")
    assert anonymous.status_code == 302 and "/auth/signin" in anonymous.headers["Location"]


# --- password reset --------------------------------------------------------------------

def request_reset(client, member, caplog) -> str:
    assert client.post("/auth/forgot", data={"email": member.email}).status_code == 302
    return reset_link(caplog)


def choose(client, link: str, password: str = "a brand new password"):
    return client.post(link, data={"password": password, "confirm": password})


def test_a_password_reset_ends_every_session_and_remember_token(app, world, caplog):
    caplog.set_level(logging.INFO)
    laptop = sign_in(app, world.alice)
    stolen_remember = cookie(sign_in(app, world.alice, remember=True))
    stranger = app.test_client()
    response = choose(stranger, request_reset(stranger, world.alice, caplog))
    assert response.status_code == 302 and response.headers["Location"].endswith("/auth/signin")
    assert not is_signed_in(laptop)
    assert not is_signed_in(replaying(app, **{REMEMBER_COOKIE: stolen_remember}))
    assert tokens_of(world.alice) == []


def test_asking_for_a_reset_link_ends_the_earlier_ones(app, world, caplog):
    caplog.set_level(logging.INFO)
    client = app.test_client()
    first = request_reset(client, world.alice, caplog)
    second = request_reset(client, world.alice, caplog)
    assert first != second
    refused = client.get(first)
    assert refused.status_code == 302 and refused.headers["Location"].endswith("/auth/forgot")
    assert choose(client, first).status_code == 302
    assert client.get(second).status_code == 200  # the newest one still works


def test_a_used_link_never_works_again_nor_an_earlier_one(app, world, caplog):
    caplog.set_level(logging.INFO)
    client = app.test_client()
    earlier = request_reset(client, world.alice, caplog)
    later = request_reset(client, world.alice, caplog)
    assert choose(client, later, "the first new password").status_code == 302
    for link in (later, earlier):
        assert client.get(link).headers["Location"].endswith("/auth/forgot")
        refused = choose(client, link, "an attacker's password")
        assert refused.headers["Location"].endswith("/auth/forgot")
    db.session.expire_all()
    assert world.alice.check_password("the first new password")
    unused = sa.select(PasswordResetToken).filter_by(member_id=world.alice.id, used_at=None)
    assert db.session.scalars(unused).all() == []


# --- constant-time sign-in -------------------------------------------------------------

def test_an_unknown_email_costs_a_password_check_too(client, world, monkeypatch):
    from partner_net.auth import service

    checked: list[str] = []
    real = service.check_password_hash
    monkeypatch.setattr(service, "check_password_hash",
                        lambda h, p: checked.append(h) or real(h, p))
    response = client.post("/auth/signin", data={"email": "nobody@example.com",
                                                 "password": "whatever it is"})
    assert response.status_code == 200
    assert len(checked) == 1 and checked[0].startswith("pbkdf2:sha256:1$")  # the test method
    assert checked[0].split("$")[0] == world.alice.password_hash.split("$")[0]  # same cost
