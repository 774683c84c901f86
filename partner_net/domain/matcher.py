"""Who in the group best serves this prospect? Rank members for a few words of need.

Plain data in, ranked :class:`Match` es out; no Flask, no database. Four signals:

- ``words``: BM25 of the need's words against each member's profile, by field
  (category counts most, then keywords, ideal-client titles and triggers, ...), with
  word variants folded together by a light stemmer ("leaking" finds "leaks").
- ``meaning``: how close in meaning the need is to the member's profile sentences,
  from an :class:`~partner_net.domain.semantic.Encoder` (a sentence-embedding model
  by default): the best single sentence, mixed with the profile as a whole. This is what
  carries "tiles blew off my mum's house" to a roofer whatever the trade: nothing in
  it is written for any profession.
- ``static``: the same closeness in the static word embeddings (the sentence model's
  word-level companion, :func:`~partner_net.domain.semantic.word_encoder`), a second
  opinion next to a sentence model's.
- ``close_words``: word by word, how close in meaning each of the need's words comes
  to some word of the member's profile ("rat" and "rodent"), summed over the need
  (with the static embeddings: the encoder itself or its word-level companion).

Each signal is turned into z-scores over the group (how far above the group's average
each member is) and they are added with the weights of the encoder's :class:`Fusion`
(z-score fusion; :data:`FUSIONS`, chosen on the tuning sets only): the packaged
all-MiniLM-L6-v2 (the default), a model of one's own (``MATCHER_MODEL_PATH``) or the
static embeddings alone. Without an encoder the ranking is BM25 alone.

Nothing else feeds the ranking: in particular no past referral, whose need is private
to its giver and receiver (a "similar needs went to them" signal let any member probe
other people's referrals with a rare word).

Every match says why: the profile sentence closest to the need, with the need's words
found in it and the profile words closest in meaning to the others.

Build an :class:`Index` once per set of candidates and call :func:`rank` per query.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from partner_net.domain.semantic import Encoder, cosines, word_encoder
from partner_net.domain.text import STOP_WORDS, content_words, sentences, stem


@dataclass(frozen=True, slots=True)
class Fusion:
    """How the z-scored signals are added up for one kind of encoder."""

    weights: Mapping[str, float]
    #: The meaning of a member: this share from their closest sentence, the rest from
    #: their whole profile (its sentences' average).
    best_sentence: float = 0.5


#: Chosen on the tuning sets only (``python -m bench.tune_fusion``: bench/needs.py TUNE
#: and bench/tune_sets/*.json), everyday needs' top-1 with near needs kept at 100%.
FUSIONS: dict[str, Fusion] = {
    # The packaged all-MiniLM-L6-v2 (ONNX by default, or torch): a plateau of the grid.
    "default": Fusion({"words": 0.2, "meaning": 1.0, "static": 0.25, "close_words": 0.25},
                      best_sentence=0.25),
    # A model of one's own in MATCHER_MODEL_PATH (chosen with all-mpnet-base-v2).
    "model": Fusion({"words": 0.1, "meaning": 1.0}, best_sentence=0.25),
    # The static embeddings alone (the fallback): the former default, unchanged.
    "static": Fusion({"words": 0.5, "meaning": 1.0, "close_words": 0.5}),
}
#: The default encoder's weights (kept for callers that name them).
WEIGHTS: Mapping[str, float] = FUSIONS["default"].weights
#: BM25 z-scores are divided by at least this spread (in BM25 units), so that one stray
#: shared word ("behind", "covering") in a group where nobody else matches does not
#: outweigh everything else.
WORDS_MIN_SPREAD = 1.0
#: A profile word this close in meaning to a word of the need is shown as matching it.
CLOSE_WORD = 0.55
#: Matches explained per query when no limit is given.
EXPLAIN = 10

FIELD_WEIGHTS: dict[str, float] = {
    "category": 4.0,
    "business": 1.5,
    "keywords": 2.0,
    "title": 1.5,
    "industry": 1.0,
    "segment": 0.5,
    "frustration": 1.0,
    "triggers": 1.2,
    "value": 0.8,
    "talkable_difference": 0.8,
    "referral_criteria": 0.6,
}
FIELD_LABELS: dict[str, str] = {
    "category": "Category",
    "business": "Business",
    "keywords": "Keywords",
    "title": "Ideal client",
    "industry": "Industry",
    "segment": "Segment",
    "frustration": "Their clients’ frustration",
    "triggers": "Listen for",
    "value": "What they get",
    "talkable_difference": "Talkable difference",
    "referral_criteria": "Refers",
}
BM25_K1 = 1.2
BM25_B = 0.5


# --- Plain data in ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClientProfile:
    title: str = ""
    industry: str = ""
    segment: str = ""
    frustration: str = ""
    triggers: str = ""
    value: str = ""
    keywords: str = ""

    def who(self) -> str:
        """Whom this profile is about, in one line (title, industry, segment)."""
        return ". ".join(p for p in (self.title, self.industry, self.segment) if p)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A member as the matcher sees them. Hashable, so an index can be cached by it."""

    member_id: int
    name: str
    category: str = ""
    business: str = ""
    talkable_difference: str = ""
    referral_criteria: str = ""
    profiles: tuple[ClientProfile, ...] = ()

    def fields(self) -> list[tuple[str, str]]:
        """(field, text) pairs, the profiles' fields repeated per profile."""
        out = [("category", self.category), ("business", self.business),
               ("talkable_difference", self.talkable_difference),
               ("referral_criteria", self.referral_criteria)]
        for profile in self.profiles:
            out.extend((name, getattr(profile, name)) for name in (
                "title", "keywords", "industry", "segment", "frustration", "triggers",
                "value"))
        return [(name, text) for name, text in out if text.strip()]

    def passages(self) -> list[Passage]:
        """The profile as sentences a member would read as one point each."""
        out: list[Passage] = []
        for name, text in self.fields():
            for sentence in (sentences(text) if name != "keywords" else [text]):
                if content_words(sentence):
                    out.append(Passage(name, sentence))
        return out


