"""Who in the group best serves this prospect? Rank members for a few words of need.

Plain data in, ranked :class:`Match` es out; no Flask, no database. Three signals,
each scaled to 0..1 over the group, then mixed by :data:`WEIGHTS`:

- ``words``: BM25 of the need's words against each member's profile, by field
  (category counts most, then keywords, ideal-client titles and triggers, ...), with
  word variants folded together by a light stemmer ("leaking" finds "leaks").
- ``concepts``: the everyday-words lexicon (:mod:`partner_net.domain.lexicon`). Cues
  in the need ("damp", "gale") name a concept (roofing); the members whose profiles
  speak that trade's words ("roofer", "slate") score for it. This bridges a
  customer's words and a profile's, which plain keywords cannot.
- ``meaning``: cosine similarity of sentence embeddings, when an encoder is given
  (see :mod:`partner_net.domain.embeddings`); otherwise left out and the others
  share its weight.

The group's own history (past needs, whom they went to, whether they were won) adds
``history``: members who received similar needs before, won ones counting double.
Past needs feed the score only; they are never shown (a need is prospect data).

Build an :class:`Index` once per set of candidates (it is what takes time) and call
:func:`rank` per query.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from partner_net.domain.lexicon import CONCEPTS, Concept
from partner_net.search import fold

#: How the signals are mixed. ``meaning`` only counts when an encoder is given.
WEIGHTS: dict[str, float] = {"words": 0.35, "concepts": 0.65, "meaning": 0.5}
#: Added on top, scaled by how similar and how successful past referrals were.
HISTORY_WEIGHT = 0.35
#: Field weights: where a word is found says how much it tells about the member.
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
    "frustration": "Their frustration",
    "triggers": "Listen for",
    "value": "What they get",
    "talkable_difference": "Talkable difference",
    "referral_criteria": "Refers",
}
BM25_K1 = 1.2
BM25_B = 0.5
#: The words signal is scaled to the best member, but never divided by less than
#: this (about two good word matches): one stray shared word ("behind", "covering")
#: should not give a member the full words score.
WORDS_FLOOR = 6.0
#: A phrase cue ("locked out") says more than a single word.
PHRASE_CUE_WEIGHT = 1.5
#: A weak cue ("back", "site": often something else) counts this much of a cue.
WEAK_CUE_WEIGHT = 0.4
#: Like :data:`WORDS_FLOOR` for the concepts signal: one plain cue for the member's
#: own trade earns the full score, a weak cue alone ("water") only its share.
CONCEPTS_FLOOR = 1.0
#: A concept's affinity for members whose category is not of its trade, when some
#: member's is ("tax" is the accountant's first, the bookkeeper's only after), and for
#: everyone when nobody's is (no gardener in the group: nobody owns "lawn").
OFF_TRADE_AFFINITY = 0.6
NO_TRADE_AFFINITY = 0.4

_STOP_TEXT = """
a about above after again against all also am an and any are as at be because been
before being below between both but by can cant could did didnt do does doesnt doing
dont down during each even every few for from further get gets got had has have having
he her here hers herself him himself his how i if in into is isnt it its itself just
keep keeps know let like ll me more most my myself need needs new no nobody nor not
now of off on once one only or other our ours out over own re really s same she should
so some still such t than that the their theirs them themselves then there these they
this those through to too under until up us ve very want wants was we were what when
where which while who whom why will with won wont would you your yours yourself last
since went go going way well lot lots thing things someone somebody something anyone
asked ask says said told"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


# --- Words ----------------------------------------------------------------------------


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


def content_stems(text: str, use_stem: bool = True) -> list[str]:
    return [stem(w) if use_stem else w for w in words(text) if w not in STOP_WORDS]


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
        return [(name, text) for name, text in out if text]

    def passages(self) -> list[str]:
        """Short texts for a sentence encoder (it truncates long ones): who they are,
        then one per ideal-client profile."""
        head = ". ".join(p for p in (self.category, self.business, self.referral_criteria,
                                     self.talkable_difference) if p)
        rest = [". ".join(p for p in (self.category, pr.title, pr.frustration, pr.triggers,
                                      pr.keywords) if p) for pr in self.profiles]
        return [head, *rest]


