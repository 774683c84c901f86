"""The exposure budget of "whom to refer first": nobody is suggested to everyone.

A ranking that scores every viewer's partners independently can put the same member in
everyone's top 3 week after week (the strategic partner of half the group, the member
everyone owes). Biega, Gummadi & Weikum (2018, "Equity of Attention") ask that the
attention a ranking gives each subject be fair *amortized over many rankings*, not in
each one. We keep that idea in its cheapest form:

- a **slate** is the top :data:`SLATE` members one viewer was shown in one week (shown
  once or fifty times that week, it counts once);
- over the last :data:`WINDOW_WEEKS` weeks, a member's **share** is the fraction of
  *other* viewers' slates that showed them (the viewer's own slates never count against
  their own suggestions, so a page does not churn as its reader reloads it);
- a member's fair share is ``SLATE / (group size - 1)``: what each would get if every
  slate were drawn evenly; the ratio to it is smoothed towards 1 by
  :data:`PRIOR_SLATES` pseudo-slates, so the first few views of a new week or a new
  group decide nothing;
- up to :data:`FREE_RATIO` times the fair share costs nothing; beyond it the signal
  rises linearly to 1.0 at :data:`FULL_RATIO` times. Suggestions subtract it (weighted).

The penalty is soft and self-correcting: a member pushed out of some slates this week
is shown less, so next week the penalty eases. Members a viewer has strong reasons for
(owed many times, a marked partner) stay in that viewer's list; the ones who were
there only at the margin make room for others. Everything here is plain data in,
numbers out; the application stores slates in ``suggestion_slates`` (one row per
viewer, member and week), the benchmark keeps them in :class:`ExposureLog`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

#: How many of a viewer's suggestions make a slate (the dashboard shows 3).
SLATE = 3
#: The rolling window, in weeks (this week included).
WINDOW_WEEKS = 4
#: Up to this multiple of the fair share, exposure is free.
FREE_RATIO = 1.5
#: At this multiple of the fair share, the exposure signal is 1.0.
FULL_RATIO = 4.0
#: Pseudo-slates at the fair share that smooth the ratio when few slates exist.
PRIOR_SLATES = 4.0


@dataclass(frozen=True, slots=True)
class Exposure:
    """How often each member was in other viewers' slates over the window.

    ``shown[p]``: slates that showed p (the viewer's own left out); ``slates``: how many
    slates other viewers had; ``group_size``: active members, the viewer included.
    """

    shown: Mapping[int, int] = field(default_factory=dict)
    slates: int = 0
    group_size: int = 0

    def fair_share(self) -> float:
        """The share of slates each member would be in if they were drawn evenly."""
        others = max(1, self.group_size - 1)
        return min(1.0, SLATE / others)

    def ratio(self, member_id: int) -> float:
        """The member's smoothed share of slates over the fair share (1.0 = fair)."""
        fair = self.fair_share()
        share = (self.shown.get(member_id, 0) + PRIOR_SLATES * fair) / (self.slates + PRIOR_SLATES)
        return share / fair

    def signal(self, member_id: int) -> float:
        """0.0 up to :data:`FREE_RATIO` times the fair share, 1.0 from :data:`FULL_RATIO`."""
        return over_exposure(self.ratio(member_id))


def over_exposure(ratio: float) -> float:
    """Map a ratio to the fair share onto 0..1 (see the module docstring)."""
    return min(1.0, max(0.0, (ratio - FREE_RATIO) / (FULL_RATIO - FREE_RATIO)))


def window_start(week: date) -> date:
    """The first week (its Monday) of the rolling window that ends with ``week``."""
    return week - timedelta(weeks=WINDOW_WEEKS - 1)


def exposure_from_slates(viewer: int, slates: Iterable[tuple[int, date, int]],
                         group_size: int) -> Exposure:
    """Count ``(viewer, week, shown member)`` rows (already limited to the window and
    unique) into an :class:`Exposure` for ``viewer``: their own rows are left out."""
    shown: Counter[int] = Counter()
    seen: set[tuple[int, date]] = set()
    for who, week, member in slates:
        if who == viewer:
            continue
        shown[member] += 1
        seen.add((who, week))
    return Exposure(dict(shown), len(seen), group_size)


@dataclass
class ExposureLog:
    """Slates kept in memory (the benchmark's stand-in for the ``suggestion_slates``
    table): ``record`` is idempotent per viewer, week and member, like the table's
    unique key."""

    rows: set[tuple[int, date, int]] = field(default_factory=set)

    def record(self, viewer: int, week: date, shown: Iterable[int]) -> None:
        for member in list(shown)[:SLATE]:
            self.rows.add((viewer, week, member))

    def exposure(self, viewer: int, week: date, group_size: int) -> Exposure:
        start = window_start(week)
        return exposure_from_slates(
            viewer, ((v, w, m) for v, w, m in self.rows if start <= w <= week), group_size)

    def prune(self, week: date) -> None:
        """Forget slates older than the window (the table is pruned the same way)."""
        start = window_start(week)
        self.rows = {row for row in self.rows if row[1] >= start}
