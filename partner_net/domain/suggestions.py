"""Whom to refer first: rank a member's partners by explainable signals.

DESIGN.md, "Whom to refer first". For member m, every other active member p gets
five signals, each in 0..1:

- ``owed``: p referred m more than m referred p (a chance to return the favour);
  ``o / (o + 1)`` for ``o = owed(m, p) > 0``, so 1 -> 0.5, 3 -> 0.75.
- ``strategic``: 1.0 when m marked p as a strategic partner, otherwise the Jaccard
  index of the word tokens of their ideal-client terms (industries, keywords).
- ``relationship``: one-to-ones held with p, each worth ``0.5 ** (age / 90 days)``,
  summed to ``r`` and mapped to ``r / (r + 1)``.
- ``under_served``: ``1 - received(p) / max received`` in the group (1.0 when nobody
  received anything).
- ``recency``: m gave p a referral within :data:`RECENT_DAYS`; 1.0 today, falling
  linearly to 0.0. It counts *against* p, as ``1 - recency``.

The score is ``sum(WEIGHTS[s] * signal)`` with ``1 - recency`` in place of recency;
the weights sum to 1, so the score is in 0..1 too. Each suggestion carries its
reasons and one plain sentence, always framed as a chance to give, never as a debt.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from partner_net.domain.reciprocity import PairAggregate

#: The one place the signals are weighted. ``recency`` is applied as ``1 - recency``.
WEIGHTS: dict[str, float] = {
    "owed": 0.35,
    "strategic": 0.30,
    "relationship": 0.15,
    "under_served": 0.10,
    "recency": 0.10,
}

#: A referral m gave p within this many days lowers p (spread the giving).
RECENT_DAYS = 14
#: A one-to-one counts half as much after this many days.
ONE_TO_ONE_HALF_LIFE_DAYS = 90
#: Under-served is worth mentioning in the sentence from this signal up.
UNDER_SERVED_REASON_MIN = 0.5

#: Words too generic to say two members serve the same people.
STOP_WORDS = frozenset({
    "and", "the", "for", "with", "who", "are", "from", "that", "their", "them", "they",
    "our", "your", "all", "any", "business", "businesses", "owner", "owners", "company",
    "companies", "client", "clients", "customer", "customers", "people", "small", "local",
    "new",
})
_TERM_SPLIT = re.compile(r"[,;/\n]+")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Person:
    """A candidate as the sentence names them; ``pronoun`` is the object form
    ("her", "him", "them"); without it the sentence repeats the name."""

    member_id: int
    name: str
    pronoun: str | None = None


@dataclass(frozen=True, slots=True)
class PairCounts:
    """m's side of the referral graph: counts with each partner, and the group's."""

    given_to: Mapping[int, int] = field(default_factory=dict)
    received_from: Mapping[int, int] = field(default_factory=dict)
    last_given: Mapping[int, datetime] = field(default_factory=dict)
    received_in_group: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SuggestionInput:
    """Everything :func:`suggest` needs, as plain data.

    ``client_terms`` maps member ids (m included) to their ideal-client terms (see
    :func:`client_terms`); ``one_to_ones`` maps partner ids to the dates m met them.
    ``now`` and the datetimes in ``counts.last_given`` must be alike (both aware).
    """

    me: int
    candidates: Sequence[Person]
    now: datetime
    counts: PairCounts = field(default_factory=PairCounts)
    strategic: frozenset[int] = frozenset()
    client_terms: Mapping[int, frozenset[str]] = field(default_factory=dict)
    one_to_ones: Mapping[int, Sequence[date]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Reason:
    """One signal put in words: a clause of the sentence."""

    signal: str
    text: str


@dataclass(frozen=True, slots=True)
class Suggestion:
    member_id: int
    name: str
    score: float
    signals: dict[str, float]
    reasons: list[Reason]
    sentence: str


def pair_counts(me: int, pairs: Iterable[PairAggregate]) -> PairCounts:
    """Fold the group's per-pair aggregates into m's :class:`PairCounts`."""
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


def client_terms(*texts: str) -> frozenset[str]:
    """Ideal-client terms from industries and keyword lists: split on , ; / and new
    lines, lower-cased, spaces collapsed. ``client_terms("Restaurants", "POS, bars")``
    is ``{"restaurants", "pos", "bars"}``."""
    terms = (" ".join(part.lower().split()) for text in texts for part in _TERM_SPLIT.split(text))
    return frozenset(t for t in terms if t)


def tokens(terms: Iterable[str]) -> frozenset[str]:
    """Content words of the terms: 3+ letters, no :data:`STOP_WORDS`, a plural "s" off."""
    words = (w for term in terms for w in _WORD.findall(term.lower()))
    return frozenset(_singular(w) for w in words if len(w) >= 3 and w not in STOP_WORDS)


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """``|a & b| / |a | b|``; 0.0 for two empty sets."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def owed_signal(owed: int) -> float:
    return owed / (owed + 1) if owed > 0 else 0.0


def relationship_signal(dates: Iterable[date], today: date) -> float:
    weight = sum(0.5 ** (max(0, (today - d).days) / ONE_TO_ONE_HALF_LIFE_DAYS) for d in dates)
    return weight / (weight + 1)


def under_served_signal(received: int, max_received: int) -> float:
    return 1.0 - received / max_received if max_received > 0 else 1.0


def recency_signal(last_given: datetime | None, now: datetime) -> float:
    if last_given is None:
        return 0.0
    age_days = max(0.0, (now - last_given).total_seconds() / 86400)
    return max(0.0, 1.0 - age_days / RECENT_DAYS)


