"""The suggestion policies the simulation compares: random, popularity and ours.

Each is called once per viewer per week while suggestions are on and returns the
viewer's slate (``Params.slate`` members). Ours is the application's own ranking,
:func:`partner_net.domain.suggestions.suggest`, fed only what the application could
know (see :mod:`bench.group_sim`): referrals, one-to-ones, strategic marks, profile
similarity and the slates it showed before.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from bench.group_sim import State, week_start
from partner_net.domain.client_similarity import calibrated
from partner_net.domain.exposure import Exposure, ExposureLog
from partner_net.domain.suggestions import PairCounts, Person, SuggestionInput, suggest

#: Pair counts (owed) and popularity look back a year, as the application does.
YEAR_WEEKS = 52
#: The under-served signal reads referrals received over this many weeks (the
#: application's ``UNDER_SERVED_DAYS``).
UNDER_SERVED_WEEKS = 13


class RandomPolicy:
    """A slate drawn at random from the other members, every week."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"random-policy-{seed}")

    def __call__(self, state: State, viewer: int, week: int) -> list[int]:
        others = [j for j in state.world.ids if j != viewer]
        return self.rng.sample(others, state.params.slate)


class PopularityPolicy:
    """The members who received most over the last year (ties in a random order):
    what a "top receivers" list or a naive recommender shows."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"popularity-policy-{seed}")
        self._week: int | None = None
        self._received: Counter[int] = Counter()

    def __call__(self, state: State, viewer: int, week: int) -> list[int]:
        if week != self._week:
            self._week = week
            self._received = Counter(r.receiver for r in state.referrals
                                     if r.week >= week - YEAR_WEEKS)
        others = [j for j in state.world.ids if j != viewer]
        self.rng.shuffle(others)
        others.sort(key=lambda j: -self._received[j])
        return others[: state.params.slate]


@dataclass
class _Week:
    """The group's aggregates at the start of one week, read once for every viewer."""

    count: Counter = field(default_factory=Counter)  # (giver, receiver) over the year
    last: dict = field(default_factory=dict)  # (giver, receiver) -> latest datetime
    received: Counter = field(default_factory=Counter)  # over UNDER_SERVED_WEEKS


class OursPolicy:
    """:func:`suggest` with the application's inputs; ``use`` switches signals off for
    ablations (a missing name feeds that signal nothing)."""

    SIGNALS = ("owed", "strategic", "similarity", "relationship", "under_served", "recency",
               "exposure")

    def __init__(self, seed: int = 0, use: frozenset[str] = frozenset(SIGNALS)) -> None:
        self.use = use
        self.log = ExposureLog()
        self._week: int | None = None
        self._agg = _Week()

    def _aggregate(self, state: State, week: int) -> _Week:
        if week != self._week:
            self._week = week
            agg = _Week()
            for r in state.referrals:
                if r.week >= week - YEAR_WEEKS:
                    agg.count[(r.giver, r.receiver)] += 1
                    agg.last[(r.giver, r.receiver)] = r.at
                if r.week >= week - UNDER_SERVED_WEEKS:
                    agg.received[r.receiver] += 1
            self._agg = agg
            self.log.prune(week_start(week).date())
        return self._agg

    def __call__(self, state: State, viewer: int, week: int) -> list[int]:
        agg = self._aggregate(state, week)
        world, use = state.world, self.use
        now = week_start(week)
        others = [j for j in world.ids if j != viewer]
        counts = PairCounts(
            given_to={j: agg.count[(viewer, j)] for j in others} if "owed" in use else {},
            received_from={j: agg.count[(j, viewer)] for j in others} if "owed" in use else {},
            last_given={j: agg.last[(viewer, j)] for j in others
                        if (viewer, j) in agg.last} if "recency" in use else {},
            received_in_group=dict(agg.received) if "under_served" in use else {},
        )
        since = now.date() - timedelta(days=365)
        one_to_ones: dict[int, list] = {}
        if "relationship" in use:
            for partner, day in state.one_to_ones.get(viewer, ()):
                if day >= since:
                    one_to_ones.setdefault(partner, []).append(day)
        data = SuggestionInput(
            me=viewer, now=now, counts=counts,
            candidates=[Person(j, f"M{j:03d}") for j in others],
            strategic=world.strategic[viewer] if "strategic" in use else frozenset(),
            similarity=(calibrated({j: world.profile_similarity[(viewer, j)] for j in others})
                        if "similarity" in use else {}),
            one_to_ones=one_to_ones,
            exposure=(self.log.exposure(viewer, now.date(), len(world.ids))
                      if "exposure" in use else Exposure()),
        )
        slate = [s.member_id for s in suggest(data, limit=state.params.slate)]
        self.log.record(viewer, now.date(), slate)
        return slate


POLICIES = {
    "none": None,
    "random": RandomPolicy,
    "popularity": PopularityPolicy,
    "ours": OursPolicy,
}