@dataclass(frozen=True, slots=True)
class HistoryItem:
    """A past referral in the group: its need, to whom it went, whether it was won."""

    need: str
    receiver_id: int
    won: bool = False


@dataclass(frozen=True, slots=True)
class Options:
    """Which levers are on; the benchmark switches them one by one."""

    stemming: bool = True
    fields: bool = True
    lexicon: bool = True


class Encoder(Protocol):
    """Sentence embeddings: one unit-length row per text (a numpy array)."""

    def encode(self, texts: Sequence[str]):  # pragma: no cover - a protocol
        ...


# --- What comes out -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ConceptHit:
    label: str  # "roofing"
    cues: tuple[str, ...]  # the need's words that named it, as typed: ("damp", "gale")


@dataclass(frozen=True, slots=True)
class Evidence:
    field: str
    label: str
    text: str


@dataclass(slots=True)
class Match:
    member_id: int
    name: str
    score: float
    signals: dict[str, float]
    #: The need's own words found in the profile, as typed.
    words: list[str] = field(default_factory=list)
    #: Concepts named by the need that this member's profile speaks to.
    concepts: list[ConceptHit] = field(default_factory=list)
    #: Profile words to highlight (prefixes: "roof" marks "Roofer" and "roofing").
    terms: list[str] = field(default_factory=list)
    #: The profile fields that matched most, best first.
    evidence: list[Evidence] = field(default_factory=list)
    #: Similar past needs this member received (counted, never shown).
    similar_past: int = 0

    @property
    def matched(self) -> list[str]:
        """Everything from the need that matched: its words and the concept cues."""
        seen = dict.fromkeys(self.words)
        for hit in self.concepts:
            seen.update(dict.fromkeys(hit.cues))
        return list(seen)


# --- The index ----------------------------------------------------------------------


@dataclass(slots=True)
class _Doc:
    candidate: Candidate
    tf: Counter[str]
    length: float
    #: stem -> {field: set of surface words}, for evidence and highlighting.
    where: dict[str, dict[str, set[str]]]


@dataclass(slots=True)
class Index:
    docs: list[_Doc]
    df: Counter[str]
    avg_length: float
    options: Options
    #: concept key -> affinity (0..1) of each doc to the concept, in doc order.
    affinity: dict[str, list[float]]
    #: concept key -> the stems of its terms, for highlighting.
    concept_stems: dict[str, frozenset[str]]
    passages: list[list[str]] = field(default_factory=list)
    _embeddings: object | None = None

    @property
    def candidates(self) -> list[Candidate]:
        return [d.candidate for d in self.docs]


def build_index(candidates: Iterable[Candidate], options: Options = Options()) -> Index:
    docs = [_doc(c, options) for c in candidates]
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.tf.keys())
    avg = sum(d.length for d in docs) / len(docs) if docs else 0.0
    index = Index(docs, df, avg or 1.0, options, {}, {})
    if options.lexicon:
        for concept in CONCEPTS:
            stems = _concept_term_weights(concept, options)
            index.concept_stems[concept.key] = frozenset(stems)
            index.affinity[concept.key] = _affinity(index, stems)
    index.passages = [c.passages() for c in index.candidates]
    return index


def _doc(candidate: Candidate, options: Options) -> _Doc:
    tf: Counter[str] = Counter()
    where: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    surface = re.compile(r"[\w'’]+")
    for name, text in candidate.fields():
        weight = FIELD_WEIGHTS[name] if options.fields else 1.0
        for token in surface.findall(text):
            for word in words(token):
                if word in STOP_WORDS:
                    continue
                key = stem(word) if options.stemming else word
                tf[key] += weight
                where[key][name].add(token.strip("'’"))
    return _Doc(candidate, tf, sum(tf.values()), where)


