"""Security headers on every response, no inline code in templates, no-store when signed
in, HSTS over HTTPS only, and ProxyFix from the configuration."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from partner_net.security import wrap_proxy_fix
from tests.referral_factories import give

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def csp_directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict(part.strip().partition(" ")[::2] for part in policy.split(";"))


def assert_security_headers(response) -> None:
    directives = csp_directives(response)
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", [
    "/", "/auth/signin", "/auth/signup", "/no/such/page", "/static/css/app.css",
    "/static/js/confirm.js",
])
def test_every_answer_has_the_security_headers(client, path):
    response = client.get(path)
    response.close()  # static files are streamed
    assert_security_headers(response)
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP here


def test_signed_in_pages_have_them_too(client, auth, world):
    auth.login(world.alice)
    for path in (f"/g/{world.group.slug}/", "/profile", "/referrals"):
        assert_security_headers(client.get(path))


def test_a_post_refused_by_the_rate_limit_or_csrf_has_them(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/auth/signin", data={"email": "a@b.co", "password": "x"})
    assert response.status_code == 400
    assert_security_headers(response)


# --- no inline code in templates (the CSP would block it) ------------------------------

INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script> block"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style[\s>]", re.I), "<style> block"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on*= event handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_templates_have_no_inline_script_style_or_handlers():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(TEMPLATES)}:{line}: {what}")
    assert found == []


def test_scripts_are_loaded_from_static_files_only_outside_the_title(client, auth, world):
    auth.login(world.alice)
    referral = give(world.group, world.alice, world.bob)
    page = client.get(f"/referrals/{referral.id}").get_data(as_text=True)
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "<script" not in title
    assert all('src="/static/js/' in tag for tag in re.findall(r"<script[^>]*>", page))


def test_the_legend_colours_need_no_style_attribute(client, auth, world):
    auth.login(world.alice)
    page = client.get(f"/g/{world.group.slug}/network").get_data(as_text=True)
    assert 'fill="#1f6fb2"' in page and "style=" not in page


# --- caching ---------------------------------------------------------------------------

def test_private_pages_are_not_stored(client, auth, world):
    auth.login(world.alice)
    referral = give(world.group, world.bob, world.alice)
    slug = world.group.slug
    for path in (f"/referrals/{referral.id}", f"/g/{slug}/members/{world.bob.id}.vcf",
                 f"/g/{slug}/match.json?q=roof", f"/g/{slug}/", "/profile"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path


def test_public_pages_and_static_files_may_be_cached(client, auth, world):
    assert "no-store" not in client.get("/auth/signin").headers.get("Cache-Control", "")
    auth.login(world.alice)
    with client.get("/static/css/app.css") as response:
        assert "no-store" not in response.headers.get("Cache-Control", "")


# --- HSTS and the proxy ----------------------------------------------------------------

def test_hsts_only_over_https(client):
    response = client.get("/", base_url="https://partner.test")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get("/").headers


@pytest.mark.parametrize("app_config", [{"HSTS_MAX_AGE": 0}])
def test_hsts_can_be_turned_off(client):
    assert "Strict-Transport-Security" not in client.get(
        "/", base_url="https://partner.test").headers


def forwarded(client, path: str = "/"):
    return client.get(path, headers={"X-Forwarded-For": "203.0.113.9",
                                     "X-Forwarded-Proto": "https"},
                      environ_base={"REMOTE_ADDR": "10.0.0.2"})


def test_forwarded_headers_are_ignored_without_proxy_fix(app, client):
    seen = {}
    app.before_request(lambda: seen.update(addr=_remote(), secure=_secure()))
    assert "Strict-Transport-Security" not in forwarded(client).headers
    assert seen == {"addr": "10.0.0.2", "secure": False}


@pytest.mark.parametrize("app_config", [{"PROXY_FIX_X_FOR": 1, "PROXY_FIX_X_PROTO": 1}])
def test_proxy_fix_from_the_configuration(app, client):
    seen = {}
    app.before_request(lambda: seen.update(addr=_remote(), secure=_secure()))
    assert "Strict-Transport-Security" in forwarded(client).headers
    assert seen == {"addr": "203.0.113.9", "secure": True}


def test_proxy_fix_counts_come_from_the_settings(app):
    app.config.update(PROXY_FIX_X_FOR=2, PROXY_FIX_X_HOST=1)
    app.wsgi_app = inner = object()
    wrap_proxy_fix(app)
    assert (app.wsgi_app.x_for, app.wsgi_app.x_proto, app.wsgi_app.x_host) == (2, 0, 1)
    assert app.wsgi_app.app is inner


def _remote() -> str:
    from flask import request

    return request.remote_addr


def _secure() -> bool:
    from flask import request

    return request.is_secure
