"""Replay referral histories in time order and score "whom to refer first".

Run ``python -m bench.evaluate_suggestions`` (``--seeds 101,102`` for other simulated
groups). A sanity check, not the goal: the ranking says whom one *should* refer
(give back, lift the under-served), so it is not built to predict habits.

For each referral, every ranking orders the giver's partners using only what happened
before it, and we see where the member actually referred lands: hit@1, hit@3 and the
mean reciprocal rank (MRR). Every ranking gets the same inputs: the baselines (random,
most recent giver to me, largest owed, most frequent past receiver) put the giver's
strategic partners first, as a member told to "refer your strategic partners first"
would, then order the rest by their own rule (ties at random); each history is also
replayed with no marks for anyone. "gini@3" is the Gini coefficient of how often each
member appears in a top 3. The interval is a paired bootstrap of ours minus the
baseline on reciprocal rank, resampling whole weeks (referrals of one week are not
independent).

Histories:

- **simulated groups** (:mod:`bench.group_sim`, without suggestions): receivers are
  chosen by hidden rapport, visibility, habit, gratitude and the fit of a prospect's
  need, never by this ranking's signals or weights; the ranking sees referrals,
  one-to-ones, marks and a profile similarity (``--similarity mix``: a blurred copy of
  the client bases; ``text``: the application's meaning model on written phrases);
- **the demo group**, when a database has it (``DATABASE_URL``, else the instance
  SQLite), with the application's own profile similarity (``MATCHER_BACKEND``;
  ``keywords`` replays the TF-IDF fallback); ``--seeds ''`` replays it alone. Note that
  the demo generator derives each giver's two strategic marks from their three
  favourite receivers, so with marks every ranking is told part of the answer.
"""

from __future__ import annotations

import argparse
import random
import statistics
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bench.sim_metrics import paired_interval_blocks
from partner_net.domain.client_similarity import calibrated
from partner_net.domain.exposure import ExposureLog
from partner_net.domain.reciprocity import gini
from partner_net.domain.suggestions import (
    BOND_WEIGHTS,
    WEIGHTS,
    PairCounts,
    Person,
    SuggestionInput,
    suggest,
)

YEAR = timedelta(days=365)
UNDER_SERVED = timedelta(days=91)


@dataclass(frozen=True)
class Event:
    giver: int
    receiver: int
    at: datetime


@dataclass
class History:
    name: str
    members: list[int]
    events: list[Event]
    strategic: dict[int, frozenset[int]] = field(default_factory=dict)
    similarity: dict[tuple[int, int], float] = field(default_factory=dict)
    one_to_ones: dict[int, list[tuple[int, date]]] = field(default_factory=dict)
    client_terms: dict[int, frozenset[str]] = field(default_factory=dict)

    def without_marks(self) -> History:
        return History(self.name + ", no marks", self.members, self.events, {},
                       self.similarity, self.one_to_ones, self.client_terms)

    def without_marks_or_one_to_ones(self) -> History:
        return History(self.name + ", no marks, no one-to-ones", self.members, self.events,
                       {}, self.similarity, {}, self.client_terms)


@dataclass
class Past:
    """Everything before the current referral, in the windows the application uses."""

    year: deque = field(default_factory=deque)
    quarter: deque = field(default_factory=deque)
    count: Counter = field(default_factory=Counter)  # (giver, receiver), last 12 months
    received: Counter = field(default_factory=Counter)  # receiver, last 91 days
    last: dict = field(default_factory=dict)  # (giver, receiver) -> latest, ever

    def advance(self, now: datetime) -> None:
        while self.year and self.year[0].at < now - YEAR:
            old = self.year.popleft()
            self.count[(old.giver, old.receiver)] -= 1
        while self.quarter and self.quarter[0].at < now - UNDER_SERVED:
            self.received[self.quarter.popleft().receiver] -= 1

    def add(self, e: Event) -> None:
        self.year.append(e)
        self.quarter.append(e)
        self.count[(e.giver, e.receiver)] += 1
        self.received[e.receiver] += 1
        self.last[(e.giver, e.receiver)] = e.at


