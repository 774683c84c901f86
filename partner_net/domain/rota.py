"""The featured-speaker rota, planned weeks ahead (no Flask, no database).

Rules:

- the queue is the active members, longest since their last turn first; a member who has
  never spoken counts from the day they joined, so a newcomer takes their place at the
  back of the current cycle rather than jumping it. Hence no one speaks twice before
  every active member has had a turn;
- a member away on a date (known absence) keeps their place and takes the first date
  they are there: an absence pushes them back, never out;
- a swap pins a member to a date; pinned members are not planned anywhere else in the
  horizon and the others fill the remaining dates in queue order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class RotaMember:
    id: int
    #: The date of their last turn, or of joining when they never had one.
    since: date


def queue(members: Sequence[RotaMember]) -> list[int]:
    """Member ids in turn order: longest wait first, ties by id."""
    return [m.id for m in sorted(members, key=lambda m: (m.since, m.id))]


def plan(members: Sequence[RotaMember], dates: Sequence[date], *,
         pinned: Mapping[date, int] | None = None,
         away: Mapping[date, set[int]] | None = None) -> dict[date, int | None]:
    """Who speaks on each of ``dates`` (None when nobody can)."""
    pinned = {d: m for d, m in (pinned or {}).items() if d in set(dates)}
    away = away or {}
    active = {m.id for m in members}
    pinned = {d: m for d, m in pinned.items() if m in active}
    waiting = [m for m in queue(members) if m not in set(pinned.values())]
    result: dict[date, int | None] = {}
    for day in sorted(dates):
        if day in pinned:
            result[day] = pinned[day]
            continue
        chosen = next((m for m in waiting if m not in away.get(day, set())), None)
        result[day] = chosen
        if chosen is not None:
            waiting.remove(chosen)
            waiting.append(chosen)
    return result


def swap(planned: Mapping[date, int | None], first: date, second: date) -> dict[date, int]:
    """The pins that exchange the speakers of two planned dates."""
    a, b = planned.get(first), planned.get(second)
    pins: dict[date, int] = {}
    if b is not None:
        pins[first] = b
    if a is not None:
        pins[second] = a
    return pins
