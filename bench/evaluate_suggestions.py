"""Replay a referral history and score "whom to refer first".

Run ``python -m bench.evaluate_suggestions``.

For each referral in time order, rank every other member for its giver using only
the referrals before it, and see where the member actually referred lands:
hit@1, hit@3 and MRR for our ranking (:func:`partner_net.domain.suggestions.suggest`)
and for the baselines random, most recent giver to me, largest owed, and most frequent
past receiver. "gini@3" is the Gini coefficient of how often each member appears in a
top 3: 0 when every member is suggested as often, towards 1 when a few get it all.

Runs on the demo group's referrals when a database has them (``DATABASE_URL``, else
the instance SQLite), and on a synthetic history it generates with ``--seed``. The
first ``--warmup`` referrals of each history only build up the past.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from partner_net.domain.reciprocity import PairAggregate
from partner_net.domain.suggestions import (
    Person,
    SuggestionInput,
    client_terms,
    pair_counts,
    suggest,
)


@dataclass(frozen=True)
class Event:
    giver: int
    receiver: int
    at: datetime


@dataclass
class History:
    name: str
    members: dict[int, str]  # id -> name
    terms: dict[int, frozenset[str]]  # ideal-client terms per member
    events: list[Event]
    strategic: dict[int, frozenset[int]] = field(default_factory=dict)  # marked partners


@dataclass
class Past:
    """Running per-pair aggregates: what a ranking may know at a point in time."""

    count: Counter[tuple[int, int]] = field(default_factory=Counter)
    last: dict[tuple[int, int], datetime] = field(default_factory=dict)

    def add(self, e: Event) -> None:
        self.count[(e.giver, e.receiver)] += 1
        self.last[(e.giver, e.receiver)] = e.at

    def pairs(self) -> list[PairAggregate]:
        return [PairAggregate(g, r, n, last_at=self.last[(g, r)])
                for (g, r), n in self.count.items()]


Ranker = Callable[[History, Past, Event, list[int], random.Random], list[int]]


def ours(history: History, past: Past, event: Event, others: list[int], _rng) -> list[int]:
    people = [Person(p, history.members[p]) for p in others]
    data = SuggestionInput(me=event.giver, candidates=people, now=event.at,
                           counts=pair_counts(event.giver, past.pairs()),
                           strategic=history.strategic.get(event.giver, frozenset()),
                           client_terms=history.terms)
    return [s.member_id for s in suggest(data)]


def by_key(key: Callable[[History, Past, Event, int], float]) -> Ranker:
    """Highest key first; ties broken at random (a fixed order would flatter or sink)."""
    def ranker(history, past, event, others, rng):
        shuffled = others[:]
        rng.shuffle(shuffled)
        return sorted(shuffled, key=lambda p: -key(history, past, event, p))
    return ranker


def random_order(_h, _p, _e, others: list[int], rng: random.Random) -> list[int]:
    shuffled = others[:]
    rng.shuffle(shuffled)
    return shuffled


def _last_gave_me(_h, past: Past, e: Event, p: int) -> float:
    at = past.last.get((p, e.giver))
    return at.timestamp() if at else float("-inf")


def _owed(_h, past: Past, e: Event, p: int) -> float:
    return past.count[(p, e.giver)] - past.count[(e.giver, p)]


def _frequent(_h, past: Past, e: Event, p: int) -> float:
    return past.count[(e.giver, p)]


RANKERS: dict[str, Ranker] = {
    "ours (suggestions.suggest)": ours,
    "random": random_order,
    "most recent giver to me": by_key(_last_gave_me),
    "largest owed": by_key(_owed),
    "most frequent past receiver": by_key(_frequent),
}


def gini(values: Sequence[float]) -> float:
    values = sorted(values)
    n, total = len(values), sum(values)
    if n == 0 or total == 0:
        return 0.0
    cumulative = sum((i + 1) * v for i, v in enumerate(values))
    return (2 * cumulative) / (n * total) - (n + 1) / n


def evaluate(history: History, warmup: int, seed: int) -> None:
    events = sorted(history.events, key=lambda e: e.at)
    print(f"\n{history.name}: {len(history.members)} members, {len(events)} referrals, "
          f"{max(0, len(events) - warmup)} ranked after a warm-up of {warmup}")
    header = f"{'ranking':30} {'hit@1':>6} {'hit@3':>6} {'MRR':>6} {'gini@3':>7}"
    print(header)
    print("-" * len(header))
    for name, ranker in RANKERS.items():
        rng = random.Random(seed)
        past = Past()
        hits1 = hits3 = 0
        rr = 0.0
        top3: Counter[int] = Counter(dict.fromkeys(history.members, 0))
        ranked_n = 0
        for i, event in enumerate(events):
            if i >= warmup:
                others = [m for m in history.members if m != event.giver]
                order = ranker(history, past, event, others, rng)
                position = order.index(event.receiver) + 1 if event.receiver in order else None
                hits1 += position == 1
                hits3 += position is not None and position <= 3
                rr += 1 / position if position else 0.0
                top3.update(order[:3])
                ranked_n += 1
            past.add(event)
        if ranked_n:
            print(f"{name:30} {hits1 / ranked_n:6.1%} {hits3 / ranked_n:6.1%} "
                  f"{rr / ranked_n:6.3f} {gini(list(top3.values())):7.2f}")


# --- Histories --------------------------------------------------------------------


INDUSTRIES = ["hospitality", "construction", "property", "retail", "professional services",
              "care", "logistics", "creative"]


def synthetic(members: int, referrals: int, seed: int) -> History:
    """A year of referrals where people give back, favour partners who serve the same
    clients, and have habits; with enough noise that no single rule explains it."""
    rng = random.Random(seed)
    ids = list(range(1, members + 1))
    terms = {m: frozenset(rng.sample(INDUSTRIES, 2)) for m in ids}
    activity = {m: rng.paretovariate(2.0) for m in ids}
    given: Counter[tuple[int, int]] = Counter()
    start = datetime(2025, 1, 1, tzinfo=UTC)
    events = []
    for i in range(referrals):
        at = start + timedelta(minutes=int(i * 365 * 24 * 60 / referrals))
        giver = rng.choices(ids, weights=[activity[m] for m in ids])[0]
        weights = []
        for p in ids:
            if p == giver:
                weights.append(0.0)
                continue
            shared = len(terms[giver] & terms[p])
            owed = max(0, given[(p, giver)] - given[(giver, p)])
            weights.append(1.0 + 2.0 * shared + 1.5 * owed + 0.3 * given[(giver, p)])
        receiver = rng.choices(ids, weights=weights)[0]
        given[(giver, receiver)] += 1
        events.append(Event(giver, receiver, at))
    names = {m: f"Member {m}" for m in ids}
    return History(f"Synthetic (seed {seed})", names, terms, events)


def demo_history() -> History | None:
    """The demo group's counted referrals, from the configured database, if any."""
    try:
        import sqlalchemy as sa

        from partner_net import create_app
        from partner_net.demo.loader import demo_group
        from partner_net.extensions import db
        from partner_net.models import Member, Membership, Referral
        from partner_net.models.network import StrategicPartner
        from partner_net.referrals.pipeline import NOT_COUNTED
    except ImportError:  # pragma: no cover
        return None
    app = create_app()
    with app.app_context():
        try:
            group = demo_group()
        except sa.exc.SQLAlchemyError:
            return None
        if group is None:
            return None
        members = db.session.scalars(
            sa.select(Member).join(Membership, Membership.member_id == Member.id)
            .where(Membership.group_id == group.id, Membership.active, Member.active)
        ).all()
        rows = db.session.execute(
            sa.select(Referral.giver_id, Referral.receiver_id, Referral.created_at)
            .where(Referral.group_id == group.id, Referral.status.not_in(NOT_COUNTED))
        ).all()
        ids = {m.id for m in members}
        terms = {m.id: client_terms(*(p.industry for p in m.ideal_clients),
                                    *(p.keywords for p in m.ideal_clients)) for m in members}
        events = [Event(g, r, at if at.tzinfo else at.replace(tzinfo=UTC))
                  for g, r, at in rows if g in ids and r in ids]
        marked: dict[int, set[int]] = {}
        for member_id, partner_id in db.session.execute(
                sa.select(StrategicPartner.member_id, StrategicPartner.partner_id)):
            marked.setdefault(member_id, set()).add(partner_id)
        strategic = {m: frozenset(p) for m, p in marked.items()}
        return History(f"Demo group “{group.name}”", {m.id: m.name for m in members},
                       terms, sorted(events, key=lambda e: e.at), strategic)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--members", type=int, default=60)
    parser.add_argument("--referrals", type=int, default=3000)
    parser.add_argument("--warmup", type=int, default=100)
    args = parser.parse_args(argv)
    demo = demo_history()
    if demo and demo.events:
        evaluate(demo, min(args.warmup, len(demo.events) // 5), args.seed)
    else:
        print("No demo referrals in the database (run `flask --app partner_net demo`); "
              "synthetic history only.")
    evaluate(synthetic(args.members, args.referrals, args.seed), args.warmup, args.seed)


if __name__ == "__main__":
    main()
