"""The 500 page after a database error, and ``next=`` with control characters.

The broken routes are registered by the tests only. Exceptions are not propagated here
(``PROPAGATE_EXCEPTIONS=False``), so the app's own 500 handler answers, as in production.
"""

from __future__ import annotations

import html

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_login import login_required

from partner_net.extensions import db
from partner_net.models import Member
from tests import factories

pytestmark = pytest.mark.usefixtures("fresh_g")  # each request loads its member anew


@pytest.fixture
def app_config() -> dict[str, object]:
    return {"PROPAGATE_EXCEPTIONS": False}


@pytest.fixture
def statements_after_failure(app: Flask):
    """SQL run after the broken view failed (the 500 page must need none)."""
    state = {"failed": False, "statements": []}

    def record(_conn, _cursor, statement, *_args) -> None:
        if state["failed"]:
            state["statements"].append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    yield state
    sa.event.remove(db.engine, "before_cursor_execute", record)


def bad_sql() -> None:
    db.session.execute(sa.text("SELECT no_such_column FROM no_such_table"))


def duplicate_email() -> None:
    email = db.session.scalars(sa.select(Member.email)).first()
    db.session.add(Member(name="Copy", email=email, password_hash="x"))
    db.session.flush()  # IntegrityError: the session now needs a rollback


def add_broken_route(app: Flask, state: dict, fail, signed_in: bool) -> str:
    def broken():
        try:
            fail()
        except sa.exc.SQLAlchemyError:
            state["failed"] = True
            raise

    # Without login_required the member is not loaded before the failure: the 500 page
    # must not try to load them (with the database down, that would fail again).
    view = login_required(broken) if signed_in else broken
    app.add_url_rule("/test-only/broken", "test_only_broken", view)
    return "/test-only/broken"


@pytest.mark.parametrize("fail", [bad_sql, duplicate_email], ids=["bad SQL", "failed flush"])
@pytest.mark.parametrize("signed_in", [True, False], ids=["signed in", "member not loaded"])
def test_the_500_page_renders_after_a_database_error(app, client, auth, world,
                                                     statements_after_failure, fail, signed_in):
    path = add_broken_route(app, statements_after_failure, fail, signed_in)
    auth.login(world.alice)
    client.get("/profile")  # a normal page works first
    response = client.get(path)
    assert response.status_code == 500
    page = html.unescape(response.get_data(as_text=True))
    assert "Something went wrong on our side" in page
    assert "Go to your home page" in page
    assert "Internal Server Error" not in page
    assert statements_after_failure["statements"] == []
    assert response.headers["Content-Security-Policy"]
    # The session was rolled back: the next request works normally.
    statements_after_failure["failed"] = False
    assert client.get("/profile").status_code == 200


# --- next= with control characters -----------------------------------------------------

NASTY = ["/profile\r\nSet-Cookie: evil=1", "/profile\nX: y", "/g/\r/", "/pro\x00file",
         "/profile\x7f"]


@pytest.mark.parametrize("target", NASTY)
def test_signin_with_control_characters_in_next_goes_home(client, world, target):
    response = client.post("/auth/signin", data={
        "email": world.alice.email, "password": factories.PASSWORD, "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] in ("/", "http://partner.test/")
    assert "evil" not in str(response.headers)


@pytest.mark.parametrize("target", NASTY)
def test_signin_form_drops_a_next_with_control_characters(client, target):
    response = client.get("/auth/signin", query_string={"next": target})
    assert response.status_code == 200
    assert 'name="next" type="hidden" value=""' in response.get_data(as_text=True)


@pytest.mark.parametrize("target", NASTY)
def test_signup_with_control_characters_in_next_creates_one_account_and_goes_home(
        client, target):
    response = client.post("/auth/signup", query_string={"next": target}, data={
        "name": "Dana Diaz", "email": "dana@example.com",
        "password": "long enough pw", "confirm": "long enough pw"})
    assert response.status_code == 302
    assert response.headers["Location"] in ("/", "http://partner.test/")
    emails = db.session.scalars(sa.select(Member.email)).all()
    assert emails == ["dana@example.com"]


def test_signup_with_a_good_next_follows_it(client):
    response = client.post("/auth/signup", query_string={"next": "/groups/new"}, data={
        "name": "Dana Diaz", "email": "dana@example.com",
        "password": "long enough pw", "confirm": "long enough pw"})
    assert response.headers["Location"].endswith("/groups/new")
