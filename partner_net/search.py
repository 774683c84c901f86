"""Directory search: splitting a query into terms and finding them in text.

Plain functions, no Flask, so the matching rules are unit-tested directly.
"""

from __future__ import annotations

import re

WORD = re.compile(r"[\w'’+&.-]+", re.UNICODE)


def query_terms(query: str | None) -> list[str]:
    """The distinct lower-case words of a query, longest first, at most 8."""
    seen: dict[str, None] = {}
    for raw in WORD.findall((query or "").lower()):
        word = raw.strip(".'’-")
        if word:
            seen.setdefault(word, None)
    return sorted(seen, key=len, reverse=True)[:8]


def highlight_terms(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of ``text`` where a term occurs, case-insensitive.

    A term matches at the start of a word ("account" finds "Accountant"), which is what
    people typing into a search box expect.
    """
    if not terms or not text:
        return []
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + ")",
        re.IGNORECASE,
    )
    return [m.span() for m in pattern.finditer(text)]


def matches_all(texts: list[str], terms: list[str]) -> bool:
    """True when every term starts a word somewhere in ``texts``."""
    haystack = "\n".join(t for t in texts if t)
    return all(highlight_terms(haystack, [term]) for term in terms)