def score(signals: Mapping[str, float]) -> float:
    """Weighted sum of the signals, recency counted as ``1 - recency``; in 0..1."""
    total = sum(WEIGHTS[name] * value for name, value in signals.items() if name != "recency")
    return total + WEIGHTS["recency"] * (1.0 - signals["recency"])


def suggest(data: SuggestionInput, limit: int | None = None) -> list[Suggestion]:
    """Rank every candidate but m, best first; ties by name (case-blind), then id."""
    max_received = max(data.counts.received_in_group.values(), default=0)
    rows = [
        _suggestion(data, person, max_received)
        for person in data.candidates
        if person.member_id != data.me
    ]
    rows.sort(key=lambda s: (-round(s.score, 9), s.name.casefold(), s.member_id))
    return rows[:limit]


@dataclass(frozen=True, slots=True)
class _Facts:
    """What m and p have between them, read once from the input."""

    person: Person
    gave_me: int
    i_gave: int
    mine: frozenset[str]
    theirs: frozenset[str]
    dates: list[date]
    received: int
    today: date


def _facts(data: SuggestionInput, person: Person) -> _Facts:
    p, counts, terms = person.member_id, data.counts, data.client_terms
    return _Facts(
        person=person,
        gave_me=counts.received_from.get(p, 0),
        i_gave=counts.given_to.get(p, 0),
        mine=terms.get(data.me, frozenset()),
        theirs=terms.get(p, frozenset()),
        dates=list(data.one_to_ones.get(p, ())),
        received=counts.received_in_group.get(p, 0),
        today=data.now.date(),
    )


def _suggestion(data: SuggestionInput, person: Person, max_received: int) -> Suggestion:
    facts, p = _facts(data, person), person.member_id
    strategic = p in data.strategic
    signals = {
        "owed": owed_signal(facts.gave_me - facts.i_gave),
        "strategic": 1.0 if strategic else jaccard(tokens(facts.mine), tokens(facts.theirs)),
        "relationship": relationship_signal(facts.dates, facts.today),
        "under_served": under_served_signal(facts.received, max_received),
        "recency": recency_signal(data.counts.last_given.get(p), data.now),
    }
    reasons = _reasons(facts, signals, strategic)
    return Suggestion(p, person.name, score(signals), signals, reasons, sentence(person, reasons))


def _reasons(facts: _Facts, signals: Mapping[str, float], strategic: bool) -> list[Reason]:
    """The clauses worth saying, strongest contribution to the score first (ties in
    the order of :data:`WEIGHTS`)."""
    name = facts.person.name
    found: list[Reason] = []
    if signals["owed"] > 0:
        found.append(Reason("owed", _owed_text(facts.person, facts.gave_me, facts.i_gave)))
    if strategic:
        found.append(Reason("strategic", f"{name} is one of your strategic partners"))
    elif signals["strategic"] > 0:
        found.append(Reason("strategic", _overlap_text(name, facts.mine, facts.theirs)))
    if facts.dates:
        found.append(Reason("relationship", _relationship_text(name, facts.dates, facts.today)))
    if signals["under_served"] >= UNDER_SERVED_REASON_MIN:
        found.append(Reason("under_served", _under_served_text(name, facts.received)))
    order = list(WEIGHTS)
    found.sort(key=lambda r: (-round(WEIGHTS[r.signal] * signals[r.signal], 9),
                              order.index(r.signal)))
    return found


def sentence(person: Person, reasons: Sequence[Reason], top: int = 2) -> str:
    """One plain sentence from the top reasons, or an invitation to meet."""
    if not reasons:
        return f"A chance to get to know {person.name}: book a one-to-one."
    text = "; ".join(reason.text for reason in reasons[:top])
    text = _first_name_after_first_mention(text, person.name)
    return text[0].upper() + text[1:] + "."


def _first_name_after_first_mention(text: str, name: str) -> str:
    """"Dana Lee referred you…; you met Dana Lee" reads better as "…; you met Dana"."""
    first = name.split()[0] if name.split() else name
    head, found, tail = text.partition(name)
    return head + found + tail.replace(name, first) if found and first != name else text


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _owed_text(person: Person, gave_me: int, i_gave: int) -> str:
    said = f"{person.name} referred you {_times(gave_me)}"
    if i_gave == 0:
        back = person.pronoun or f"{person.name} back"
        return f"{said} and you have not referred {back} yet"
    them = person.pronoun or person.name
    return f"{said} and you referred {them} {_times(i_gave)}: a chance to give back"


def _overlap_text(name: str, mine: frozenset[str], theirs: frozenset[str]) -> str:
    shared = sorted(client_terms(*mine) & client_terms(*theirs))
    if shared:
        return "you both serve " + " and ".join(shared[:2])
    words = sorted(tokens(mine) & tokens(theirs))
    return f"your ideal clients overlap with {name}'s ({', '.join(words[:3])})"


def _relationship_text(name: str, dates: Sequence[date], today: date) -> str:
    ago = _ago((today - max(dates)).days)
    if len(dates) == 1:
        return f"you had a one-to-one with {name} {ago}"
    return f"you have had {len(dates)} one-to-ones with {name}, the last {ago}"


def _ago(days: int) -> str:
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    return f"{days // 30} months ago"


def _under_served_text(name: str, received: int) -> str:
    if received == 0:
        return f"nobody in the group has referred {name} lately"
    plural = "referral" if received == 1 else "referrals"
    return f"{name} has had only {received} {plural} lately"
