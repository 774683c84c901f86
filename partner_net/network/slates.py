"""The exposure budget's memory: whom each member was shown in their top suggestions,
per week (``suggestion_slates``). No Flask here beyond the database session.

Reading costs one query of at most ``members x SLATE x WINDOW_WEEKS`` small rows (960
for an 80-member group); writing happens only when a viewer's top 3 holds someone not
yet recorded for them this week (usually the first view of the week), as one
``INSERT ... ON CONFLICT DO NOTHING``, so two tabs or two workers recording the same
slate at once store it once. The same write prunes the group's rows older than the
window.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from partner_net import clock
from partner_net.domain.exposure import SLATE, Exposure, exposure_from_slates, window_start
from partner_net.extensions import db
from partner_net.models import Group, SuggestionSlate


def week_of(group: Group, now: datetime) -> date:
    """The Monday of ``now``'s week in the group's time zone."""
    local = now.astimezone(clock.zone(group.timezone)).date()
    return local - timedelta(days=local.weekday())


def read(group_id: int, viewer_id: int, week: date, group_size: int
         ) -> tuple[Exposure, frozenset[int]]:
    """The viewer's :class:`Exposure` (other viewers' slates over the window) and whom
    the viewer's own slate already holds this week."""
    rows = db.session.execute(window_query(), window_params(group_id, week)).all()
    return from_rows(rows, viewer_id, week, group_size)


def window_query() -> sa.Select:
    """(viewer, week, member) of the group's slates over the window: :func:`read`'s
    statement, with :func:`window_params`."""
    return sa.select(SuggestionSlate.viewer_id, SuggestionSlate.week, SuggestionSlate.member_id
                     ).where(SuggestionSlate.group_id == sa.bindparam("group_id"),
                             SuggestionSlate.week >= sa.bindparam("window_start"),
                             SuggestionSlate.week <= sa.bindparam("week"))


def window_params(group_id: int, week: date) -> dict[str, object]:
    return {"group_id": group_id, "window_start": window_start(week), "week": week}


def from_rows(rows: list[tuple[int, date, int]], viewer_id: int, week: date,
              group_size: int) -> tuple[Exposure, frozenset[int]]:
    """:func:`read` from :func:`window_query`'s rows."""
    mine = frozenset(m for v, w, m in rows if v == viewer_id and w == week)
    return exposure_from_slates(viewer_id, rows, group_size), mine


def record(group_id: int, viewer_id: int, week: date, shown: Sequence[int],
           already: frozenset[int]) -> bool:
    """Add the viewer's top :data:`SLATE` to this week's slate; True when anything was
    written (the caller commits)."""
    new = [m for m in shown[:SLATE] if m not in already]
    if not new:
        return False
    dialect = db.session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(SuggestionSlate)
    db.session.execute(
        insert.values([{"group_id": group_id, "viewer_id": viewer_id, "week": week,
                        "member_id": m} for m in new])
        .on_conflict_do_nothing(index_elements=["group_id", "viewer_id", "week", "member_id"])
    )
    db.session.execute(sa.delete(SuggestionSlate).where(
        SuggestionSlate.group_id == group_id, SuggestionSlate.week < window_start(week)))
    return True