Ranker = Callable[[History, Past, Event, list[int], random.Random], list[int]]


class Ours:
    """The application's ranking, with an exposure log of the slates it showed.
    ``without`` names signals whose weight is set to 0 for this ranking (an ablation)."""

    def __init__(self, without: frozenset[str] = frozenset()) -> None:
        self.log = ExposureLog()
        self.without = without

    def __call__(self, h: History, past: Past, e: Event, others: list[int], _rng) -> list[int]:
        me, week = e.giver, _monday(e.at)
        since = e.at.date() - YEAR
        meetings: dict[int, list[date]] = {}
        for partner, day in h.one_to_ones.get(me, ()):
            if since <= day < e.at.date():
                meetings.setdefault(partner, []).append(day)
        data = SuggestionInput(
            me=me, now=e.at, candidates=[Person(p, f"M{p}") for p in others],
            counts=PairCounts(
                given_to={p: past.count[(me, p)] for p in others},
                received_from={p: past.count[(p, me)] for p in others},
                last_given={p: past.last[(me, p)] for p in others if (me, p) in past.last},
                received_in_group={p: n for p, n in past.received.items() if n},
            ),
            strategic=h.strategic.get(me, frozenset()),
            similarity=calibrated({p: h.similarity.get((me, p), 0.0) for p in others}),
            one_to_ones=meetings,
            exposure=self.log.exposure(me, week, len(h.members)),
        )
        with _weights_without(self.without):
            order = [s.member_id for s in suggest(data)]
        self.log.record(me, week, order)
        return order


#: The parts of our ranking that spread giving rather than follow it.
SPREADING = frozenset({"under_served", "recency", "exposure"})


@contextmanager
def _weights_without(names: frozenset[str]) -> Iterator[None]:
    """Set the named weights (in the score and in the bond) to 0 for a moment (the
    benchmark is single-threaded)."""
    saved, saved_bond = dict(WEIGHTS), dict(BOND_WEIGHTS)
    WEIGHTS.update(dict.fromkeys(names, 0.0))
    BOND_WEIGHTS.update(dict.fromkeys(names & BOND_WEIGHTS.keys(), 0.0))
    try:
        yield
    finally:
        WEIGHTS.update(saved)
        BOND_WEIGHTS.update(saved_bond)


def _monday(at: datetime) -> date:
    return at.date() - timedelta(days=at.weekday())


def marks_first(key: Callable[[Past, Event, int], float]) -> Ranker:
    """The giver's strategic partners first, then the rest; highest key first within
    each, ties at random (a fixed order would flatter or sink a rule)."""
    def ranker(h: History, past: Past, e: Event, others: list[int], rng) -> list[int]:
        marked = h.strategic.get(e.giver, frozenset())
        shuffled = others[:]
        rng.shuffle(shuffled)
        return sorted(shuffled, key=lambda p: (p not in marked, -key(past, e, p)))
    return ranker


def _nothing(_past, _e, _p) -> float:
    return 0.0


def _last_gave_me(past: Past, e: Event, p: int) -> float:
    at = past.last.get((p, e.giver))
    return at.timestamp() if at else float("-inf")


def _owed(past: Past, e: Event, p: int) -> float:
    return past.count[(p, e.giver)] - past.count[(e.giver, p)]


def _frequent(past: Past, e: Event, p: int) -> float:
    return past.count[(e.giver, p)]


BASELINES: dict[str, Ranker] = {
    "random": marks_first(_nothing),
    "most recent giver to me": marks_first(_last_gave_me),
    "largest owed": marks_first(_owed),
    "most frequent past receiver": marks_first(_frequent),
}


@dataclass
class Scores:
    name: str
    ranks: list[float]  # reciprocal rank per ranked referral
    hits1: float
    hits3: float
    gini3: float

    @property
    def mrr(self) -> float:
        return statistics.fmean(self.ranks) if self.ranks else 0.0


