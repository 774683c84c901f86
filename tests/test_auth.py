"""Sign up, sign in and out, the ``next`` redirect, rate limits and password resets."""

from __future__ import annotations

import html
import logging
import re
from email import message_from_string, policy
from email.message import EmailMessage

import pytest
import sqlalchemy as sa

from partner_net.auth.sessions import REMEMBER_COOKIE
from partner_net.extensions import db
from partner_net.models import Member
from tests import factories

GOOD = {"name": "Dana Diaz", "email": "Dana@Example.com",
        "password": "long enough pw", "confirm": "long enough pw"}


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def member_by_email(email: str) -> Member | None:
    return db.session.scalar(sa.select(Member).filter_by(email=email))


# --- sign up ---------------------------------------------------------------------------

def test_signup_page_shows_the_form(client):
    response = client.get("/auth/signup")
    assert response.status_code == 200
    assert "Create my account" in text(response)


# The suite hashes with a cheap method (tests/conftest.py); this one runs production's.
@pytest.mark.parametrize("app_config", [{"PASSWORD_HASH_METHOD": "scrypt"}])
def test_signup_creates_a_member_with_a_scrypt_hash_and_signs_in(client):
    response = client.post("/auth/signup", data=GOOD)
    assert response.status_code == 302
    member = member_by_email("dana@example.com")
    assert member is not None and member.name == "Dana Diaz"
    assert member.password_hash.startswith("scrypt:")
    assert "long enough pw" not in member.password_hash
    assert "Welcome, Dana" in text(client.get("/", follow_redirects=True))


@pytest.mark.parametrize(("changes", "message"), [
    ({"name": ""}, "Enter your name."),
    ({"email": ""}, "Enter your email address."),
    ({"email": "not-an-email"}, "Enter an email address like name@example.com."),
    ({"email": "ALICE.ARCHER@EXAMPLE.COM"}, "An account with this email already exists."),
    ({"password": "short", "confirm": "short"}, "Use at least 10 characters."),
    ({"confirm": "something else"}, "The two passwords are not the same."),
    ({"confirm": ""}, "Repeat the password."),
])
def test_signup_validation_messages(client, changes, message):
    factories.make_member("Alice Archer", email="alice.archer@example.com")
    db.session.commit()
    data = {**GOOD, **changes}
    response = client.post("/auth/signup", data=data)
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert 'value="Dana Diaz"' in page or not data["name"]  # what was typed is kept
    assert db.session.scalar(sa.select(sa.func.count(Member.id))) == 1


# --- sign in ---------------------------------------------------------------------------

def test_signin_page(client):
    response = client.get("/auth/signin")
    assert response.status_code == 200
    assert "Keep me signed in" in text(response)


def test_signin_success_goes_home(client, auth, world):
    response = auth.login(world.alice)
    assert response.status_code == 302
    assert response.headers["Location"] in ("/", "http://partner.test/")
    page = client.get("/", follow_redirects=True)
    assert f"Hello, {world.alice.first_name}" in text(page)


@pytest.mark.parametrize(("email", "password"), [
    ("alice", "wrong password!"),
    ("nobody@example.com", factories.PASSWORD),
])
def test_signin_failure_has_one_message_and_keeps_the_email(client, world, email, password):
    email = world.alice.email if email == "alice" else email
    response = client.post("/auth/signin", data={"email": email, "password": password})
    assert response.status_code == 200
    page = text(response)
    assert "That email and password do not match an account." in page
    assert f'value="{email}"' in page


def test_signin_email_is_case_insensitive(auth, world):
    response = auth.login(world.alice.email.upper())
    assert response.status_code == 302


def test_signed_in_member_is_sent_home_from_signin(client, auth, world):
    auth.login(world.alice)
    assert client.get("/auth/signin").status_code == 302
    assert client.get("/auth/signup").status_code == 302


def remember_cookie(client):
    return client.get_cookie(REMEMBER_COOKIE, domain="partner.test")


def test_remember_me_sets_the_remember_cookie(client, auth, world):
    response = auth.login(world.alice, remember=True)
    assert response.status_code == 302
    cookie = remember_cookie(client)
    assert cookie is not None and cookie.value
    assert cookie.http_only
    assert any(h.startswith(f"{REMEMBER_COOKIE}=") for h in response.headers.getlist("Set-Cookie"))


def test_without_remember_me_there_is_no_remember_cookie(client, auth, world):
    response = auth.login(world.alice)
    assert response.status_code == 302
    assert remember_cookie(client) is None
    assert client.get_cookie("session", domain="partner.test") is not None


def test_signout_is_post_only(client, auth, world):
    auth.login(world.alice)
    assert client.get("/auth/signout").status_code == 405
    assert client.get(f"/g/{world.group.slug}/").status_code == 200
    response = auth.logout()
    assert response.status_code == 302
    assert client.get(f"/g/{world.group.slug}/").status_code == 302
    assert "Create an account" in text(client.get("/"))


def test_signout_ends_a_remembered_session(client, auth, world):
    auth.login(world.alice, remember=True)
    assert remember_cookie(client) is not None
    auth.logout()
    assert remember_cookie(client) is None
    assert client.get(f"/g/{world.group.slug}/").status_code == 302


