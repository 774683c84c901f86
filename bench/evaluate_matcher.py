"""How often does the matcher put the right member first? ``python -m bench.evaluate_matcher``

Every set (:mod:`bench.matcher_sets`) is scored with every method, top-1 and top-3, split
into "near" needs (phrased near the profiles' words) and "everyday" needs:

- ``plain BM25``: the library ``bm25s`` (Lucene BM25, English stop words, no stemmer),
  one bag of words per member: the baseline nothing may fall below;
- ``fielded BM25``: our keywords signal alone (field weights, light stemmer);
- ``static``: the static word embeddings alone (WordLlama, numpy);
- ``fusion static`` (the previous default, now the fallback): BM25 + static embeddings
  + close words, z-score fusion;
- ``MiniLM ONNX`` / ``fusion MiniLM ONNX`` (**the default**): the same with
  all-MiniLM-L6-v2 (int8) through ONNX Runtime (words + meaning);
- ``transformer`` / ``fusion transformer``: all-MiniLM-L6-v2 through
  sentence-transformers and torch, when the ``transformer`` extra is installed;
- the optional stronger model in ``--model-path`` (default: ``MATCHER_MODEL_PATH``), alone
  and in the same fusion, exactly as the site would run it: an ONNX export through ONNX
  Runtime when the folder holds ``model.onnx``, else sentence-transformers.

Sets are labelled *tuned* (the weights were chosen on them), *held out* or *blind*.
``--misses`` lists the misses of the **tuned** sets only: the others are never printed
item by item, so that nobody tunes on them by accident. ``--latency`` also times
queries on an 80-member group (the demo group and the blind sets' members pooled): the
first query (the index built and every profile sentence and word embedded, as when a
worker starts on an empty vector store), the same after a "restart" (memory emptied,
the vectors in the store), and then each new need (profiles cached, as the site keeps
them), every cache emptied before each method.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.matcher_sets import EvalSet, blind_sets, demo_sets, tuned_json_sets
from partner_net.domain import semantic
from partner_net.domain.matcher import Candidate, Options, build_index, rank

Ranker = Callable[[str], list[int]]


@dataclass
class Method:
    name: str
    build: Callable[[Sequence[Candidate]], Ranker]


def plain_bm25(candidates: Sequence[Candidate]) -> Ranker:
    import bm25s

    corpus = [" ".join(text for _, text in c.fields()) for c in candidates]
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(corpus, stopwords="en", show_progress=False),
                    show_progress=False)
    ids = [c.member_id for c in candidates]

    def run(text: str) -> list[int]:
        tokens = bm25s.tokenize([text], stopwords="en", show_progress=False)
        if not tokens.ids[0]:
            return []
        docs, scores = retriever.retrieve(tokens, k=len(ids), show_progress=False)
        return [ids[d] for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    return run


def model_encoder(path: str) -> semantic.Encoder | None:
    """The configured model of one's own, as the site loads it (``auto``)."""
    if semantic.onnx_folder(path):
        return semantic.load_onnx_folder(path)
    return semantic.load_transformer(path)


def ours(encoder_name: str | None, weights: dict[str, float] | None = None,
         model_path: str | None = None) -> Callable:
    def build(candidates: Sequence[Candidate]) -> Ranker:
        index = build_index(candidates, Options())
        encoder = None
        if model_path:
            encoder = model_encoder(model_path)
            assert encoder is not None, f"no model could be loaded from {model_path}"
        elif encoder_name == semantic.STATIC:
            encoder = semantic.load_static()
        elif encoder_name == semantic.ONNX:
            encoder = semantic.load_onnx()
        elif encoder_name == semantic.TRANSFORMER:
            encoder = semantic.load_transformer()
        kwargs = {"weights": weights} if weights else {}

        def run(text: str) -> list[int]:
            return [m.member_id for m in rank(text, index, encoder=encoder, explain=1,
                                              **kwargs)]
        return run
    return build


WORDS_ONLY = {"words": 1.0, "meaning": 0.0}
MEANING_ONLY = {"words": 0.0, "meaning": 1.0}


def methods(with_transformer: bool, model_path: str | None = None) -> list[Method]:
    found = [
        Method("plain BM25 (bm25s)", plain_bm25),
        Method("fielded BM25 (ours)", ours(None)),
        Method("static embeddings alone", ours(semantic.STATIC, MEANING_ONLY)),
        Method("fusion: BM25 + static (old default)", ours(semantic.STATIC)),
    ]
    if semantic.onnx_available():
        found += [
            Method("MiniLM ONNX alone", ours(semantic.ONNX, MEANING_ONLY)),
            Method("fusion: BM25 + MiniLM ONNX (default)", ours(semantic.ONNX)),
        ]
    if with_transformer:
        found += [
            Method("MiniLM torch alone", ours(semantic.TRANSFORMER, MEANING_ONLY)),
            Method("fusion: BM25 + MiniLM torch", ours(semantic.TRANSFORMER)),
        ]
    if model_path:
        how = "ONNX" if semantic.onnx_folder(model_path) else "torch"
        label = f"{Path(model_path).name} ({how})"
        found += [
            Method(f"{label} alone", ours(None, MEANING_ONLY, model_path)),
            Method(f"fusion: BM25 + {label}", ours(None, None, model_path)),
        ]
    return found


@dataclass
class Result:
    top1: float
    top3: float
    n: int
    ms_median: float
    ms_p95: float
    misses: list[tuple[str, int, list[int]]]


