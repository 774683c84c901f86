"""How much two members serve the same people: the ``strategic`` signal's similarity.

:mod:`partner_net.domain.suggestions` takes the similarity as data, one number in 0..1
per partner, so the backend can be swapped without touching the ranking. A backend is
a :data:`SimilarityFn`: given the member and every member's ideal-client text (who
they serve, the industry, segment, keywords, the frustration and what it looks like
when they need you), it returns each *other* member's similarity to the member.

:func:`tfidf_similarity` is the fallback for a site without a meaning model
(``MATCHER_BACKEND=keywords``): the cosine of TF-IDF vectors (sublinear term frequency,
smoothed idf over the group) of content words, plurals folded. It is word overlap
weighted by rarity, so "restaurant owners" and "cafés" look unrelated to it. By default
the suggestions use the matcher's meaning model instead
(:func:`partner_net.domain.similarity.similarity_row`, chosen in
``partner_net.network.service.profile_similarity``). Whatever the backend, its raw
numbers go through :func:`calibrated` before the ranking sees them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping

from partner_net.domain.suggestion_text import tokens_in_order

#: ``(me, {member id: ideal-client text}) -> {other member id: raw similarity 0..1}``.
SimilarityFn = Callable[[int, Mapping[int, str]], Mapping[int, float]]

#: :func:`calibrated` maps the row's lower quartile to 0 and its 95th percentile to 1,
#: but never stretches a spread narrower than this (a group where nobody really shares
#: clients stays near 0).
MIN_SPREAD = 0.1


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


def calibrated(raw: Mapping[int, float]) -> dict[int, float]:
    """One member's raw similarities to the others, put on the scale the ranking's
    weights assume: 0 for what is typical between unrelated members of this group (its
    lower quartile), 1 for the most alike (its 95th percentile), linear between,
    clipped. Backends differ in range (TF-IDF cosines rarely pass 0.3, sentence
    embeddings rarely fall below 0.2); this makes any of them mean the same thing."""
    if not raw:
        return {}
    ordered = sorted(raw.values())
    low = ordered[len(ordered) // 4]
    high = max(ordered[int(0.95 * (len(ordered) - 1))], low + MIN_SPREAD)
    return {m: min(1.0, max(0.0, (v - low) / (high - low))) for m, v in raw.items()}


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {w: v / norm for w, v in vector.items()} if norm else {}


def _dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return min(1.0, sum(v * b.get(w, 0.0) for w, v in a.items()))