@dataclass(frozen=True, slots=True)
class Passage:
    field: str
    text: str

    @property
    def words(self) -> tuple[str, ...]:
        """Its distinct content words."""
        return _passage_words(self.text)

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]


@dataclass(frozen=True, slots=True)
class Options:
    """Which BM25 levers are on; the benchmark switches them off for a plain baseline."""

    stemming: bool = True
    fields: bool = True


# --- What comes out -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evidence:
    field: str
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class CloseWord:
    need: str  # the need's word, as typed: "tiles"
    profile: str  # the profile's word closest in meaning: "roofing"


@dataclass(slots=True)
class Match:
    member_id: int
    name: str
    score: float
    signals: dict[str, float]
    #: The need's own words found in the profile, as typed.
    words: list[str] = field(default_factory=list)
    #: The need's other words with the profile word closest in meaning.
    close: list[CloseWord] = field(default_factory=list)
    #: Profile words to highlight (prefixes: "roof" marks "Roofer" and "roofing").
    terms: list[str] = field(default_factory=list)
    #: The profile sentences that match best, best first.
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def matched(self) -> list[str]:
        """The need's words that matched, exactly or in meaning."""
        return list(dict.fromkeys([*self.words, *(c.need for c in self.close)]))


# --- The index ----------------------------------------------------------------------


@dataclass(slots=True)
class _Doc:
    candidate: Candidate
    tf: Counter[str]
    length: float
    passages: list[Passage]