def score(run: Ranker, queries) -> Result:
    top1 = top3 = 0
    times, misses = [], []
    for q in queries:
        start = time.perf_counter()
        ranked = run(q.text)
        times.append((time.perf_counter() - start) * 1000)
        top1 += bool(ranked) and ranked[0] == q.member_id
        top3 += q.member_id in ranked[:3]
        if not ranked or ranked[0] != q.member_id:
            misses.append((q.text, q.member_id, ranked[:3]))
    n = len(queries)
    times.sort()
    return Result(top1 / n, top3 / n, n, statistics.median(times),
                  times[min(n - 1, int(0.95 * n))], misses)


def latency_group(sets: Sequence[EvalSet], size: int = 80) -> list[Candidate]:
    """``size`` members pooled from the sets (ids renumbered), for timing only."""
    pooled: list[Candidate] = []
    for s in sets:
        for c in s.candidates:
            pooled.append(Candidate(len(pooled) + 1, c.name, c.category, c.business,
                                    c.talkable_difference, c.referral_criteria, c.profiles))
    return pooled[:size]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tuned-only", action="store_true",
                        help="score the tuned sets only (while tuning)")
    parser.add_argument("--no-transformer", action="store_true",
                        help="skip MiniLM even when the 'transformer' extra is installed")
    parser.add_argument("--misses", action="store_true",
                        help="list the misses of the TUNED sets (never the others)")
    parser.add_argument("--latency", action="store_true",
                        help="time queries on an 80-member group")
    parser.add_argument("--only", help="run only the methods whose name contains this")
    parser.add_argument("--sets", help="score only the sets whose name contains this")
    parser.add_argument("--latency-only", action="store_true",
                        help="only time queries on an 80-member group")
    parser.add_argument("--model-path", default=os.environ.get("MATCHER_MODEL_PATH"),
                        help="a folder with the optional stronger model (default: "
                             "MATCHER_MODEL_PATH), scored and timed like the default")
    args = parser.parse_args(argv)

    with_transformer = not args.no_transformer and semantic.transformer_available()
    if args.latency_only:
        print_latency(with_transformer, args.only, args.model_path)
        return
    sets = [s for s in demo_sets() if s.kind == "tuned"] + tuned_json_sets()
    if not args.tuned_only:
        sets += [s for s in demo_sets() if s.kind != "tuned"] + blind_sets()
    if args.sets:
        sets = [s for s in sets if args.sets in s.name]
    header = f"{'set':34} {'kind':8} {'needs':>5}  {'method':38} {'top-1':>6} {'top-3':>6}"
    print(header)
    print("-" * len(header))
    for method in methods(with_transformer, args.model_path):
        if args.only and args.only not in method.name:
            continue
        for s in sets:
            run = method.build(s.candidates)
            for style in ("near", "everyday"):
                queries = [q for q in s.queries if q.style == style]
                if not queries:
                    continue
                r = score(run, queries)
                print(f"{s.name[:34]:34} {s.kind:8} {style[:1]}{r.n:>4}  {method.name[:38]:38} "
                      f"{r.top1:6.0%} {r.top3:6.0%}")
                if args.misses and s.kind == "tuned":
                    names = {c.member_id: c.category for c in s.candidates}
                    for text, want, got in r.misses:
                        print(f"      miss: {text!r} -> want {names[want]}; got "
                              f"{', '.join(names[i] for i in got) or 'none'}")
        print()
    if args.latency:
        print_latency(with_transformer, args.only, args.model_path)


def print_latency(with_transformer: bool, only: str | None = None,
                  model_path: str | None = None) -> None:
    group = latency_group(demo_sets()[:1] + blind_sets())
    needs = [q.text for q in demo_sets()[0].queries]
    print(f"Latency on a {len(group)}-member group, {len(needs)} needs:")
    encoders = [e for e in (semantic.load_static(), semantic.load_onnx(),
                            semantic.load_transformer() if with_transformer else None,
                            model_encoder(model_path) if model_path else None) if e]
    with tempfile.TemporaryDirectory() as folder:
        for method in methods(with_transformer, model_path):
            if only and only not in method.name:
                continue
            for encoder in encoders:
                encoder.forget()
                encoder.store = semantic.VectorStore(Path(folder) / f"{method.name}.sqlite")
            first = time_first(method, group, needs[0])
            for encoder in encoders:  # a new process: the vectors are in the store only
                encoder.forget()
            restarted = time_first(method, group, needs[0])
            run = method.build(group)
            times, cpu = [], []
            for text in needs:
                t, c = time.perf_counter(), time.process_time()
                run(text)
                times.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
            times.sort()
            print(f"  {method.name:38} first query {first:8.1f} ms (after a restart, "
                  f"vectors in the store: {restarted:7.1f} ms); then median "
                  f"{statistics.median(times):6.2f} ms, p95 "
                  f"{times[int(0.95 * len(times))]:6.2f} ms (CPU median "
                  f"{statistics.median(cpu):5.2f} ms)")
        for encoder in encoders:
            encoder.store = None


def time_first(method: Method, group: Sequence[Candidate], need: str) -> float:
    """The index built and the first query answered (every profile sentence embedded,
    or read from the vector store), in ms."""
    start = time.perf_counter()
    method.build(group)(need)
    return (time.perf_counter() - start) * 1000


if __name__ == "__main__":
    main()
