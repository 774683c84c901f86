"""Whom to refer first: rank a member's partners so that giving spreads.

DESIGN.md, "Whom to refer first". For member m, every other active member p gets four
reasons to be referred and two brakes, each a signal in 0..1:

- ``owed``: p referred m more than m referred p (return the favour);
  ``o / (o + 1)`` for ``o = owed(m, p) > 0``, so 1 -> 0.5, 3 -> 0.75.
- ``strategic``: 1.0 when m marked p as a strategic partner, otherwise how much they
  serve the same people: ``similarity[p]``, given by the caller (0 = nothing in common,
  1 = the same clients): in the application the matcher's meaning model, calibrated per
  member (``partner_net.network.service.profile_similarity``,
  :func:`partner_net.domain.client_similarity.calibrated`).
- ``relationship``: a working relationship: one-to-ones that count (the caller decides
  which), each worth ``0.5 ** (age / 90 days)``, plus :data:`REFERRAL_BOND` for each
  referral m gave p over the year that counts (p did not decline it, pass it on or see
  it withdrawn), summed to ``r`` and mapped to ``r / (r + 1)``.
- ``under_served``: how far down the group p is in referrals received lately:
  ``(members who received more - members who received fewer) / (others)``, floored at
  0, so the least-referred member gets 1.0 and anyone at or above the middle 0.0.
- ``recency`` (a brake): m gave p a referral within :data:`RECENT_DAYS`; 1.0 today,
  falling linearly to 0.0.
- ``exposure`` (a brake): p has been in more of the group's suggestion slates lately
  than a fair share allows (:mod:`partner_net.domain.exposure`).

The score is ``sum(WEIGHTS[s] * signal)`` over the reasons minus the same over the
brakes (:data:`BRAKES`). The list has three parts: slot 1 goes to the strongest
working relationship (:func:`bond`, less the exposure brake), slots 2 and 3 to the best
scores among the rest (where owed, under-served and the brakes spread the giving), and
everyone after that follows the bond, then the score. Each suggestion carries its
reasons, and one plain sentence that names the true top reason first: the relationship
for a member placed by the bond, else the largest contribution to the score; always
framed as a chance to give, never as a debt.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from partner_net.domain.exposure import Exposure
from partner_net.domain.reciprocity import PairAggregate
from partner_net.domain.suggestion_text import (
    Facts,
    Reason,
    client_terms,
    reasons_for,
    sentence,
    tokens,
)

__all__ = [
    "BOND_WEIGHTS", "BRAKES", "RECENT_DAYS", "WEIGHTS", "PairCounts", "Person", "Reason",
    "Suggestion", "SuggestionInput", "bond", "client_terms", "contributions", "owed_signal",
    "pair_counts", "recency_signal", "relationship_signal", "score", "sentence", "suggest",
    "tokens", "under_served_signals",
]

#: The one place the signals are weighted. The brakes are subtracted.
WEIGHTS: dict[str, float] = {
    "owed": 0.30,
    "strategic": 0.35,
    "relationship": 0.15,
    "under_served": 0.30,
    "recency": 0.10,
    "exposure": 0.30,
}
#: The bond (:func:`bond`): how strong a working relationship m has with p, less the
#: exposure brake, which keeps a member everyone works with out of everyone's slot 1.
BOND_WEIGHTS: dict[str, float] = {
    "relationship": 0.80,
    "exposure": 0.30,
}
#: Signals that count against a member.
BRAKES = frozenset({"recency", "exposure"})
#: Giving back and lifting the under-served count in full for a partner m serves the
#: same people as (``strategic`` 1.0), and this fraction for one m has nothing in
#: common with: a slot is worth most where m is likely to meet their clients.
ACTIONABLE_FLOOR = 0.3
#: The signals scaled that way.
GATED = frozenset({"owed", "under_served"})
#: A referral m gave p within this many days lowers p (spread the giving).
RECENT_DAYS = 14
#: A one-to-one counts half as much after this many days.
ONE_TO_ONE_HALF_LIFE_DAYS = 90
#: What one referral m gave p in the last 12 months (one that counts: p did not decline
#: it, pass it on or see it withdrawn) adds to the relationship, against 1.0 for a
#: one-to-one held today: a proven working relationship.
REFERRAL_BOND = 0.5
#: Similarity alone reaches at most this much of the strategic signal, so that a
#: member's own marks always come before partners who merely serve the same people
#: (calibration maps a member's few most similar partners to 1.0).
SIMILARITY_CAP = 0.8
#: The list is built in three parts. The first ``ANCHOR_SLOTS`` go to the strongest
#: bond (:func:`bond`: a working relationship); the next ``SPREAD_SLOTS`` to the
#: best score among the others, where owed, under-served and the brakes spread the
#: giving; everyone after that in the order of their bond (then of their score). The
#: first two parts make the week's top 3, the slate.
ANCHOR_SLOTS = 1
SPREAD_SLOTS = 2


@dataclass(frozen=True, slots=True)
class Person:
    """A candidate as the sentence names them; ``pronoun`` is the object form
    ("her", "him", "them"); without it the sentence repeats the name."""

    member_id: int
    name: str
    pronoun: str | None = None


@dataclass(frozen=True, slots=True)
class PairCounts:
    """m's side of the referral graph: counts with each partner, and what each member of
    the group received lately (``received_in_group``, for the under-served signal)."""

    given_to: Mapping[int, int] = field(default_factory=dict)
    received_from: Mapping[int, int] = field(default_factory=dict)
    last_given: Mapping[int, datetime] = field(default_factory=dict)
    received_in_group: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SuggestionInput:
    """Everything :func:`suggest` needs, as plain data.

    ``similarity`` maps partner ids to how much they serve the same people as m (0..1);
    ``client_terms`` (member ids, m included, to ideal-client terms) only names what
    they share in the sentence; ``one_to_ones`` maps partner ids to the dates of the
    one-to-ones that count. ``now`` and the datetimes in ``counts.last_given`` must be
    alike (both aware).
    """

    me: int
    candidates: Sequence[Person]
    now: datetime
    counts: PairCounts = field(default_factory=PairCounts)
    strategic: frozenset[int] = frozenset()
    similarity: Mapping[int, float] = field(default_factory=dict)
    client_terms: Mapping[int, frozenset[str]] = field(default_factory=dict)
    one_to_ones: Mapping[int, Sequence[date]] = field(default_factory=dict)
    exposure: Exposure = field(default_factory=Exposure)


@dataclass(frozen=True, slots=True)
class Suggestion:
    member_id: int
    name: str
    score: float
    signals: dict[str, float]
    reasons: list[Reason]
    sentence: str
    #: Placed by the bond (a working relationship) rather than by the score.
    by_bond: bool = False

    @property
    def top_reason(self) -> str | None:
        """The signal that added most to the score (None when nothing did)."""
        return self.reasons[0].signal if self.reasons else None


def pair_counts(me: int, pairs: Iterable[PairAggregate]) -> PairCounts:
    """Fold per-pair aggregates into m's :class:`PairCounts`; ``received_in_group``
    counts over the same pairs."""
    given_to: dict[int, int] = {}
    received_from: dict[int, int] = {}
    last_given: dict[int, datetime] = {}
    received: dict[int, int] = {}
    for pair in pairs:
        if pair.count < 1 or pair.giver == pair.receiver:
            continue
        received[pair.receiver] = received.get(pair.receiver, 0) + pair.count
        if pair.giver == me:
            given_to[pair.receiver] = given_to.get(pair.receiver, 0) + pair.count
            if pair.last_at and (pair.receiver not in last_given
                                 or pair.last_at > last_given[pair.receiver]):
                last_given[pair.receiver] = pair.last_at
        elif pair.receiver == me:
            received_from[pair.giver] = received_from.get(pair.giver, 0) + pair.count
    return PairCounts(given_to, received_from, last_given, received)


# --- the signals ------------------------------------------------------------------------


def owed_signal(owed: int) -> float:
    return owed / (owed + 1) if owed > 0 else 0.0


def relationship_signal(dates: Iterable[date], today: date, referrals: int = 0) -> float:
    """One-to-ones, each ``0.5 ** (age / 90 days)``, plus :data:`REFERRAL_BOND` per
    referral m gave p over the year, summed to ``r`` and mapped to ``r / (r + 1)``."""
    weight = sum(0.5 ** (max(0, (today - d).days) / ONE_TO_ONE_HALF_LIFE_DAYS) for d in dates)
    weight += REFERRAL_BOND * max(0, referrals)
    return weight / (weight + 1)


def under_served_signals(received: Mapping[int, int], group: Iterable[int]) -> dict[int, float]:
    """Each member of ``group``: ``(how many others received more - how many fewer) /
    others``, floored at 0. Members missing from ``received`` received nothing."""
    ids = list(dict.fromkeys(group))
    counts = sorted(received.get(i, 0) for i in ids)
    others = len(ids) - 1
    if others < 1:
        return dict.fromkeys(ids, 0.0)
    signals = {}
    for i in ids:
        r = received.get(i, 0)
        fewer = bisect_left(counts, r)
        more = len(counts) - bisect_right(counts, r)
        signals[i] = max(0.0, (more - fewer) / others)
    return signals


def recency_signal(last_given: datetime | None, now: datetime) -> float:
    if last_given is None:
        return 0.0
    age_days = max(0.0, (now - last_given).total_seconds() / 86400)
    return max(0.0, 1.0 - age_days / RECENT_DAYS)


def contributions(signals: Mapping[str, float]) -> dict[str, float]:
    """Each signal's share of the score: ``weight * signal``, negative for the brakes,
    and for :data:`GATED` signals times ``ACTIONABLE_FLOOR + (1 - ACTIONABLE_FLOOR) *
    strategic``."""
    act = ACTIONABLE_FLOOR + (1.0 - ACTIONABLE_FLOOR) * signals.get("strategic", 0.0)
    return {name: (-1.0 if name in BRAKES else 1.0) * WEIGHTS[name] * value
            * (act if name in GATED else 1.0)
            for name, value in signals.items()}


def score(signals: Mapping[str, float]) -> float:
    """The weighted reasons minus the weighted brakes."""
    return sum(contributions(signals).values())


def bond_contributions(signals: Mapping[str, float]) -> dict[str, float]:
    """The shares of the bond (:data:`BOND_WEIGHTS`): the working relationship, less
    the exposure brake (a partner suggested to many does not hold slot 1 on a bond
    alone)."""
    return {"relationship": BOND_WEIGHTS["relationship"] * signals.get("relationship", 0.0),
            "exposure": -BOND_WEIGHTS["exposure"] * signals.get("exposure", 0.0)}


def bond(signals: Mapping[str, float]) -> float:
    """How strong a working relationship m has with p: the sum of
    :func:`bond_contributions`."""
    return sum(bond_contributions(signals).values())


def signals_for(data: SuggestionInput, p: int, under_served: Mapping[int, float]
                ) -> dict[str, float]:
    counts = data.counts
    owed = counts.received_from.get(p, 0) - counts.given_to.get(p, 0)
    marked = 1.0 if p in data.strategic else 0.0
    return {
        "owed": owed_signal(owed),
        "strategic": max(marked, SIMILARITY_CAP * min(1.0, max(0.0,
                                                                data.similarity.get(p, 0.0)))),
        "relationship": relationship_signal(data.one_to_ones.get(p, ()), data.now.date(),
                                            counts.given_to.get(p, 0)),
        "under_served": under_served.get(p, 0.0),
        "recency": recency_signal(counts.last_given.get(p), data.now),
        "exposure": data.exposure.signal(p),
    }


# --- the ranking --------------------------------------------------------------------------


def suggest(data: SuggestionInput, limit: int | None = None) -> list[Suggestion]:
    """Rank every candidate but m, best first; ties by name (case-blind), then id.

    Every candidate is scored; reasons and sentences are written for the ``limit``
    returned only."""
    people = [p for p in data.candidates if p.member_id != data.me]
    under = under_served_signals(data.counts.received_in_group,
                                 [data.me, *(p.member_id for p in people)])
    scored = []
    for person in people:
        signals = signals_for(data, person.member_id, under)
        scored.append((score(signals), person, signals))
    scored.sort(key=lambda row: (-round(row[0], 9), row[1].name.casefold(), row[1].member_id))
    # sorted() is stable: equal bonds keep the order of the score.
    by_bond = sorted(scored, key=lambda row: -round(bond(row[2]), 9))
    anchors = [row for row in by_bond[:ANCHOR_SLOTS] if bond(row[2]) > 0]
    taken = {row[1].member_id for row in anchors}
    spread = [row for row in scored if row[1].member_id not in taken][:SPREAD_SLOTS]
    taken |= {row[1].member_id for row in spread}
    rest = [row for row in by_bond if row[1].member_id not in taken]
    placed = ([(row, True) for row in anchors] + [(row, False) for row in spread]
              + [(row, bond(row[2]) > 0) for row in rest])
    return [_suggestion(data, person, signals, value, by_bond_)
            for (value, person, signals), by_bond_ in placed[:limit]]


def _suggestion(data: SuggestionInput, person: Person, signals: dict[str, float],
                value: float, by_bond: bool = False) -> Suggestion:
    """``by_bond``: p was placed by the bond, so the relationship is the first reason
    (with its share of the bond), then the score's reasons."""
    p, counts = person.member_id, data.counts
    facts = Facts(
        person=person,
        gave_me=counts.received_from.get(p, 0),
        i_gave=counts.given_to.get(p, 0),
        marked=p in data.strategic,
        mine=data.client_terms.get(data.me, frozenset()),
        theirs=data.client_terms.get(p, frozenset()),
        dates=list(data.one_to_ones.get(p, ())),
        received=counts.received_in_group.get(p, 0),
        today=data.now.date(),
    )
    shares = {name: c for name, c in contributions(signals).items() if name not in BRAKES}
    if by_bond:
        shares["relationship"] = bond_contributions(signals)["relationship"]
    reasons = reasons_for(facts, signals, shares, order=list(WEIGHTS),
                          lead="relationship" if by_bond else None)
    return Suggestion(p, person.name, value, signals, reasons, sentence(person, reasons),
                      by_bond)