@dataclass(slots=True)
class Index:
    docs: list[_Doc]
    df: Counter[str]
    avg_length: float
    options: Options
    #: encoder name -> (passage matrix, owner doc of each row, unit centroid per doc)
    _vectors: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = field(
        default_factory=dict)
    #: encoder name -> (vectors of the group's profile words, each doc's word rows)
    _words: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=dict)

    @property
    def candidates(self) -> list[Candidate]:
        return [d.candidate for d in self.docs]

    def vectors(self, encoder: Encoder) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every passage embedded once per encoder (the slow part of a first query)."""
        found = self._vectors.get(encoder.name)
        if found is None:
            texts = [p.text for d in self.docs for p in d.passages]
            owner = np.array([i for i, d in enumerate(self.docs) for _ in d.passages],
                             dtype=np.intp)
            matrix = (encoder.encode(texts, keep=True) if texts
                      else np.zeros((0, 1), dtype=np.float32))
            centroids = np.zeros((len(self.docs), matrix.shape[1]), dtype=np.float32)
            if len(owner):
                np.add.at(centroids, owner, matrix)
            norms = np.linalg.norm(centroids, axis=1, keepdims=True)
            centroids = centroids / np.where(norms > 0, norms, 1.0)
            found = (matrix, owner, centroids)
            self._vectors[encoder.name] = found
        return found


    def word_vectors(self, encoder: Encoder) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every distinct profile word embedded once per encoder; then, doc after doc,
        the rows of each doc's words, and where each doc's run starts (for
        ``np.maximum.reduceat``). A doc without words gets one all-zero row."""
        found = self._words.get(encoder.name)
        if found is None:
            per_doc = [sorted(set(content_words(" ".join(t for _, t in d.candidate.fields()))))
                       for d in self.docs]
            vocabulary = sorted({w for ws in per_doc for w in ws})
            row = {w: i + 1 for i, w in enumerate(vocabulary)}
            matrix = np.vstack([np.zeros((1, encoder.dimensions), dtype=np.float32),
                                encoder.encode(vocabulary, keep=True)])
            runs = [[row[w] for w in ws] or [0] for ws in per_doc]
            starts = np.cumsum([0] + [len(r) for r in runs[:-1]]).astype(np.intp)
            found = (matrix, np.array([i for r in runs for i in r], dtype=np.intp), starts)
            self._words[encoder.name] = found
        return found


def build_index(candidates: Iterable[Candidate], options: Options = Options()) -> Index:
    docs = [_doc(c, options) for c in candidates]
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.tf.keys())
    avg = sum(d.length for d in docs) / len(docs) if docs else 0.0
    return Index(docs, df, avg or 1.0, options)


def _key(word: str, options: Options) -> str:
    return stem(word) if options.stemming else word


def _doc(candidate: Candidate, options: Options) -> _Doc:
    tf: Counter[str] = Counter()
    for name, text in candidate.fields():
        weight = FIELD_WEIGHTS[name] if options.fields else 1.0
        for word in content_words(text):
            tf[_key(word, options)] += weight
    return _Doc(candidate, tf, sum(tf.values()), candidate.passages())


def _bm25(index: Index, doc: _Doc, query: Iterable[str]) -> float:
    n = len(index.docs)
    total = 0.0
    for term in query:
        tf = doc.tf.get(term)
        if not tf:
            continue
        df = index.df[term]
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        norm = tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * doc.length
                                                    / index.avg_length))
        total += idf * norm
    return total


# --- Ranking -------------------------------------------------------------------------


def _zscores(values: np.ndarray, min_spread: float = 0.0) -> np.ndarray:
    spread = max(float(values.std()), min_spread)
    if spread <= 1e-12:
        return np.zeros_like(values)
    return (values - values.mean()) / spread


def keyword_scores(need: str, index: Index) -> np.ndarray:
    """BM25 of the need against every member, in index order."""
    query = list(dict.fromkeys(_key(w, index.options) for w in content_words(need)))
    return np.array([_bm25(index, d, query) for d in index.docs], dtype=np.float64)