def replay(history: History, ranker: Ranker, name: str, warmup: int, seed: int) -> tuple[
        Scores, list[date]]:
    rng = random.Random(f"replay-{seed}-{name}")
    events = sorted(history.events, key=lambda e: e.at)
    past = Past()
    ranks: list[float] = []
    weeks: list[date] = []
    top3: Counter[int] = Counter(dict.fromkeys(history.members, 0))
    hits1 = hits3 = 0
    for i, event in enumerate(events):
        past.advance(event.at)
        if i >= warmup:
            others = [m for m in history.members if m != event.giver]
            order = ranker(history, past, event, others, rng)
            position = order.index(event.receiver) + 1
            hits1 += position == 1
            hits3 += position <= 3
            ranks.append(1 / position)
            weeks.append(_monday(event.at))
            top3.update(order[:3])
        past.add(event)
    n = max(1, len(ranks))
    return Scores(name, ranks, hits1 / n, hits3 / n, gini(list(top3.values()))), weeks


def evaluate(history: History, warmup: int, seed: int) -> list[str]:
    """The table rows (markdown) for one history, ours first."""
    events = [e for e in history.events if e.giver in history.members
              and e.receiver in history.members]
    history = History(history.name, history.members, events, history.strategic,
                      history.similarity, history.one_to_ones, history.client_terms)
    ours, weeks = replay(history, Ours(), "ours", warmup, seed)
    rows = [f"| {history.name} ({len(events)} referrals, {len(ours.ranks)} ranked) | **ours** "
            f"| {ours.hits1:.1%} | {ours.hits3:.1%} | {ours.mrr:.3f} | | {ours.gini3:.2f} |"]
    reasons, _ = replay(history, Ours(SPREADING), "reasons only", warmup, seed)
    rows.append(f"| | ours without under-served and the brakes | {reasons.hits1:.1%} "
                f"| {reasons.hits3:.1%} | {reasons.mrr:.3f} | | {reasons.gini3:.2f} |")
    for name, ranker in BASELINES.items():
        base, _ = replay(history, ranker, name, warmup, seed)
        diffs = [a - b for a, b in zip(ours.ranks, base.ranks, strict=True)]
        mean, low, high = paired_interval_blocks(diffs, weeks, seed=seed)
        rows.append(f"| | {name} | {base.hits1:.1%} | {base.hits3:.1%} | {base.mrr:.3f} "
                    f"| {mean:+.3f} ({low:+.3f} to {high:+.3f}) | {base.gini3:.2f} |")
    return rows


HEADER = ["| history | ranking | hit@1 | hit@3 | MRR | ours - it, MRR (95% CI) | gini@3 |",
          "|---|---|---|---|---|---|---|"]


def simulated(seed: int, members: int, similarity: str = "mix") -> History:
    """A group simulated without suggestions (see :mod:`bench.group_sim`)."""
    from bench.group_sim import Params, run

    state = run(Params(members=members, seed=seed, similarity=similarity), None)
    world = state.world
    return History(
        f"simulated, {members} members, seed {seed}", list(world.ids),
        [Event(r.giver, r.receiver, r.at) for r in state.referrals],
        dict(world.strategic), dict(world.profile_similarity),
        {m: list(v) for m, v in state.one_to_ones.items()},
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="101,102,103")
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=500)
    parser.add_argument("--no-demo", action="store_true")
    parser.add_argument("--similarity", choices=("mix", "text"), default="mix",
                        help="the simulated groups' profile similarity (bench/group_sim.py)")
    args = parser.parse_args(argv)
    print("\n".join(HEADER))
    if not args.no_demo:
        from bench.demo_history import demo_history

        demo = demo_history()
        if demo is None or not demo.events:
            print("| (no demo referrals in the database: run `flask --app partner_net demo`) |")
        else:
            warm = min(args.warmup, len(demo.events) // 5)
            # The demo's one-to-ones are mostly with the marked partners (its generator's
            # choice), so the last line takes both away from our ranking.
            for h in (demo, demo.without_marks(), demo.without_marks_or_one_to_ones()):
                print("\n".join(evaluate(h, warm, 0)))
    for seed in (int(s) for s in args.seeds.split(",") if s.strip()):
        history = simulated(seed, args.members, args.similarity)
        for h in (history, history.without_marks()):
            print("\n".join(evaluate(h, args.warmup, seed)))


if __name__ == "__main__":
    main()