def _affinity(index: Index, stems: Mapping[str, float]) -> list[float]:
    """How much each member's profile speaks a concept's words, 0..1.

    Scaled to the best member, then damped for members whose category names none of
    the concept's terms: the trade's own member comes first, and a concept whose trade
    nobody in the group has ("lawn" and no gardener) cannot give anyone a full score
    on the strength of a stray word in a profile.
    """
    scaled = _scaled([_bm25(index, d, stems) for d in index.docs])
    own = [any(s in stems for s in _category_stems(d, index.options)) for d in index.docs]
    damp = OFF_TRADE_AFFINITY if any(o for o, a in zip(own, scaled, strict=True) if a > 0) \
        else NO_TRADE_AFFINITY
    return [a if o else a * damp for a, o in zip(scaled, own, strict=True)]


def _category_stems(doc: _Doc, options: Options) -> list[str]:
    return content_stems(doc.candidate.category, options.stemming)


def _concept_term_weights(concept: Concept, options: Options) -> dict[str, float]:
    """The concept's terms as query weights: each term's words share its weight."""
    weights: dict[str, float] = defaultdict(float)
    for term in concept.terms:
        stems = content_stems(term, options.stemming)
        for s in stems:
            weights[s] = max(weights[s], 1.0 / len(stems))
    return dict(weights)


def _bm25(index: Index, doc: _Doc, query: Mapping[str, float]) -> float:
    n = len(index.docs)
    total = 0.0
    for term, q_weight in query.items():
        tf = doc.tf.get(term)
        if not tf:
            continue
        df = index.df[term]
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        norm = tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * doc.length
                                                    / index.avg_length))
        total += q_weight * idf * norm
    return total


def _scaled(values: Sequence[float], floor: float = 0.0) -> list[float]:
    """Divide by the largest (or by ``floor`` if more), so the best member scores 1.0
    (all 0.0 when none match)."""
    top = max(max(values, default=0.0), floor)
    return [v / top if top > 0 else 0.0 for v in values]


# --- Reading a need -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Need:
    stems: dict[str, float]  # content stem -> weight
    surface: dict[str, list[str]]  # stem -> the words as typed
    concepts: dict[str, float]  # concept key -> strength
    cues: dict[str, tuple[str, ...]]  # concept key -> the need's words that named it


def read_need(text: str, options: Options = Options()) -> _Need:
    typed = re.findall(r"[\w'’-]+", text)
    stems: dict[str, float] = {}
    surface: dict[str, list[str]] = defaultdict(list)
    for token in typed:
        for word in words(token):
            if word in STOP_WORDS:
                continue
            key = stem(word) if options.stemming else word
            stems[key] = 1.0
            if token not in surface[key]:
                surface[key].append(token.strip("'’-"))
    concepts: dict[str, float] = {}
    cues: dict[str, tuple[str, ...]] = {}
    if options.lexicon:
        sequence = [stem(w) for w in words(text)]
        for key, (strength, found) in _concept_hits(sequence, text).items():
            concepts[key], cues[key] = strength, found
    return _Need(stems, dict(surface), concepts, cues)


def _concept_hits(sequence: list[str], text: str) -> dict[str, tuple[float, tuple[str, ...]]]:
    """Concepts whose cues occur in the stemmed word sequence, with their strength
    and the cues as typed. A word cue counts 1, a phrase cue
    :data:`PHRASE_CUE_WEIGHT`, a weak one :data:`WEAK_CUE_WEIGHT` of that; a cue
    shared by several concepts is divided by the square root of how many."""
    table = _cue_table()
    joined = " " + " ".join(sequence) + " "
    typed = words(text)
    hits: dict[str, tuple[float, tuple[str, ...]]] = {}
    for cue_stems, named in table.items():
        needle = " " + " ".join(cue_stems) + " "
        at = joined.find(needle)
        if at < 0:
            continue
        start = joined[:at].count(" ")
        cue_text = " ".join(typed[start:start + len(cue_stems)])
        base = PHRASE_CUE_WEIGHT if len(cue_stems) > 1 else 1.0
        share = 1.0 / math.sqrt(len(named))
        for key, factor in named.items():
            weight = base * share * factor
            strength, found = hits.get(key, (0.0, ()))
            if any(cue_text in f or f in cue_text for f in found):
                continue  # "burst pipe" and "pipe": one piece of evidence, not two
            hits[key] = (strength + weight, (*found, cue_text))
    return hits


