"""The featured-speaker rota, planned weeks ahead (no Flask, no database).

Rules:

- the queue is the active members, longest since their last turn first; a member who has
  never spoken counts from the day they joined, so a newcomer takes their place at the
  back of the current cycle rather than jumping it. Hence no one speaks twice before
  every active member has had a turn;
- a member away on a date (known absence) keeps their place and takes the first date
  they are there: an absence pushes them back, never out;
- a swap pins a member to a date; pinned members are not planned anywhere else in the
  horizon and the others fill the remaining dates in queue order;
- members may swap their turns themselves (:func:`swap_problem` says whether the rota
  still supports a requested swap when it is accepted).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


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


class SwapProblem(StrEnum):
    """Why a members' swap of two dates cannot be made (now)."""

    SAME_PERSON = "same_person"
    SAME_DATE = "same_date"
    PAST = "past"
    NOT_PLANNED_DATE = "not_planned_date"  # outside the rota's horizon
    CANCELLED = "cancelled"
    STARTED = "started"
    REQUESTER_MOVED = "requester_moved"  # the requester no longer speaks on their date
    OTHER_MOVED = "other_moved"  # the other member no longer speaks on theirs


def swap_problem(planned: Mapping[date, int | None], *, requester_id: int,
                 requester_on: date, other_id: int, other_on: date, today: date,
                 cancelled: Collection[date] = (),
                 started: Collection[date] = ()) -> SwapProblem | None:
    """Whether ``requester`` (planned on ``requester_on``) and ``other`` (planned on
    ``other_on``) can exchange their turns given the rota as it stands: ``planned`` is
    the plan of the horizon's dates, ``cancelled`` and ``started`` the meetings that can
    no longer change speaker. None when the swap is still valid."""
    if requester_id == other_id:
        return SwapProblem.SAME_PERSON
    if requester_on == other_on:
        return SwapProblem.SAME_DATE
    for day in (requester_on, other_on):
        if day < today:
            return SwapProblem.PAST
    for day in (requester_on, other_on):
        if day in cancelled:
            return SwapProblem.CANCELLED
    for day in (requester_on, other_on):
        if day in started:
            return SwapProblem.STARTED
    for day in (requester_on, other_on):
        if day not in planned:
            return SwapProblem.NOT_PLANNED_DATE
    if planned[requester_on] != requester_id:
        return SwapProblem.REQUESTER_MOVED
    if planned[other_on] != other_id:
        return SwapProblem.OTHER_MOVED
    return None
