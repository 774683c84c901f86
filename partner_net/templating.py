"""Jinja globals and filters shared by every template."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask, g, has_request_context, request
from flask_login import current_user
from markupsafe import Markup, escape

from partner_net import formatting, navigation
from partner_net.access import current_group
from partner_net.search import highlight_terms
from partner_net.unread_badge import header_unread_count


def highlight(text: str | None, terms: list[str] | None) -> Markup:
    """Escape ``text`` and wrap each matched term in ``<mark>``."""
    text = text or ""
    if not terms:
        return escape(text)
    spans = highlight_terms(text, terms)
    out: list[str] = []
    last = 0
    for start, end in spans:
        out.append(str(escape(text[last:start])))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


def paragraphs(text: str | None) -> Markup:
    """Plain text with blank lines as paragraphs and single newlines as line breaks."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text or "") if b.strip()]
    return Markup("".join(f"<p>{escape(b)}</p>".replace("\n", "<br>") for b in blocks))


def datalist_options(values: list[str] | tuple[str, ...]) -> Markup:
    """``<option value="…">`` for each of ``values`` (a datalist's suggestions), written
    once per process for each list: the settings page's 600 time zones cost a loop of
    600 escapes in Jinja on every request."""
    return _datalist_options(tuple(values))


@lru_cache(maxsize=16)
def _datalist_options(values: tuple[str, ...]) -> Markup:
    return Markup("".join(f'<option value="{escape(value)}">' for value in values))


def local(moment: datetime | None, timezone: str) -> datetime | None:
    """A UTC timestamp in the group's time zone, for display."""
    if moment is None:
        return None
    try:
        return moment.astimezone(ZoneInfo(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        return moment


def _page_group():
    """The group the page is about (or the member's current one); none on the 500 page."""
    if not has_request_context() or g.get("bare_page"):
        return None  # the worker writing an email; the 500 page (no database)
    return current_group()


def page_locale() -> str:
    """Flask-Babel's locale: the group's (a group page, or the member's current group)."""
    return formatting.locale_of(_page_group())


def page_timezone() -> str:
    """Flask-Babel's time zone: the group's, else the member's own, else UTC."""
    group = _page_group()
    if group is not None and group.timezone:
        return group.timezone
    if has_request_context() and current_user.is_authenticated and current_user.timezone:
        return current_user.timezone
    return "UTC"


def cached_static_url_for(app: Flask) -> Callable[..., str]:
    """Templates' ``url_for``: a static file's URL (every page's stylesheets, scripts and
    logo) is built once per process and mount point; a page's other links once per
    process for the same endpoint, values (in their order, with their types) and request
    host, scheme and mount point, which are all a link depends on: the URL map is fixed
    once the app is made, and the app adds no default values to links. A list's rows
    link to the same members and referrals on every request, and building each link
    again (werkzeug's builder, query strings encoded) was a third of my reciprocity's
    template. Links with options (``_external``, ``_anchor``...), relative endpoints,
    or values that cannot be hashed are built as Flask builds them."""

    @lru_cache(maxsize=256)
    def static(script_root: str, filename: str) -> str:
        return app.url_for("static", filename=filename)

    @lru_cache(maxsize=8192)
    def built(where: tuple[str, str, str], endpoint: str, values: tuple, types: tuple
              ) -> str:
        return app.url_for(endpoint, **dict(values))

    def url_for(endpoint: str, **values: Any) -> str:
        if not has_request_context():
            return app.url_for(endpoint, **values)
        here = request._get_current_object()  # type: ignore[attr-defined]
        if endpoint == "static" and values.keys() == {"filename"}:
            return static(here.script_root, values["filename"])
        if endpoint[0] != "." and not app.url_default_functions \
                and not any(key[0] == "_" for key in values):
            try:
                return built((here.host, here.scheme, here.script_root), endpoint,
                             tuple(values.items()), tuple(map(type, values.values())))
            except TypeError:  # a value that cannot be hashed (a list): built below
                pass
        return app.url_for(endpoint, **values)

    return url_for


def ascii_html(value: object) -> Markup:
    """``value`` escaped, its characters beyond ASCII as references ("£" -> "&#163;"): the
    same text in a browser. For a figure on a page of large pieces written in ASCII (the
    network page's drawings and matrix): one character beyond ASCII makes the whole page
    a string of a wider kind, several times slower to join and to encode (0.6 ms for the
    organizer's 600 kB network page, against 0.02 ms)."""
    return Markup(str(escape(value)).encode("ascii", "xmlcharrefreplace").decode("ascii"))


def init_app(app: Flask) -> None:
    app.jinja_env.filters["local"] = local
    app.jinja_env.filters["highlight"] = highlight
    app.jinja_env.filters["paragraphs"] = paragraphs
    app.jinja_env.filters["ascii_html"] = ascii_html
    # Money and time as the group reads them: {{ r.closed_value|money(group) }},
    # {{ r.created_at|day(group) }}, {{ event.created_at|when(group) }}.
    app.jinja_env.filters["money"] = formatting.money
    app.jinja_env.filters["day"] = formatting.day
    app.jinja_env.filters["when"] = formatting.when
    app.jinja_env.filters["clock_time"] = formatting.clock_time

    app.jinja_env.globals["nav_tabs"] = navigation.tabs
    app.jinja_env.globals["datalist_options"] = datalist_options
    app.jinja_env.globals["url_for"] = cached_static_url_for(app)

    @app.context_processor
    def navigation_context() -> dict[str, object]:
        if g.get("bare_page"):  # the 500 page: no database
            return {"current_group": None, "unread_count": 0}
        signed_in = bool(current_user) and current_user.is_authenticated
        group = current_group()
        return {
            "current_group": group,
            "nav_sections": lambda: navigation.sections(current_user, group),
            "unread_count": header_unread_count() if signed_in else 0,
        }