@lru_cache(maxsize=1)
def _cue_table() -> dict[tuple[str, ...], dict[str, float]]:
    """Stemmed cue -> {concept it names: 1.0, or :data:`WEAK_CUE_WEIGHT` if weak},
    longest cues first. A lone stop word ("will") is never a cue: it is everywhere."""
    table: dict[tuple[str, ...], dict[str, float]] = defaultdict(dict)
    for concept in CONCEPTS:
        for cues, factor in ((concept.cues, 1.0), (concept.weak, WEAK_CUE_WEIGHT)):
            for cue in cues:
                typed = words(cue)
                if not typed or (len(typed) == 1 and typed[0] in STOP_WORDS):
                    continue
                key = tuple(stem(w) for w in typed)
                table[key][concept.key] = max(table[key].get(concept.key, 0.0), factor)
    ordered = sorted(table.items(), key=lambda item: -len(item[0]))
    return dict(ordered)


# --- Ranking -------------------------------------------------------------------------


def rank(
    need: str,
    index: Index,
    *,
    history: Sequence[HistoryItem] = (),
    encoder: Encoder | None = None,
    limit: int | None = None,
    weights: Mapping[str, float] = WEIGHTS,
    history_weight: float = HISTORY_WEIGHT,
    min_share: float = 0.0,
) -> list[Match]:
    """Members best first for ``need``; members with nothing in common are left out,
    and so are those scoring under ``min_share`` of the best (the loose matches).

    Ties go by name (case-blind), then id, so the order is stable.
    """
    parsed = read_need(need, index.options)
    docs = index.docs
    if not docs:
        return []
    signals: dict[str, list[float]] = {
        "words": _scaled([_bm25(index, d, parsed.stems) for d in docs], WORDS_FLOOR),
    }
    if index.options.lexicon:
        signals["concepts"] = _scaled(_concept_scores(index, parsed), CONCEPTS_FLOOR)
    if encoder is not None:
        signals["meaning"] = _meaning(index, need, encoder)
    used = {k: weights.get(k, 0.0) for k in signals}
    total_weight = sum(used.values()) or 1.0
    past = _history_scores(index, parsed, history) if history else [(0.0, 0)] * len(docs)
    past_scaled = _scaled([p[0] for p in past])
    matches = []
    for i, doc in enumerate(docs):
        own = {k: signals[k][i] for k in signals}
        base = sum(used[k] * own[k] for k in signals) / total_weight
        if history:
            own["history"] = past_scaled[i]
        score = base + history_weight * own.get("history", 0.0)
        if score <= 0.0:
            continue
        matches.append(_explain(index, doc, parsed, score, own, past[i][1]))
    matches.sort(key=lambda m: (-round(m.score, 9), m.name.casefold(), m.member_id))
    if matches and min_share > 0:
        floor = matches[0].score * min_share
        matches = [m for m in matches if m.score >= floor]
    return matches[:limit]


def _concept_scores(index: Index, need: _Need) -> list[float]:
    scores = [0.0] * len(index.docs)
    for key, strength in need.concepts.items():
        for i, affinity in enumerate(index.affinity.get(key, ())):
            scores[i] += strength * affinity
    return scores


def _meaning(index: Index, need: str, encoder: Encoder) -> list[float]:
    """Best cosine of the need against each member's passages, rescaled to 0..1 so
    the weakest member scores 0 (raw cosines of unrelated texts are not near 0)."""
    import numpy as np

    if index._embeddings is None:
        flat = [p for passages in index.passages for p in passages]
        index._embeddings = (np.asarray(encoder.encode(flat)),
                             [len(p) for p in index.passages])
    matrix, counts = index._embeddings
    query = np.asarray(encoder.encode([need]))[0]
    cosines = matrix @ query
    best, start = [], 0
    for count in counts:
        best.append(float(cosines[start:start + count].max()) if count else 0.0)
        start += count
    low, high = min(best), max(best)
    return [(b - low) / (high - low) if high > low else 0.0 for b in best]