def fusion_for(encoder: Encoder | None) -> Fusion:
    """The fusion for an encoder: the static one for word-level encoders, the "model"
    one for a model of one's own (``encoder.own_model``), else the default's."""
    if encoder is None:
        return Fusion({"words": 1.0})
    if encoder.word_level:
        return FUSIONS["static"]
    return FUSIONS["model" if getattr(encoder, "own_model", False) else "default"]


def meaning_scores(need: str, index: Index, encoder: Encoder,
                   best_sentence: float = 0.5) -> np.ndarray:
    """Closeness in meaning of the need to every member, in index order (cosines):
    ``best_sentence`` from the closest sentence, the rest from the whole profile."""
    matrix, owner, centroids = index.vectors(encoder)
    query = encoder.encode([need])
    best = np.full(len(index.docs), -1.0)
    if len(owner):
        np.maximum.at(best, owner, cosines(matrix, query)[:, 0])
    best[best < -0.99] = 0.0
    whole = cosines(centroids, query)[:, 0]
    return best_sentence * best + (1 - best_sentence) * whole


def close_word_scores(need: str, index: Index, encoder: Encoder) -> np.ndarray:
    """For each member, the sum over the need's words of the closest profile word's
    cosine (negative ones count 0), in index order."""
    typed = list(dict.fromkeys(content_words(need)))
    if not typed:
        return np.zeros(len(index.docs))
    matrix, rows, starts = index.word_vectors(encoder)
    sims = np.clip(cosines(encoder.encode(typed), matrix), 0.0, None)
    return np.maximum.reduceat(sims[:, rows], starts, axis=1).sum(axis=0)


def rank(
    need: str,
    index: Index,
    *,
    encoder: Encoder | None = None,
    limit: int | None = None,
    weights: Mapping[str, float] | None = None,
    explain: int = EXPLAIN,
) -> list[Match]:
    """Members best first for ``need``. Members with nothing in common with it (no
    shared word and, with an encoder, no closer in meaning than the group's average)
    are left out, and so is everyone when the need has no word beyond stop words.
    Ties go by name (case-blind), then id, so the order is stable. The first
    ``explain`` matches carry their evidence. ``weights`` replaces the encoder's
    fusion weights (a signal not named counts 0; the benchmark's "alone" rows).
    """
    docs = index.docs
    if not docs or not content_words(need):
        return []  # only stop words ("the and of"): nothing to go on
    fusion = fusion_for(encoder)
    weights = fusion.weights if weights is None else weights
    keywords = keyword_scores(need, index)
    signals = {"words": _zscores(keywords, WORDS_MIN_SPREAD)}
    if encoder is not None:
        signals["meaning"] = _zscores(meaning_scores(need, index, encoder,
                                                     fusion.best_sentence))
        words_model = word_encoder(encoder)
        if words_model is not None and words_model is not encoder \
                and weights.get("static"):
            signals["static"] = _zscores(meaning_scores(need, index, words_model,
                                                        fusion.best_sentence))
        if words_model is not None and weights.get("close_words"):
            signals["close_words"] = _zscores(close_word_scores(need, index, words_model))
    fused = sum(weights.get(k, 0.0) * v for k, v in signals.items())
    keep = (keywords > 0) | (fused > 0) if encoder is not None else keywords > 0
    order = sorted(np.flatnonzero(keep), key=lambda i: (
        -round(float(fused[i]), 9), docs[i].candidate.name.casefold(),
        docs[i].candidate.member_id))
    if limit is not None:
        order = order[:limit]
    matches = []
    for position, i in enumerate(order):
        candidate = docs[i].candidate
        match = Match(candidate.member_id, candidate.name, float(fused[i]),
                      {k: float(v[i]) for k, v in signals.items()})
        if position < explain:
            _explain(match, docs[i], need, index, encoder)
        matches.append(match)
    return matches


# --- Why ----------------------------------------------------------------------------


