"""What a URL may carry. ``<int:...>`` is bounded so that a huge id is a 404, string parts
hold no control characters, and a query string with a NUL byte is a 400 (PostgreSQL
refuses NUL in any text, so a search for it would otherwise be a 500)."""

from __future__ import annotations

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter, UnicodeConverter

from partner_net.forms import MAX_ID


class BoundedIntConverter(IntegerConverter):
    """Werkzeug's ``int`` converter, limited to 0..2^31-1 (PostgreSQL INTEGER, SQLite too)."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002 (werkzeug's name)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


class PrintableConverter(UnicodeConverter):
    """The default ``<name>`` / ``<string:name>`` part, without control characters.

    A slug, a day or a token never holds one; ``/g/abc%00def/`` is a 404 here rather than a
    NUL byte reaching PostgreSQL (which refuses it in any text parameter).
    """

    def __init__(self, map, minlength: int = 1, maxlength: int | None = None,  # noqa: A002
                 length: int | None = None) -> None:
        super().__init__(map, minlength, maxlength, length)
        self.regex = self.regex.replace("[^/]", "[^/\\x00-\\x1f\\x7f]")


def refuse_nul_in_query() -> None:
    """``?q=a%00b``: no browser sends it from a form; a script gets a clear 400."""
    if any("\x00" in key or "\x00" in value
           for key, values in request.args.lists() for value in values):
        abort(400, "The address holds a NUL character.")


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedIntConverter
    app.url_map.converters["default"] = app.url_map.converters["string"] = PrintableConverter
    app.before_request(refuse_nul_in_query)
