"""Do two members serve the same people? ("You both serve restaurant owners.")

Measured with the matcher's meaning model (:mod:`partner_net.domain.semantic`), not
word overlap: "owner-run bistros and cafés" and "independent restaurants" come out
close although they share no word. Plain Python and numpy, no Flask.

Whom a member serves is read from their ideal-client profiles' *who* (title, industry,
segment), or their "I refer people who..." line when they have no profile. What they
do for them (their trade) is left out on purpose: a roofer and a plumber who both serve
landlords are strategic partners, two roofers are competitors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from partner_net.domain.matcher import Candidate
from partner_net.domain.semantic import Encoder, cosines, load


def client_texts(candidate: Candidate) -> list[str]:
    """The phrases that say whom ``candidate`` serves, one per ideal-client profile."""
    return whom_they_serve([p.who() for p in candidate.profiles], candidate.referral_criteria)


def whom_they_serve(whos: Sequence[str], referral_criteria: str = "") -> list[str]:
    """A member's phrases for :func:`similarity_row`: each ideal-client profile's *who*
    (:meth:`ClientProfile.who`), or the "I refer people who..." line when no profile
    says whom. The one definition the matcher's and the suggestions' callers share."""
    found = [w for w in whos if w.strip()]
    if not found and referral_criteria.strip():
        found = [referral_criteria]
    return found


def similarity_row(me: int, phrases: Mapping[int, Sequence[str]],
                   encoder: Encoder) -> dict[int, float]:
    """:func:`profile_similarity` of ``me`` to every other member of ``phrases`` (member
    id -> :func:`whom_they_serve`), one row of :func:`similarity_matrix` without the
    rest: the closest pair of ideal clients, negative as 0, 0.0 for a member (or ``me``)
    without a phrase. The phrases are profile texts, so the encoder may keep their
    vectors in its vector store: after the first view, a row costs a few dictionary
    reads and one small product (80 members: well under a millisecond)."""
    others = [m for m in phrases if m != me]
    mine = [t for t in phrases.get(me, ()) if t.strip()]
    flat = [t for m in others for t in phrases[m] if t.strip()]
    if not mine or not flat:
        return dict.fromkeys(others, 0.0)
    vectors = encoder.encode([*mine, *flat], keep=True)
    best = np.clip(cosines(vectors[:len(mine)], vectors[len(mine):]), 0.0, 1.0).max(axis=0)
    out = dict.fromkeys(others, 0.0)
    owners = [m for m in others for t in phrases[m] if t.strip()]
    for member, value in zip(owners, best.tolist(), strict=True):
        out[member] = max(out[member], value)
    return out


def similarity_matrix(candidates: Sequence[Candidate],
                      encoder: Encoder | None = None) -> np.ndarray:
    """``m[i, j]`` = :func:`profile_similarity` of candidates i and j (symmetric; the
    diagonal is each member with themself). One call embeds each text once: use it for
    a whole group (80 members: a few milliseconds with the static model, about a second
    the first time with the default ONNX model, which then remembers the texts).
    Without ``encoder``, the matcher's default model (:func:`semantic.load`)."""
    encoder = encoder or load()
    n = len(candidates)
    texts = [client_texts(c) for c in candidates]
    out = np.zeros((n, n))
    if encoder is None or n == 0:
        return out
    flat = [t for ts in texts for t in ts]
    if not flat:
        return out
    vectors = encoder.encode(flat, keep=True)
    owner = np.array([i for i, ts in enumerate(texts) for _ in ts], dtype=np.intp)
    pair = np.clip(cosines(vectors, vectors), 0.0, 1.0)
    for i in range(n):
        rows = pair[owner == i]
        if not len(rows):
            continue
        best = np.zeros(n)
        np.maximum.at(best, owner, rows.max(axis=0))
        out[i] = best
    return np.maximum(out, out.T)


def profile_similarity(a: Candidate, b: Candidate, encoder: Encoder | None = None) -> float:
    """How alike the people ``a`` and ``b`` serve are, 0..1: the cosine of their closest
    pair of ideal clients (negative counts as 0). 0.0 when either has no ideal client
    or no meaning model is installed."""
    return float(similarity_matrix([a, b], encoder)[0, 1])