def _explain(match: Match, doc: _Doc, need: str, index: Index,
             encoder: Encoder | None) -> None:
    """Fill in the match's evidence: the profile sentence that matches best (and a
    second one when it holds other words of the need), and the words behind them."""
    options = index.options
    typed = _typed_words(need)
    need_keys = {_key(w, options): w for w in typed}
    match.words = [w for k, w in need_keys.items() if k in doc.tf]
    # Category and business are on the result already: the evidence is what else fits.
    passages = [p for p in doc.passages if p.field not in ("category", "business")]
    if not passages:
        return
    shared = [[k for k in dict.fromkeys(_key(w, options) for w in p.words) if k in need_keys]
              for p in passages]
    closeness = np.zeros(len(passages))
    if encoder is not None:
        vectors = encoder.encode([p.text for p in passages], keep=True)
        closeness = cosines(vectors, encoder.encode([need]))[:, 0]
    n = len(index.docs)

    def weight(j: int) -> float:
        """Shared words, rarer in the group and in weightier fields counting more."""
        idf = sum(math.log(1 + (n - index.df[k] + 0.5) / (index.df[k] + 0.5))
                  for k in shared[j])
        return idf * FIELD_WEIGHTS[passages[j].field] + float(closeness[j])

    best = sorted(range(len(passages)), key=lambda j: -weight(j))
    top = best[0]
    if not shared[top] and closeness[top] <= 0:
        return
    chosen = [top]
    extra = next((j for j in best[1:] if set(shared[j]) - set(shared[top])), None)
    if extra is not None:
        chosen.append(extra)
    found_keys = {k for j in chosen for k in shared[j]}
    terms = [w for j in chosen for w in _surface_words(passages[j].text)
             if _key(w.lower(), options) in found_keys]
    close: list[CloseWord] = []
    words_model = word_encoder(encoder)
    if words_model is not None:
        close = _close_words([w for w in typed if _key(w, options) not in doc.tf],
                             passages[top].text, words_model)
        terms += [c.profile for c in close]
    match.close = close
    match.terms = list(dict.fromkeys(terms))
    match.evidence = [Evidence(passages[j].field, passages[j].label, passages[j].text)
                      for j in chosen]


@lru_cache(maxsize=20000)
def _passage_words(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(content_words(text)))


def _typed_words(text: str) -> list[str]:
    """The need's content words as typed (folded), once each."""
    return list(dict.fromkeys(content_words(text)))


def _surface_words(text: str) -> list[str]:
    return [t.strip("'’-") for t in re.findall(r"[\w'’-]+", text)]


def _close_words(need_words: Sequence[str], sentence: str, encoder: Encoder,
                 limit: int = 3) -> list[CloseWord]:
    """For the need's words, the sentence's word closest in meaning, when close enough."""
    profile = [w for w in _surface_words(sentence)
               if w.lower() not in STOP_WORDS and len(w) > 2 and not w.isdigit()]
    candidates = [w for w in need_words if len(w) > 2 and not w.isdigit()]
    if not profile or not candidates:
        return []
    a = encoder.encode(list(candidates))
    b = encoder.encode([w.lower() for w in profile], keep=True)
    sims = cosines(a, b)
    pairs = []
    for i, word in enumerate(candidates):
        j = int(sims[i].argmax())
        if sims[i, j] >= CLOSE_WORD:
            pairs.append((float(sims[i, j]), CloseWord(word, profile[j])))
    pairs.sort(key=lambda p: -p[0])
    return [p for _, p in pairs[:limit]]


def summary(match: Match) -> str:
    """Why, in one plain line: 'Their profile mentions “leak”; “tiles” is close to
    “roofing”'."""
    parts = []
    if match.words:
        parts.append(f"their profile mentions {_quoted(match.words)}")
    for pair in match.close:
        parts.append(f"“{pair.need}” is close to “{pair.profile}”")
    if not parts:
        parts.append("their profile is the closest in meaning" if match.evidence
                     else "a loose match")
    text = "; ".join(parts)
    return text[0].upper() + text[1:]


def _quoted(items: Sequence[str]) -> str:
    return ", ".join(f"“{item}”" for item in items)
