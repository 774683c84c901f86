"""The words of "whom to refer first": one clause per reason, one sentence per member.

Every reason that adds to a member's score has a clause, and the clauses are ordered by
how much they add, so the sentence's first clause is the true top reason. The words
are always a chance to give, never a debt.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from partner_net.domain.suggestions import Person

#: Words too generic to say two members serve the same people.
STOP_WORDS = frozenset({
    "and", "the", "for", "with", "who", "are", "from", "that", "their", "them", "they",
    "our", "your", "all", "any", "business", "businesses", "owner", "owners", "company",
    "companies", "client", "clients", "customer", "customers", "people", "small", "local",
    "new",
})
#: From this similarity up, "Dana serves people much like yours".
SAME_PEOPLE = 0.5
#: From this similarity up, "your ideal clients overlap"; below, "have something in common".
OVERLAP = 0.2
_TERM_SPLIT = re.compile(r"[,;/\n]+")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Reason:
    """One signal put in words: a clause of the sentence."""

    signal: str
    text: str


@dataclass(frozen=True, slots=True)
class Facts:
    """What m and p have between them, as the clauses tell it."""

    person: Person
    gave_me: int
    i_gave: int
    marked: bool
    mine: frozenset[str]
    theirs: frozenset[str]
    dates: list[date]
    received: int
    today: date


def client_terms(*texts: str) -> frozenset[str]:
    """Ideal-client terms from industries and keyword lists: split on , ; / and new
    lines, lower-cased, spaces collapsed. ``client_terms("Restaurants", "POS, bars")``
    is ``{"restaurants", "pos", "bars"}``."""
    terms = (" ".join(part.lower().split()) for text in texts for part in _TERM_SPLIT.split(text))
    return frozenset(t for t in terms if t)


def tokens(terms: Iterable[str]) -> frozenset[str]:
    """Content words of the terms: 3+ letters, no :data:`STOP_WORDS`, a plural "s" off."""
    return frozenset(w for term in terms for w in tokens_in_order(term))


def tokens_in_order(text: str) -> list[str]:
    """The content words of one text, as :func:`tokens` reads them, repeats kept."""
    words = _WORD.findall(text.lower())
    return [_singular(w) for w in words if len(w) >= 3 and w not in STOP_WORDS]


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def reasons_for(facts: Facts, signals: Mapping[str, float], shares: Mapping[str, float],
                order: Sequence[str], lead: str | None = None) -> list[Reason]:
    """A clause for every reason with a positive share of the score, the largest share
    first (ties in ``order``); ``lead``, when it has a clause, first of all (the reason
    that placed the member, when that was not the score)."""
    writers = {
        "owed": lambda: _owed_text(facts.person, facts.gave_me, facts.i_gave),
        "strategic": lambda: _strategic_text(facts, signals["strategic"]),
        "relationship": lambda: _relationship_text(facts.person.name, facts.dates, facts.today,
                                                   facts.i_gave),
        "under_served": lambda: _under_served_text(facts.person.name, facts.received),
    }
    found = [Reason(name, write()) for name, write in writers.items()
             if shares.get(name, 0.0) > 0]
    found.sort(key=lambda r: (r.signal != lead, -round(shares[r.signal], 9),
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


def _strategic_text(facts: Facts, similarity: float) -> str:
    name = facts.person.name
    if facts.marked:
        return f"{name} is one of your strategic partners"
    shared = sorted(client_terms(*facts.mine) & client_terms(*facts.theirs))
    if shared:
        return "you both serve " + " and ".join(shared[:2])
    words = sorted(tokens(facts.mine) & tokens(facts.theirs))
    which = f" ({', '.join(words[:3])})" if words else ""
    if similarity >= SAME_PEOPLE:
        return f"{name} serves people much like yours{which}"
    if similarity >= OVERLAP:
        return f"your ideal clients overlap with {name}'s{which}"
    return f"your ideal clients have something in common with {name}'s{which}"


def _relationship_text(name: str, dates: Sequence[date], today: date, i_gave: int = 0) -> str:
    """The one-to-ones, newest first, and the referrals m gave p this year (a working
    relationship)."""
    worked = f"you referred {name} {_times(i_gave)} this year" if i_gave else ""
    if not dates:
        return worked + ": a working relationship"
    ago = _ago((today - max(dates)).days)
    if len(dates) == 1:
        met = f"you had a one-to-one with {name} {ago}"
    else:
        met = f"you have had {len(dates)} one-to-ones with {name}, the last {ago}"
    return f"{met}, and {worked.replace(name, 'them', 1)}" if worked else met


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
    return f"{name} has had only {received} {plural} lately, fewer than most of the group"
