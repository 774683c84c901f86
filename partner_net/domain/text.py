"""Words of a text, as the matcher compares them: folded, split, lightly stemmed.

Plain Python, no Flask. The stop words are data (``data/stop_words.txt``): generic
English, nothing about any trade.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from partner_net.search import fold

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
#: Sentence ends, semicolons and line breaks split a profile field into sentences;
#: commas only split keyword lists (see :func:`sentences`).
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


def _load_stop_words() -> frozenset[str]:
    text = resources.files("partner_net.domain").joinpath("data/stop_words.txt").read_text(
        encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


STOP_WORDS = _load_stop_words()


def words(text: str) -> list[str]:
    """Folded words of ``text`` in order: "Kids' beds" -> ["kids", "beds"]."""
    out = []
    for raw in _WORD.findall(fold(text.replace("’", "'"))):
        word = raw[:-2] if raw.endswith("'s") else raw
        out.append(word.replace("'", ""))
    return out


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    """A light stemmer: plurals, -ing, -ed and -er folded, so variants meet.

    Not a linguist's stemmer; it only has to send both sides of a comparison to the
    same key ("roofer", "roofing", "roofs" -> "roof"; "tiling", "tiles" -> "tile").
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= 3 and any(v in base for v in "aeiouy"):
            word = _restore(base)
            break
    if word.endswith("er") and len(word) >= 6:
        word = word[:-2]
    return word


def _restore(base: str) -> str:
    """After cutting -ing/-ed: undouble ("dripp" -> "drip"), or put back an e
    ("til" -> "tile", "mak" -> "make")."""
    if len(base) >= 2 and base[-1] == base[-2] and base[-1] not in "lsz":
        return base[:-1]
    vowels = "aeiou"
    if (len(base) <= 4 and base[-1] not in vowels + "wxy" and base[-2] in vowels
            and base[-3] not in vowels):
        return base + "e"
    return base


def content_words(text: str) -> list[str]:
    """The words of ``text`` that are not stop words, in order."""
    return [w for w in words(text) if w not in STOP_WORDS]


def content_stems(text: str, use_stem: bool = True) -> list[str]:
    return [stem(w) if use_stem else w for w in content_words(text)]


def sentences(text: str) -> list[str]:
    """A profile field cut into the sentences a member would read as one point."""
    pieces = (s.strip().rstrip(";").rstrip() for s in _SENTENCE_END.split(text) if s)
    return [s for s in pieces if s]
