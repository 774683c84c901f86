"""The group directory's search and ranking, and small list helpers for profiles.

Plain Python fed with already-loaded members (anything with the attributes of
:class:`MemberLike`), so the rules are unit-tested without Flask or a database.

Ranking: every query word must start a word somewhere in the member's text. Each word
scores by the best place it was found: name, category or business (3) beat the
ideal-client profiles (2), which beat the rest of the profile text (1). Ties go to the
member matched in more places, then alphabetical order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from partner_net import names
from partner_net.search import highlight_terms, matches_term, query_terms

PRIMARY, CLIENTS, OTHER = 3, 2, 1

#: What the ideal-client fields are called next to a snippet.
CLIENT_FIELDS = {
    "title": "Serves",
    "industry": "Industry",
    "segment": "Size or segment",
    "area": "Area",
    "frustration": "Their frustration",
    "triggers": "When they need me",
    "value": "Value delivered",
    "keywords": "Keywords",
}
OTHER_FIELDS = {
    "talkable_difference": "Worth talking about",
    "referral_criteria": "Refers people who",
    "bio": "About",
}
PRIMARY_FIELDS = {"name": "Name", "category": "Category", "business": "Business"}
TIER_NAMES = {CLIENTS: "Ideal clients", OTHER: "Profile text"}
SNIPPET_WIDTH = 180


class MemberLike(Protocol):
    name: str
    business: str
    category: str
    bio: str
    talkable_difference: str
    referral_criteria: str
    ideal_clients: Sequence[Any]


@dataclass(frozen=True, slots=True)
class ListedProfile:
    """An ideal-client profile as the directory searches it."""

    title: str
    industry: str
    segment: str
    area: str
    frustration: str
    triggers: str
    value: str
    keywords: str


@dataclass(frozen=True, slots=True)
class ListedMember:
    """A member as the directory lists and searches them (a :class:`MemberLike`)."""

    id: int
    name: str
    business: str
    category: str
    bio: str
    talkable_difference: str
    referral_criteria: str
    ideal_clients: tuple[ListedProfile, ...] = ()

    @property
    def initials(self) -> str:  # as Member.initials
        return names.initials(self.name)


@dataclass(frozen=True)
class SearchField:
    label: str
    text: str
    tier: int


@dataclass
class Hit:
    """One member in the results, with why they matched and what to show."""

    member: Any
    score: int = 0
    places: int = 0
    matched_in: list[str] = field(default_factory=list)
    snippet_label: str = ""
    snippet: str = ""


def normalise_category(category: str | None) -> str:
    """The key categories are compared by (same rule as the exclusive seats)."""
    return " ".join((category or "").lower().split())


def search_fields(member: MemberLike) -> list[SearchField]:
    """Every piece of a member's text the directory searches, with its tier."""
    fields = [
        SearchField(label, getattr(member, attr) or "", PRIMARY)
        for attr, label in PRIMARY_FIELDS.items()
    ]
    for profile in member.ideal_clients:
        fields.extend(
            SearchField(label, getattr(profile, attr) or "", CLIENTS)
            for attr, label in CLIENT_FIELDS.items()
        )
    fields.extend(
        SearchField(label, getattr(member, attr) or "", OTHER)
        for attr, label in OTHER_FIELDS.items()
    )
    return [f for f in fields if f.text.strip()]


def categories_of(members: Iterable[MemberLike]) -> list[str]:
    """The distinct categories of ``members`` (first spelling wins), alphabetical."""
    return distinct_categories(member.category for member in members)


def distinct_categories(categories: Iterable[str | None]) -> list[str]:
    """Categories compared by :func:`normalise_category` (first spelling wins), alphabetical."""
    found: dict[str, str] = {}
    for category in categories:
        key = normalise_category(category)
        if key:
            found.setdefault(key, " ".join((category or "").split()))
    return sorted(found.values(), key=str.casefold)


def search(
    members: Iterable[MemberLike], query: str | None = None, category: str | None = None
) -> list[Hit]:
    """The members matching ``query`` (all words) and ``category``, best first."""
    terms = query_terms(query)
    wanted = normalise_category(category)
    hits = []
    for member in members:
        if wanted and normalise_category(member.category) != wanted:
            continue
        hit = match_member(member, terms)
        if hit is not None:
            hits.append(hit)
    hits.sort(key=lambda h: (-h.score, -h.places, h.member.name.casefold()))
    return hits


def match_member(member: MemberLike, terms: list[str]) -> Hit | None:
    """A :class:`Hit` when every term matches somewhere in ``member``, else None."""
    fields = search_fields(member)
    if not terms:
        return Hit(member=member, **_default_snippet(fields))
    found = {f: [t for t in terms if matches_term(f.text, t)] for f in fields}
    found = {f: ts for f, ts in found.items() if ts}
    best = {}
    for f, ts in found.items():
        for term in ts:
            best[term] = max(best.get(term, 0), f.tier)
    if len(best) < len(terms):
        return None
    matched_in: list[str] = []
    for f in found:
        label = f.label if f.tier == PRIMARY else TIER_NAMES[f.tier]
        if label not in matched_in:
            matched_in.append(label)
    hit = Hit(member=member, score=sum(best.values()), places=len(found), matched_in=matched_in)
    secondary = [f for f in found if f.tier != PRIMARY]
    if secondary:
        # The ideal-client or profile text that holds the most query words.
        top = max(secondary, key=lambda f: (len(found[f]), f.tier))
        hit.snippet_label = top.label
        hit.snippet = snippet(top.text, terms)
    else:
        hit.snippet_label, hit.snippet = _default_snippet(fields).values()
    return hit


def _default_snippet(fields: list[SearchField]) -> dict[str, str]:
    """With nothing to point at, show what makes the member worth talking about."""
    for label in (OTHER_FIELDS["talkable_difference"], CLIENT_FIELDS["title"]):
        for f in fields:
            if f.label == label:
                return {"snippet_label": label, "snippet": snippet(f.text, [])}
    return {"snippet_label": "", "snippet": ""}


def snippet(text: str, terms: list[str], width: int = SNIPPET_WIDTH) -> str:
    """One line of ``text``, at most about ``width`` characters, around the first match."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    spans = highlight_terms(flat, terms)
    first = spans[0][0] if spans else 0
    start = max(0, first - width // 3)
    if start > 0:
        space = flat.find(" ", start, first)
        start = space + 1 if space != -1 else start
    end = min(len(flat), start + width)
    if end < len(flat):
        space = flat.rfind(" ", start + width // 2, end)
        end = space if space != -1 else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    return f"{prefix}{flat[start:end].strip()}{suffix}"


def normalise_keywords(text: str | None) -> str:
    """Comma-separated keywords with spacing tidied and repeats (any case) dropped."""
    seen: dict[str, str] = {}
    for raw in (text or "").split(","):
        keyword = " ".join(raw.split())
        if keyword:
            seen.setdefault(keyword.casefold(), keyword)
    return ", ".join(seen.values())


def moved(items: Sequence[Any], item: Any, offset: int) -> list[Any]:
    """``items`` with ``item`` moved ``offset`` places (clamped to the ends)."""
    order = list(items)
    index = order.index(item)
    target = min(max(index + offset, 0), len(order) - 1)
    order.insert(target, order.pop(index))
    return order
