"""The 60-second round: who speaks in which order, week after week (no Flask, no database).

The rule, in one sentence: members speak in alphabetical order, starting one place
further down the list each week. Concretely, this week's first speaker is the active
member whose name comes next after last week's first speaker (wrapping from Z to A), and
the round goes on alphabetically from there and wraps round.

Why this is fair and stays fair when people join and leave:

- everybody moves up one place a week, so over ``n`` weeks (``n`` members) each member
  speaks once in every position, first and last included;
- last week's first speaker is this week's last, so nobody is first (or last) two weeks
  running;
- the start is found by *name*, not by an index into a list, so a member joining or
  leaving shifts nobody's turn: the start simply carries on from where it was (a
  starter who has left still marks the place in the alphabet).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Speaker:
    """A member as the round sorts them: by name (case and accents aside), then id."""

    key: str
    id: int

    @classmethod
    def of(cls, member_id: int, name: str) -> Speaker:
        return cls(sort_key(name), member_id)


def sort_key(name: str) -> str:
    return " ".join(name.casefold().split())


def alphabetical(members: Iterable[tuple[int, str]]) -> list[Speaker]:
    return sorted(Speaker.of(member_id, name) for member_id, name in members)


def starter_after(members: Sequence[Speaker], previous: Speaker | None,
                  steps: int = 1) -> Speaker | None:
    """The member who opens the round ``steps`` weeks after ``previous`` opened one.

    ``members`` is this week's list in :func:`alphabetical` order; ``previous`` need not
    be in it any more. With no previous round, the alphabetically first member starts.
    """
    if not members:
        return None
    ordered = sorted(members)
    if previous is None:
        return ordered[0]
    later = [s for s in ordered if s > previous]
    index = ordered.index(later[0]) if later else 0  # past the end: wrap to the start
    return ordered[(index + max(steps, 1) - 1) % len(ordered)]


def speaking_order(members: Sequence[Speaker], starter: Speaker | None) -> list[int]:
    """Member ids in speaking order: alphabetical, starting at ``starter`` (wrapping)."""
    ordered = sorted(members)
    if not ordered:
        return []
    if starter is None or starter not in ordered:
        later = [s for s in ordered if starter is not None and s > starter]
        start = ordered.index(later[0]) if later else 0
    else:
        start = ordered.index(starter)
    return [s.id for s in ordered[start:] + ordered[:start]]
