"""Directory search: splitting a query into terms and finding them in text.

Plain functions, no Flask, so the matching rules are unit-tested directly.

Matching is case-insensitive and accent-insensitive ("cafe" finds "Café"), and a term
matches at the start of a word ("account" finds "Accountant"). Spans are reported in
the *original* text, so highlighting never shifts even when folding changes lengths.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WORD = re.compile(r"[\w'’+&.-]+", re.UNICODE)
MAX_TERMS = 8


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents, for comparing words."""
    if text.isascii():  # no accents; casefold is lower, one character for one
        return text.lower()
    return "".join(_fold_char(c) for c in text)


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def query_terms(query: str | None) -> list[str]:
    """The distinct folded words of a query, longest first, at most 8."""
    seen: dict[str, None] = {}
    for raw in WORD.findall(fold(query or "")):
        word = raw.strip(".'’-")
        if word:
            seen.setdefault(word, None)
    return sorted(seen, key=len, reverse=True)[:MAX_TERMS]


@lru_cache(maxsize=256)
def _pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(fold(t)) for t in sorted(terms, key=len, reverse=True))
    return re.compile(r"(?<!\w)(" + alternatives + ")")


def _folded_with_offsets(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index it came from."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        pieces.append(folded)
        origin.extend([index] * len(folded))
    return "".join(pieces), origin


def highlight_terms(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of ``text`` where a term starts a word."""
    terms = [t for t in terms if t]
    if not terms or not text:
        return []
    folded, origin = _folded_with_offsets(text)
    spans = []
    for match in _pattern(tuple(terms)).finditer(folded):
        start, end = match.span()
        if start == end:
            continue
        spans.append((origin[start], origin[end - 1] + 1))
    return spans


def matches_term(text: str, term: str) -> bool:
    """True when ``term`` starts a word in ``text``."""
    return bool(text) and bool(term) and _pattern((term,)).search(fold(text)) is not None


def matches_all(texts: list[str], terms: list[str]) -> bool:
    """True when every term starts a word somewhere in ``texts``."""
    haystack = "\n".join(t for t in texts if t)
    return all(matches_term(haystack, term) for term in terms)
