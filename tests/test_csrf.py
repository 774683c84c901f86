"""CSRF protection, switched on as in production, with the real token from the page."""

from __future__ import annotations

import re

import pytest

from tests import factories

pytestmark = pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'type="hidden" name="csrf_token" value="([^"]+)"', page
    )
    assert match, "no CSRF token in the page"
    return match.group(1)


def test_signin_without_token_is_refused(client, world):
    response = client.post(
        "/auth/signin", data={"email": world.alice.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 400
    assert "Your form had expired or was sent incomplete" in response.get_data(as_text=True)
    assert client.get(f"/g/{world.group.slug}/").status_code == 302  # not signed in


def test_signin_with_a_wrong_token_is_refused(client, world):
    client.get("/auth/signin")
    response = client.post("/auth/signin", data={
        "email": world.alice.email, "password": factories.PASSWORD, "csrf_token": "forged",
    })
    assert response.status_code == 400


def test_signin_with_the_token_from_the_form_succeeds(client, world):
    token = csrf_token(client.get("/auth/signin").get_data(as_text=True))
    response = client.post("/auth/signin", data={
        "email": world.alice.email, "password": factories.PASSWORD, "csrf_token": token,
    })
    assert response.status_code == 302
    assert client.get(f"/g/{world.group.slug}/").status_code == 200


def test_signout_needs_the_token_too(client, world):
    token = csrf_token(client.get("/auth/signin").get_data(as_text=True))
    client.post("/auth/signin", data={
        "email": world.alice.email, "password": factories.PASSWORD, "csrf_token": token,
    })
    dashboard = client.get(f"/g/{world.group.slug}/").get_data(as_text=True)
    assert client.post("/auth/signout").status_code == 400
    assert client.get(f"/g/{world.group.slug}/").status_code == 200  # still signed in
    response = client.post("/auth/signout", data={"csrf_token": csrf_token(dashboard)})
    assert response.status_code == 302
    assert client.get(f"/g/{world.group.slug}/").status_code == 302