@pytest.mark.parametrize("how", ["account", "memberships"])
def test_deactivated_member_cannot_sign_in(client, world, how):
    if how == "account":
        world.alice.active = False
    else:
        for membership in world.alice.memberships:
            membership.active = False
    db.session.commit()
    response = client.post(
        "/auth/signin", data={"email": world.alice.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 200
    assert "This account has been deactivated." in text(response)
    assert client.get(f"/g/{world.group.slug}/").status_code == 302


def test_member_of_no_group_may_sign_in(auth, world):
    assert auth.login(world.outsider).status_code == 302


def test_deactivation_ends_a_session_already_open(client, auth, world):
    auth.login(world.alice)
    world.alice.active = False
    db.session.commit()
    assert client.get(f"/g/{world.group.slug}/").status_code == 302


# --- the next redirect -----------------------------------------------------------------

def signin_with_next(client, member, target: str):
    return client.post(
        "/auth/signin",
        data={"email": member.email, "password": factories.PASSWORD, "next": target},
    )


def test_next_path_is_followed(client, world):
    target = f"/g/{world.group.slug}/members?q=roof"
    response = signin_with_next(client, world.alice, target)
    assert response.headers["Location"].endswith(target)


def test_next_from_the_query_string_is_carried_in_the_form(client, world):
    page = text(client.get("/auth/signin?next=/profile"))
    assert 'value="/profile"' in page


@pytest.mark.parametrize("target", [
    "//evil.com", "https://evil.com", "/\\evil.com", "http://evil.com/g/x/", "javascript:alert(1)",
])
def test_next_to_another_site_is_refused(client, world, target):
    response = signin_with_next(client, world.alice, target)
    assert response.status_code == 302
    assert "evil" not in response.headers["Location"]
    assert response.headers["Location"] in ("/", "http://partner.test/")
    assert "evil" not in text(client.get(f"/auth/signin?next={target}"))


# --- rate limit ------------------------------------------------------------------------

def eleventh_signin(client, email: str):
    data = {"email": email, "password": "wrong password!"}
    for _ in range(10):
        assert client.post("/auth/signin", data=data).status_code == 200
    return client.post("/auth/signin", data=data)


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True}])
def test_signin_rate_limit(client, world):
    response = eleventh_signin(client, world.alice.email)
    assert response.status_code == 429
    assert "Too many sign-in attempts from here. Wait a minute" in text(response)
    assert client.get("/auth/signin").status_code == 200  # reading the form is not limited


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True}])
def test_signin_rate_limit_keeps_the_email_in_the_form(client, world):
    response = eleventh_signin(client, world.alice.email)
    assert response.status_code == 429
    assert f'value="{world.alice.email}"' in text(response)


# --- password reset --------------------------------------------------------------------

def logged_emails(caplog) -> list[EmailMessage]:
    """The emails :func:`partner_net.mail.send_email` wrote to the log (no MAIL_SERVER)."""
    found = []
    for record in caplog.records:
        head, _, raw = record.getMessage().partition("\n")
        if head.startswith("Email (no MAIL_SERVER set"):
            found.append(message_from_string(raw, policy=policy.default))
    return found


def reset_link(caplog) -> str:
    bodies = [m.get_content() for m in logged_emails(caplog)
              if m["Subject"] == "Reset your Partner Net password"]
    links = re.findall(r"http://partner\.test(/auth/reset/[\w-]+)", "".join(bodies))
    assert links, caplog.text
    return links[-1]


def test_password_reset_works_once(client, auth, world, caplog):
    caplog.set_level(logging.INFO)
    response = client.post("/auth/forgot", data={"email": world.alice.email.upper()})
    assert response.status_code == 302
    assert "a reset link is on its way" in text(client.get(response.headers["Location"]))
    link = reset_link(caplog)
    assert [m["To"] for m in logged_emails(caplog)] == [world.alice.email]

    assert client.get(link).status_code == 200
    new = "brand new password"
    response = client.post(link, data={"password": new, "confirm": new})
    assert response.status_code == 302
    assert "Your password is changed" in text(client.get(response.headers["Location"]))
    db.session.expire_all()
    assert world.alice.password_hash.startswith("pbkdf2:sha256:1$")  # the configured method

    assert auth.login(world.alice).status_code == 200  # the old password no longer works
    assert auth.login(world.alice, password=new).status_code == 302
    auth.logout()

    again = client.get(link)
    assert again.status_code == 302
    assert "expired or was already used" in text(client.get(again.headers["Location"]))
    response = client.post(link, data={"password": "another password", "confirm":
                                       "another password"})
    assert response.status_code == 302
    assert auth.login(world.alice, password=new).status_code == 302


def test_password_reset_form_validates(client, world, caplog):
    caplog.set_level(logging.INFO)
    client.post("/auth/forgot", data={"email": world.alice.email})
    response = client.post(reset_link(caplog), data={"password": "short", "confirm": "short"})
    assert response.status_code == 200
    assert "Use at least 10 characters." in text(response)


def test_forgot_password_does_not_reveal_unknown_emails(client, world, caplog):
    caplog.set_level(logging.INFO)
    response = client.post("/auth/forgot", data={"email": "nobody@example.com"})
    assert response.status_code == 302
    assert logged_emails(caplog) == []
    assert "a reset link is on its way" in text(client.get(response.headers["Location"]))


def test_unknown_reset_token_is_refused(client):
    response = client.get("/auth/reset/not-a-token")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/auth/forgot")
