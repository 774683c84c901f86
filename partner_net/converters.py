"""What a URL may carry: ``<int:...>`` is bounded so that a huge id is a 404, and string
parts hold no control characters (PostgreSQL refuses a NUL in any text, so
``/g/abc%00def/`` would otherwise be a 500). Search words from the query string go
through :func:`partner_net.forms.search_words`."""

from __future__ import annotations

from flask import Flask
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



def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedIntConverter
    app.url_map.converters["default"] = app.url_map.converters["string"] = PrintableConverter
