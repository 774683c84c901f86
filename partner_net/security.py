"""Security headers on every response; ProxyFix from the configuration.

A small ``after_request`` rather than Flask-Talisman: Talisman's defaults redirect every
request to HTTPS and force the session cookie Secure (over our ``SESSION_COOKIE_SECURE``
setting), its nonce machinery is for inline scripts we no longer have, and what we need
is six fixed headers plus one decision per response (``no-store`` for signed-in pages)
that is ours to make either way.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request, session
from werkzeug.middleware.proxy_fix import ProxyFix

#: No inline script or style anywhere (templates load static/js and static/css only), so
#: neither 'unsafe-inline' nor nonces; nothing may frame the site.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
])

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate CSP 2
    "X-Content-Type-Options": "nosniff",
    # Full referrer to our own pages (Flask-WTF checks it on HTTPS), nothing to others:
    # reset and invitation links carry tokens in their path.
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def is_signed_in() -> bool:
    """From the session alone: no database query (the 500 page must not need one)."""
    return "_user_id" in session


def add_security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    max_age = int(current_app.config["HSTS_MAX_AGE"])
    if request.is_secure and max_age > 0:
        response.headers.setdefault("Strict-Transport-Security",
                                    f"max-age={max_age}; includeSubDomains")
    if request.endpoint != "static" and is_signed_in():
        # Every signed-in page shows something private (names in notifications, a
        # prospect, a vCard, figures): none may be kept by a browser or a proxy cache,
        # nor shown again with the Back button after signing out on a shared computer.
        response.headers["Cache-Control"] = "no-store"
    return response


PROXY_FIX_SETTINGS = ("x_for", "x_proto", "x_host", "x_port", "x_prefix")


def wrap_proxy_fix(app: Flask) -> None:
    """Trust ``X-Forwarded-*`` from as many proxies as configured (0: not at all)."""
    counts = {name: int(app.config.get(f"PROXY_FIX_{name.upper()}") or 0)
              for name in PROXY_FIX_SETTINGS}
    if any(counts.values()):
        app.wsgi_app = ProxyFix(app.wsgi_app, **counts)


def init_app(app: Flask) -> None:
    wrap_proxy_fix(app)
    app.after_request(add_security_headers)
