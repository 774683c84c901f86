"""Grid search of the matcher's fusion on the TUNED sets only. ``python -m bench.tune_fusion``

Reads ``bench/needs.py`` TUNE and ``bench/tune_sets/*.json`` (never a held-out or blind
set), computes every signal once per need, and scores each combination of weights and
pooling with the same z-score fusion as :func:`partner_net.domain.matcher.rank`:

- ``words``: our fielded BM25;
- ``meaning``: the sentence model's closeness, ``share`` from the closest sentence and
  the rest from the profile as a whole;
- ``static``: the static embeddings' meaning signal (same pooling), added to a sentence
  model's;
- ``close``: the static embeddings' close-words signal.

``--model-path`` adds a model of one's own (as ``bench.evaluate_matcher``). Prints the
best combinations per model by everyday top-1 (then top-3), with near-words top-1.
"""

from __future__ import annotations

import argparse
import itertools
import os
from collections.abc import Sequence

import numpy as np

from bench.evaluate_matcher import model_encoder
from bench.matcher_sets import demo_sets, tuned_json_sets
from partner_net.domain import semantic
from partner_net.domain.matcher import (
    WORDS_MIN_SPREAD,
    _zscores,
    build_index,
    close_word_scores,
    cosines,
    keyword_scores,
)


def sentence_signals(need: str, index, encoder) -> tuple[np.ndarray, np.ndarray]:
    """(closest sentence, whole profile) cosines per member."""
    matrix, owner, centroids = index.vectors(encoder)
    query = encoder.encode([need])
    best = np.full(len(index.docs), -1.0)
    np.maximum.at(best, owner, cosines(matrix, query)[:, 0])
    best[best < -0.99] = 0.0
    return best, cosines(centroids, query)[:, 0]


def collect(encoders: dict[str, semantic.Encoder]) -> list[dict]:
    static = semantic.load_static()
    sets = [s for s in demo_sets() if s.kind == "tuned"] + tuned_json_sets()
    rows = []
    for s in sets:
        index = build_index(s.candidates)
        ids = [d.candidate.member_id for d in index.docs]
        for q in s.queries:
            row = {"set": s.name, "style": q.style, "want": ids.index(q.member_id),
                   "words": keyword_scores(q.text, index),
                   "close": close_word_scores(q.text, index, static)}
            for name, encoder in {**encoders, "static": static}.items():
                row[name] = sentence_signals(q.text, index, encoder)
            rows.append(row)
    return rows


def fuse(row: dict, model: str, w_words: float, share: float, w_static: float,
         w_close: float) -> np.ndarray:
    best, whole = row[model]
    total = w_words * _zscores(row["words"], WORDS_MIN_SPREAD)
    total = total + _zscores(share * best + (1 - share) * whole)
    if w_static:
        sbest, swhole = row["static"]
        total = total + w_static * _zscores(share * sbest + (1 - share) * swhole)
    if w_close:
        total = total + w_close * _zscores(row["close"])
    return total


def top(rows: Sequence[dict], model: str, *params: float) -> tuple[float, float, float]:
    everyday = [r for r in rows if r["style"] == "everyday"]
    near = [r for r in rows if r["style"] == "near"]

    def rank_of(r: dict) -> int:
        fused = fuse(r, model, *params)
        return int((fused > fused[r["want"]]).sum())

    e = [rank_of(r) for r in everyday]
    n = [rank_of(r) for r in near]
    return (float(np.mean([x == 0 for x in e])), float(np.mean([x < 3 for x in e])),
            float(np.mean([x == 0 for x in n])))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-path", default=os.environ.get("MATCHER_MODEL_PATH"))
    parser.add_argument("--show", type=int, default=12)
    args = parser.parse_args()
    encoders = {"minilm": semantic.load_onnx()}
    if args.model_path:
        encoders["model"] = model_encoder(args.model_path)
    rows = collect(encoders)
    grid = list(itertools.product((0.0, 0.1, 0.2, 0.3, 0.5, 0.7), (0.0, 0.25, 0.5, 0.75, 1.0),
                                  (0.0, 0.25, 0.5), (0.0, 0.25, 0.5)))
    for model in encoders:
        scored = sorted(((top(rows, model, *p), p) for p in grid),
                        key=lambda x: (-x[0][0], -x[0][1]))
        print(f"== {model}: everyday top-1 / top-3, near top-1 | words share static close")
        current = top(rows, model, 0.5, 0.5, 0.0, 0.0)
        print(f"   current (0.5, 0.5, 0, 0): {current[0]:.1%} / {current[1]:.1%}, "
              f"near {current[2]:.0%}")
        for (t1, t3, near), p in scored[:args.show]:
            print(f"   {t1:.1%} / {t3:.1%}  near {near:.0%}  {p}")


if __name__ == "__main__":
    main()
