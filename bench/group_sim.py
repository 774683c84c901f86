"""An agent-based model of one networking group, to see what suggestions do to it.

Everything the model decides is drawn from one seed, so a run is a pure function of
``(Params, policy)``: the same seed gives the same world, the same prospects and the
same referrals (separate random streams per purpose keep the prospects identical
across policies, so policies are compared on common random numbers).

The world (hidden from every ranking):

- each member has a **trade** (a few trades are shared or close: trades come in
  families of three, and a neighbouring trade can do part of a job) and a **client
  base**, a mix over client segments (restaurants, landlords, families, ...) that leans
  towards the segments that need their trade;
- every trade has a **demand** per segment; **prospects arise in members' client
  bases**: each week member g meets a Poisson number of people with a need, from g's
  segments, needing a trade drawn from what those segments need;
- the **fit** of receiver j for a prospect is ``trade match x (0.3 + 0.7 x how much j
  serves that segment)``; a referral is **won** with probability ``WIN_BASE x fit``,
  less when the receiver is overloaded (more than ``capacity`` referrals in four weeks:
  the extra ones are worked with less care);
- members refer whom they have **in mind**: awareness of j is a personal rapport times
  j's visibility (how well j presents; lognormal, so some members are simply popular),
  raised by referrals given to j (habit), referrals received from j (gratitude) and
  one-to-ones with j, all fading with a half-life of about 46 weeks. A prospect is
  referred with probability ``1 - exp(-kappa x sum of awareness x fit)`` (someone
  suitable comes to mind) and goes to j with probability proportional to
  ``awareness x fit^2``;
- a member **follows the suggestions** in a given week with probability ``follow``:
  that week the members on their slate are as present in their mind as their
  favourites (awareness raised to ``FOLLOW_BOOST`` times their mean awareness), which
  both makes a referral more likely and steers it. Not following, they act as without
  suggestions;
- members hold about one one-to-one a fortnight, with someone chosen in proportion to
  awareness; they mark two strategic partners at the start: the two members of other
  trades whose clients look most like theirs, among those they get on with.

What a ranking may see: the referrals (giver, receiver, when), the one-to-ones, the
strategic marks, a **profile similarity**, and the slates it showed before. The profile
similarity is, with ``Params.similarity``:

- ``"mix"``: the cosine of the two client bases, each blurred with noise, as a profile
  text is a blurred picture of a client base;
- ``"text"``: what the application itself computes from what members write. Each
  member writes whom they serve: the two largest segments of their blurred client base,
  each in one of four phrasings drawn at random (``bench/sim_segments.json``, written
  once before any run); the similarity is
  :func:`partner_net.domain.similarity.similarity_row` with the matcher's default
  meaning model (all-MiniLM-L6-v2 int8 on ONNX Runtime), the closest pair of phrases.
  The marks are chosen as in ``"mix"`` (members know whose clients look like theirs),
  so both variants play the same world and differ only in what the ranking sees.

Either way the ranking calibrates it as the application does.
``kappa`` is calibrated per world so that without suggestions the group passes
``referrals_per_member_week`` (about one per member per week, the figure networking
organisations publish).
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

#: Win probability of a perfectly fitting referral worked with full care.
WIN_BASE = 0.55
#: Neighbouring trades (same family) can do the job at this fraction of the fit.
NEIGHBOUR_MATCH = 0.35
#: Weekly decay of habit, gratitude and one-to-one memories (half-life ~46 weeks).
MEMORY_DECAY = 0.985
#: How much one referral given and one one-to-one add to awareness (a referral
#: received adds ``Params.gratitude``).
HABIT, ONE_TO_ONE = 0.6, 0.8
#: Following the slate makes its members this many times as present as the average.
FOLLOW_BOOST = 3.0
#: Noise on the client bases a profile similarity sees.
PROFILE_NOISE = 0.08
START = datetime(2024, 1, 1, tzinfo=UTC)  # a Monday


@dataclass(frozen=True)
class Params:
    members: int = 50
    segments: int = 10
    weeks_warmup: int = 26
    weeks_on: int = 52
    weeks_off: int = 26
    follow: float = 0.3
    slate: int = 3
    referrals_per_member_week: float = 1.0
    prospects_per_member_week: float = 2.5
    capacity: float = 8.0  # referrals in 4 weeks a member works with full care
    gratitude: float = 0.5  # awareness a referral received adds for its giver
    one_to_ones_per_week: float = 0.5
    seed: int = 1
    kappa: float | None = None  # calibrated when None
    similarity: str = "mix"  # or "text": see the module's docstring

    @property
    def weeks(self) -> int:
        return self.weeks_warmup + self.weeks_on + self.weeks_off


@dataclass(frozen=True)
class World:
    """The hidden truth of one group, drawn from the seed."""

    ids: list[int]
    trade: dict[int, int]
    family: dict[int, int]  # trade -> family
    clients: dict[int, list[float]]  # member -> mix over segments
    demand: dict[int, list[float]]  # segment -> weight per trade (index = trade)
    trade_value: dict[int, float]
    activity: dict[int, float]
    rapport: dict[tuple[int, int], float]  # (g, j) -> base awareness
    profile_similarity: dict[tuple[int, int], float]
    strategic: dict[int, frozenset[int]]
    by_trade_family: dict[int, list[int]]  # family -> members whose trade is in it


def _dirichlet(rng: random.Random, alpha: float, k: int) -> list[float]:
    draws = [rng.gammavariate(alpha, 1.0) for _ in range(k)]
    total = sum(draws) or 1.0
    return [d / total for d in draws]


def _cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    na, nb = math.sqrt(sum(x * x for x in a)), math.sqrt(sum(y * y for y in b))
    return dot / (na * nb) if na and nb else 0.0


def make_world(params: Params) -> World:
    rng = random.Random(f"world-{params.seed}")
    n, k = params.members, params.segments
    ids = list(range(1, n + 1))
    trades = max(3, round(0.85 * n))
    family = {t: t // 3 for t in range(trades)}
    need_by_trade = {t: _dirichlet(rng, 0.6, k) for t in range(trades)}
    base_demand = {t: rng.lognormvariate(0, 0.6) for t in range(trades)}
    trade = {m: (m - 1) if m <= trades else rng.randrange(trades) for m in ids}
    present = sorted(set(trade.values()))
    demand = {s: [base_demand[t] * need_by_trade[t][s] if t in present else 0.0
                  for t in range(trades)] for s in range(k)}
    clients = {}
    for m in ids:
        noise = _dirichlet(rng, 0.4, k)
        mix = [0.6 * a + 0.4 * b for a, b in zip(need_by_trade[trade[m]], noise, strict=True)]
        clients[m] = mix
    trade_value = {t: 1500 * rng.lognormvariate(0, 0.6) for t in range(trades)}
    activity = {m: rng.lognormvariate(0, 0.4) for m in ids}
    visibility = {m: rng.lognormvariate(0, 0.6) for m in ids}
    rapport = {(g, j): rng.lognormvariate(0, 0.5) * visibility[j]
               for g in ids for j in ids if g != j}
    seen = {m: [max(0.0, x + rng.gauss(0, PROFILE_NOISE)) for x in clients[m]] for m in ids}
    similarity = {(g, j): _cosine(seen[g], seen[j]) for g in ids for j in ids if g != j}
    strategic = {}
    for g in ids:
        others = [j for j in ids if j != g and family[trade[j]] != family[trade[g]]]
        liked = sorted(others, key=lambda j: -rapport[(g, j)])[: max(2, len(others) // 2)]
        liked.sort(key=lambda j: (-similarity[(g, j)], j))
        strategic[g] = frozenset(liked[:2])
    by_family: dict[int, list[int]] = defaultdict(list)
    for m in ids:
        by_family[family[trade[m]]].append(m)
    if params.similarity == "text":
        similarity = text_similarity(params, seen)
    return World(ids, trade, family, clients, demand, trade_value, activity, rapport,
                 similarity, strategic, dict(by_family))


SEGMENT_PHRASES = Path(__file__).with_name("sim_segments.json")
#: Segments a member names in "whom I serve" (the largest of their blurred client base).
NAMED_SEGMENTS = 2


def text_similarity(params: Params, seen: dict[int, list[float]]
                    ) -> dict[tuple[int, int], float]:
    """The application's profile similarity on what each member writes (see the module's
    docstring, ``"text"``). Own random stream: the rest of the world is unchanged."""
    from partner_net.domain import semantic
    from partner_net.domain.similarity import similarity_row

    phrasings = json.loads(SEGMENT_PHRASES.read_text())["segments"]
    if len(phrasings) != params.segments:
        raise ValueError(f"the text variant needs {len(phrasings)} segments")
    rng = random.Random(f"profiles-{params.seed}")
    phrases = {m: [rng.choice(phrasings[s]) for s in sorted(
        range(params.segments), key=lambda s: -mix[s])[:NAMED_SEGMENTS]]
        for m, mix in seen.items()}
    encoder = semantic.load_onnx()
    if encoder is None:
        raise RuntimeError("the text variant needs the default ONNX model installed")
    return {(g, j): value for g in phrases
            for j, value in similarity_row(g, phrases, encoder).items()}


@dataclass(frozen=True)
class Referral:
    giver: int
    receiver: int
    week: int
    at: datetime
    fit: float
    won: bool
    value: float


@dataclass
class State:
    """What has happened so far (and what a ranking may read of it)."""

    world: World
    params: Params
    referrals: list[Referral] = field(default_factory=list)
    one_to_ones: dict[int, list[tuple[int, date]]] = field(
        default_factory=lambda: defaultdict(list))
    memory: dict[tuple[int, int], float] = field(default_factory=lambda: defaultdict(float))
    slates: dict[tuple[int, int], list[int]] = field(default_factory=dict)  # (viewer, week)
    received_recent: Counter[int] = field(default_factory=Counter)  # last 4 weeks

    def awareness(self, g: int, j: int) -> float:
        return self.world.rapport[(g, j)] * (1.0 + math.log1p(self.memory.get((g, j), 0.0)))


def week_start(week: int) -> datetime:
    return START + timedelta(weeks=week)


#: A policy gives each viewer a slate for the week (None: no suggestions at all).
Policy = Callable[[State, int, int], list[int]]


def fit_of(world: World, receiver: int, segment: int, trade: int) -> float:
    own = world.trade[receiver]
    if own == trade:
        match = 1.0
    elif world.family[own] == world.family[trade]:
        match = NEIGHBOUR_MATCH
    else:
        return 0.0
    mix = world.clients[receiver]
    return match * (0.3 + 0.7 * mix[segment] / max(mix))


def run(params: Params, policy: Policy | None, world: World | None = None) -> State:
    """Play the whole horizon: warm-up without suggestions, ``weeks_on`` with ``policy``,
    ``weeks_off`` without again. ``world`` replaces the one drawn from the seed."""
    if params.kappa is None:
        params = replace(params, kappa=calibrate(params, world))
    world = world or make_world(params)
    state = State(world, params)
    prospects = random.Random(f"prospects-{params.seed}")
    follows = random.Random(f"follow-{params.seed}")
    meetings = random.Random(f"meetings-{params.seed}")
    on = range(params.weeks_warmup, params.weeks_warmup + params.weeks_on)
    recent: list[list[Referral]] = []
    for week in range(params.weeks):
        boosted: dict[int, list[int]] = {}
        if policy is not None and week in on:
            for g in world.ids:
                slate = policy(state, g, week)
                state.slates[(g, week)] = slate
                if follows.random() < params.follow:
                    boosted[g] = slate
        this_week = _referrals_of_week(state, week, boosted, prospects)
        recent.append(this_week)
        if len(recent) > 4:
            recent.pop(0)
        state.received_recent = Counter(r.receiver for batch in recent for r in batch)
        _one_to_ones(state, week, meetings)
        for key in state.memory:
            state.memory[key] *= MEMORY_DECAY
    return state


def _referrals_of_week(state: State, week: int, boosted: dict[int, list[int]],
                       prospects: random.Random) -> list[Referral]:
    """Each member's prospects of the week, referred or not. Every draw about a
    prospect comes from ``prospects`` in a fixed order, so all policies meet the same
    prospects with the same dice (common random numbers)."""
    world, params = state.world, state.params
    made = []
    for g in world.ids:
        count = _poisson(prospects, params.prospects_per_member_week * world.activity[g])
        needs = []
        for _ in range(count):
            segment = prospects.choices(range(params.segments), world.clients[g])[0]
            trade = prospects.choices(range(len(world.demand[segment])),
                                      world.demand[segment])[0]
            needs.append((segment, trade, prospects.random(), prospects.random(),
                          prospects.random(), prospects.lognormvariate(0, 0.5),
                          prospects.random()))
        slate = set(boosted.get(g, ()))
        mean_awareness = 0.0
        if slate:
            others = [j for j in world.ids if j != g]
            mean_awareness = sum(state.awareness(g, j) for j in others) / len(others)
        for segment, trade, u_refer, u_pick, u_win, size, u_day in needs:
            pool = [j for j in world.by_trade_family[world.family[trade]] if j != g]
            weights = []
            for j in pool:
                fit = fit_of(world, j, segment, trade)
                aware = state.awareness(g, j)
                if j in slate:
                    aware = max(aware, FOLLOW_BOOST * mean_awareness)
                weights.append((j, fit, aware))
            pull = sum(a * f for _, f, a in weights)
            if not weights or u_refer >= 1.0 - math.exp(-params.kappa * pull):
                continue
            receiver, fit = _pick(weights, u_pick)
            load = state.received_recent.get(receiver, 0)
            care = 1.0 if load <= params.capacity else params.capacity / load
            won = u_win < WIN_BASE * fit * care
            value = world.trade_value[world.trade[receiver]] * size if won else 0.0
            at = week_start(week) + timedelta(days=6.99 * u_day)
            referral = Referral(g, receiver, week, at, fit, won, value)
            made.append(referral)
            state.referrals.append(referral)
            state.memory[(g, receiver)] += HABIT
            state.memory[(receiver, g)] += params.gratitude
            state.received_recent[receiver] += 1
    return made


def _pick(weights: list[tuple[int, float, float]], u: float) -> tuple[int, float]:
    scores = [a * f * f for _, f, a in weights]
    total = sum(scores)
    target, acc = u * total, 0.0
    for (j, fit, _), s in zip(weights, scores, strict=True):
        acc += s
        if target < acc:
            return j, fit
    return weights[-1][0], weights[-1][1]


def _one_to_ones(state: State, week: int, rng: random.Random) -> None:
    ids = state.world.ids
    for g in ids:
        if rng.random() >= state.params.one_to_ones_per_week / 2:  # each meeting has two
            continue
        others = [j for j in ids if j != g]
        partner = rng.choices(others, [state.awareness(g, j) for j in others])[0]
        day = week_start(week).date() + timedelta(days=rng.randrange(5))
        state.one_to_ones[g].append((partner, day))
        state.one_to_ones[partner].append((g, day))
        state.memory[(g, partner)] += ONE_TO_ONE
        state.memory[(partner, g)] += ONE_TO_ONE


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def calibrate(params: Params, world: World | None = None) -> float:
    """The ``kappa`` for which the group without suggestions passes
    ``referrals_per_member_week`` on average over the horizon (bisection on log kappa)."""
    target = params.referrals_per_member_week * params.members * params.weeks
    low, high = math.log(1e-3), math.log(10.0)
    for _ in range(14):
        mid = (low + high) / 2
        state = run(replace(params, kappa=math.exp(mid)), None, world)
        if len(state.referrals) < target:
            low = mid
        else:
            high = mid
    return math.exp((low + high) / 2)
