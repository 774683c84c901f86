"""What the simulation measures over a span of weeks, with the application's own
definitions (:mod:`partner_net.domain.reciprocity`), and paired intervals over seeds."""

from __future__ import annotations

import random
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bench.group_sim import State
from partner_net.domain.reciprocity import PairAggregate, build_graph, gini, weighted_reciprocity

QUARTER_WEEKS = 13


@dataclass(frozen=True)
class Figures:
    """A group's figures over a span of weeks."""

    gini: float  # of referrals received, every member counted (zeros too)
    quarterly_reach: float  # mean share of members receiving >= 1 referral a quarter
    monthly_reach: float  # the same over 4-week months (the quarterly figure saturates)
    reciprocity: float  # weighted reciprocity (Squartini et al. 2013)
    won_value: float  # per member per year, in the group's currency
    referrals: float  # per member per week
    mean_fit: float  # of the referrals made (0..1)
    slate_gini: float  # of how often each member was on a slate (0 without suggestions)
    slate_max_share: float  # the largest share of viewers one member was shown to in a week

    NAMES = ("gini", "quarterly_reach", "monthly_reach", "reciprocity", "won_value",
             "referrals", "mean_fit", "slate_gini", "slate_max_share")

    def as_dict(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in self.NAMES}


def figures(state: State, first_week: int, end_week: int) -> Figures:
    ids = state.world.ids
    rows = [r for r in state.referrals if first_week <= r.week < end_week]
    weeks = max(1, end_week - first_week)
    received = Counter(r.receiver for r in rows)
    pairs = Counter((r.giver, r.receiver) for r in rows)
    graph = build_graph(ids, [PairAggregate(g, j, n) for (g, j), n in pairs.items()])
    shown: Counter[int] = Counter()
    weekly: Counter[tuple[int, int]] = Counter()
    for (_viewer, week), slate in state.slates.items():
        if first_week <= week < end_week:
            shown.update(slate)
            weekly.update((week, m) for m in slate)
    return Figures(
        gini=gini([received.get(m, 0) for m in ids]),
        quarterly_reach=_reach(rows, len(ids), first_week, end_week, QUARTER_WEEKS),
        monthly_reach=_reach(rows, len(ids), first_week, end_week, 4),
        reciprocity=weighted_reciprocity(graph),
        won_value=sum(r.value for r in rows) / len(ids) * 52 / weeks,
        referrals=len(rows) / len(ids) / weeks,
        mean_fit=statistics.fmean(r.fit for r in rows) if rows else 0.0,
        slate_gini=gini([shown.get(m, 0) for m in ids]) if shown else 0.0,
        slate_max_share=max(weekly.values(), default=0) / max(1, len(ids) - 1),
    )


def _reach(rows: list, members: int, first_week: int, end_week: int, span: int) -> float:
    """Mean over whole spans of the share of members who received at least one."""
    shares = []
    for start in range(first_week, end_week - span + 1, span):
        got = {r.receiver for r in rows if start <= r.week < start + span}
        shares.append(len(got) / members)
    return statistics.fmean(shares) if shares else 0.0


def paired_interval(differences: Sequence[float], seed: int = 0, resamples: int = 2000,
                    level: float = 0.95) -> tuple[float, float, float]:
    """Mean of paired differences and a percentile bootstrap interval for it."""
    rng = random.Random(f"bootstrap-{seed}")
    n = len(differences)
    means = sorted(statistics.fmean(rng.choices(differences, k=n)) for _ in range(resamples))
    tail = (1 - level) / 2
    return (statistics.fmean(differences), means[int(tail * resamples)],
            means[min(resamples - 1, int((1 - tail) * resamples))])


def paired_interval_blocks(differences: Sequence[float], blocks: Sequence[object],
                           seed: int = 0, resamples: int = 2000,
                           level: float = 0.95) -> tuple[float, float, float]:
    """Like :func:`paired_interval`, resampling whole blocks (e.g. weeks) of paired
    differences, for observations that are not independent within a block."""
    groups: dict[object, list[float]] = {}
    for d, b in zip(differences, blocks, strict=True):
        groups.setdefault(b, []).append(d)
    sums = [(sum(v), len(v)) for v in groups.values()]
    rng = random.Random(f"block-bootstrap-{seed}")
    means = []
    for _ in range(resamples):
        picked = rng.choices(sums, k=len(sums))
        means.append(sum(s for s, _ in picked) / max(1, sum(n for _, n in picked)))
    means.sort()
    tail = (1 - level) / 2
    return (statistics.fmean(differences), means[int(tail * resamples)],
            means[min(resamples - 1, int((1 - tail) * resamples))])
