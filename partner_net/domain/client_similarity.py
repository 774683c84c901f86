"""How much two members serve the same people: the ``strategic`` signal's similarity.

:mod:`partner_net.domain.suggestions` takes the similarity as data, one number in 0..1
per partner, so the backend can be swapped without touching the ranking. A backend is
a :data:`SimilarityFn`: given the member and every member's ideal-client text (who
they serve, the industry, segment, keywords, the frustration and what it looks like
when they need you), it returns each *other* member's similarity to the member.

:func:`tfidf_similarity` is the fallback used until the matcher's semantic model
offers ``profile_similarity``: the cosine of TF-IDF vectors (sublinear term
frequency, smoothed idf over the group) of content words, plurals folded. It is word
overlap weighted by rarity, so "restaurant owners" and "cafés" look unrelated to it;
a semantic backend fixes exactly that and should replace it (one line in
``partner_net/network/service.py``, ``SIMILARITY``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping

from partner_net.domain.suggestion_text import tokens_in_order

#: ``(me, {member id: ideal-client text}) -> {other member id: similarity 0..1}``.
SimilarityFn = Callable[[int, Mapping[int, str]], Mapping[int, float]]


def tfidf_similarity(me: int, texts: Mapping[int, str]) -> dict[int, float]:
    """Cosine similarity of ``me``'s TF-IDF vector to every other member's (0..1)."""
    bags = {member: Counter(tokens_in_order(text)) for member, text in texts.items()}
    n = len(bags)
    df: Counter[str] = Counter(word for bag in bags.values() for word in bag)
    idf = {word: math.log((1 + n) / (1 + count)) + 1.0 for word, count in df.items()}
    vectors = {member: _unit({w: (1 + math.log(c)) * idf[w] for w, c in bag.items()})
               for member, bag in bags.items()}
    mine = vectors.get(me, {})
    return {member: _dot(mine, vector) for member, vector in vectors.items() if member != me}


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {w: v / norm for w, v in vector.items()} if norm else {}


def _dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return min(1.0, sum(v * b.get(w, 0.0) for w, v in a.items()))