def _history_scores(
    index: Index, need: _Need, history: Sequence[HistoryItem]
) -> list[tuple[float, int]]:
    """(weight, how many similar) per member from past needs like this one."""
    position = {d.candidate.member_id: i for i, d in enumerate(index.docs)}
    mine = _features(need)
    out = [(0.0, 0)] * len(index.docs)
    for item in history:
        i = position.get(item.receiver_id)
        if i is None:
            continue
        similarity = _cosine(mine, _past_features(item.need, index.options))
        if similarity < 0.2:
            continue
        weight, count = out[i]
        out[i] = (weight + similarity * (1.0 if item.won else 0.5), count + 1)
    return out


@lru_cache(maxsize=8192)
def _past_features(text: str, options: Options) -> dict[str, float]:
    """Features of a past need; cached, as the same history is read for every query."""
    return _features(read_need(text, options))


def _features(need: _Need) -> dict[str, float]:
    features = dict(need.stems)
    features.update({f"concept:{k}": 2.0 * v for k, v in need.concepts.items()})
    return features


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _explain(index: Index, doc: _Doc, need: _Need, score: float,
             signals: dict[str, float], similar_past: int) -> Match:
    matched_words = [s for s in need.stems if s in doc.tf]
    typed = [w for s in matched_words for w in need.surface.get(s, [])]
    hits: list[ConceptHit] = []
    concept_stems: set[str] = set()
    i = index.docs.index(doc)
    for key in sorted(need.concepts, key=lambda k: -need.concepts[k] * index.affinity[k][i]):
        if index.affinity[key][i] >= 0.5:
            concept = next(c for c in CONCEPTS if c.key == key)
            hits.append(ConceptHit(concept.label, need.cues[key]))
            concept_stems |= index.concept_stems[key] & doc.tf.keys()
    stems = set(matched_words) | concept_stems
    field_weight: Counter[str] = Counter()
    terms: dict[str, None] = {}
    for s in stems:
        for name, surfaces in doc.where.get(s, {}).items():
            field_weight[name] += FIELD_WEIGHTS[name]
            terms.update(dict.fromkeys(sorted(surfaces)))
    evidence = [_evidence(doc.candidate, name, doc.where, stems)
                for name, _ in field_weight.most_common() if name not in ("category", "business")]
    return Match(doc.candidate.member_id, doc.candidate.name, score, signals,
                 words=list(dict.fromkeys(typed)), concepts=hits, terms=list(terms),
                 evidence=[e for e in evidence if e][:2], similar_past=similar_past)


def _evidence(candidate: Candidate, name: str, where, stems: set[str]) -> Evidence | None:
    """The text of the first field called ``name`` that holds a matched word."""
    for field_name, text in candidate.fields():
        if field_name == name and any(stem(w) in stems or w in stems for w in words(text)):
            return Evidence(name, FIELD_LABELS[name], text)
    return None


def summary(match: Match) -> str:
    """What matched, in one plain line: "“damp”, “gale” point to roofing; their
    profile mentions “stock”"."""
    parts = [f"{_quoted(hit.cues)} point{'s' if len(hit.cues) == 1 else ''} to {hit.label}"
             for hit in match.concepts]
    cue_words = {w for hit in match.concepts for cue in hit.cues for w in cue.split()}
    rest = [w for w in match.words if w not in cue_words]
    if rest:
        parts.append(f"their profile mentions {_quoted(rest)}")
    if match.similar_past:
        times = "once" if match.similar_past == 1 else f"{match.similar_past} times"
        parts.append(f"the group sent them similar needs {times}")
    if not parts and match.signals.get("meaning", 0.0) > 0.5:
        parts.append("their profile is close in meaning")
    text = "; ".join(parts) or "a loose match"
    return text[0].upper() + text[1:]


def _quoted(items: Sequence[str]) -> str:
    return ", ".join(f"“{item}”" for item in items)
