"""URL converters. ``<int:...>`` is bounded so that a huge id is a 404, never a 500."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

from partner_net.forms import MAX_ID


class BoundedIntConverter(IntegerConverter):
    """Werkzeug's ``int`` converter, limited to 0..2^31-1 (PostgreSQL INTEGER, SQLite too)."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002 (werkzeug's name)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
