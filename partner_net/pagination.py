"""Lists a page at a time (~25 rows).

Newest-first lists (referrals, notifications) page by keyset: the link to older rows
carries the last row's ``(created_at, id)`` as ``?before=<microseconds>.<id>``, so a page
costs the same however deep it is and rows added meanwhile never shift what comes next.
Lists ordered by name (the organizer's members) page by number with ``db.paginate``.

No Flask here beyond ``abort``: a malformed cursor or page number is a 400, never a 500.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import abort

from partner_net.extensions import db

#: Rows per page.
PAGE_SIZE = 25
#: The highest page number a URL may ask for (far past any real list).
MAX_PAGE = 100_000

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_CURSOR = re.compile(r"(\d{1,17})\.(\d{1,18})")


@dataclass(frozen=True)
class KeysetPage:
    items: list[Any]
    next_cursor: str | None  # ``before`` for the next (older) page; None on the last
    first: bool  # the newest page (no ``before`` given)


def cursor_of(created_at: datetime, row_id: int) -> str:
    if created_at.tzinfo is None:
        created_at = created_at.replace(tzinfo=UTC)
    micros = (created_at - _EPOCH) // timedelta(microseconds=1)
    return f"{micros}.{row_id}"


def parse_cursor(value: str | None) -> tuple[datetime, int] | None:
    """``(created_at, id)`` from a ``before`` value; None when absent; 400 when malformed."""
    if not value:
        return None
    found = _CURSOR.fullmatch(value)
    if found is None:
        abort(400, description="That link to older rows is malformed.")
    micros, row_id = int(found[1]), int(found[2])
    try:
        return _EPOCH + timedelta(microseconds=micros), row_id
    except OverflowError:
        abort(400, description="That link to older rows is malformed.")


def keyset(query: sa.Select, created: sa.ColumnElement, ident: sa.ColumnElement,
           before: str | None, size: int = PAGE_SIZE, *, plain: bool = False) -> KeysetPage:
    """One page of ``query`` (ORM entities with ``created_at`` and ``id``), newest first.

    ``created``/``ident`` are the entity's columns; the query gets its order from here.
    One statement: ``size + 1`` rows tell whether there is a next page. ``plain``: the
    query selects columns (rows with ``created_at`` and ``id``), not one entity.
    """
    cursor = parse_cursor(before)
    if cursor is not None:
        moment, row_id = cursor
        query = query.where(sa.or_(created < moment,
                                   sa.and_(created == moment, ident < row_id)))
    ordered = query.order_by(created.desc(), ident.desc()).limit(size + 1)
    rows = list(db.session.execute(ordered) if plain else db.session.scalars(ordered))
    more = len(rows) > size
    rows = rows[:size]
    last = rows[-1] if rows else None
    return KeysetPage(
        items=rows,
        next_cursor=cursor_of(last.created_at, last.id) if more and last is not None else None,
        first=cursor is None,
    )


def page_number(value: str | None) -> int:
    """A ``?page=`` value: 1 when absent; 400 when not a number in range."""
    if value is None or value == "":
        return 1
    if not re.fullmatch(r"[0-9]{1,6}", value) or not 1 <= int(value) <= MAX_PAGE:
        abort(400, description="Page numbers are whole numbers from 1.")
    return int(value)
