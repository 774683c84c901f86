"""Rate-limit keys and the answer when a limit is reached: the same form, a clear message.

The limits themselves are settings (``*_RATE_LIMIT`` in ``partner_net/config.py``). Counts
live in ``RATELIMIT_STORAGE_URI``: ``memory://`` counts in each process on its own, so with
several workers or hosts use Redis, which they share.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, flash, make_response, render_template, request
from flask_limiter import RequestLimit
from flask_limiter.util import get_remote_address
from flask_login import current_user
from flask_wtf import FlaskForm


def setting(name: str) -> Callable[[], str]:
    """A limit read from the configuration when the request comes (tests change it)."""
    return lambda: current_app.config[name]


def by_address() -> str:
    """The client's address (the proxy's X-Forwarded-For once ProxyFix trusts it)."""
    return get_remote_address() or "unknown"


def by_member() -> str:
    """The signed-in member: organizers behind one office address are counted apart."""
    return f"member:{current_user.get_id().partition(':')[0]}"


def by_email_field() -> str:
    """The email typed in the form, so one inbox cannot be flooded from many addresses."""
    email = (request.form.get("email") or "").strip().lower()[:254]
    return f"email:{email or '-'}"


def form_again(template: str, form_class: type[FlaskForm], message: str,
               **context: Any) -> Callable[[RequestLimit], Any]:
    """An ``on_breach`` answer: ``template`` with the form as typed, ``message``, 429.

    The form is built from the posted data (passwords are never sent back) and not
    validated, so a refused attempt costs no database query or password check.
    """

    def on_breach(_limit: RequestLimit):
        form = form_class()
        flash(message, "error")
        return make_response(render_template(template, form=form, **context), 429)

    return on_breach
