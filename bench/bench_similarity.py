"""Time the suggestions' "serving the same people" for one member of an 80-member group.

    python -m bench.bench_similarity

The group: 80 members taken from the demo people and the matcher's sets (only their
profiles are read, to have realistic phrases; no need is). Timed per call (one member
against the 79 others), median and 95th percentile in ms over 40 calls (5 for the
unstored one):

- the old TF-IDF word overlap on the whole ideal-client texts;
- the meaning model with the phrases' vectors in the encoder's memory (a warm worker);
- a worker's first call, with the vectors in the site's vector store (after
  ``flask matcher-warm``, or after any worker computed them once);
- a first call with nothing stored (a group right after a model change, unwarmed).

Not part of the test run.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bench.matcher_sets import blind_sets, demo_candidates
from partner_net.domain import semantic
from partner_net.domain.client_similarity import calibrated, tfidf_similarity
from partner_net.domain.similarity import client_texts, similarity_row

MEMBERS = 80
RUNS = 40


def group():
    seen, out = set(), []
    for c in [*demo_candidates(), *(c for s in blind_sets() for c in s.candidates)]:
        if client_texts(c) and c.name not in seen:
            seen.add(c.name)
            out.append(c)
    return out[:MEMBERS]


def timed(call, before=None, runs: int = RUNS) -> list[float]:
    times = []
    for i in range(runs):
        if before:
            before()
        start = time.perf_counter()
        call(i)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    people = group()
    ids = list(range(len(people)))
    phrases = {i: client_texts(c) for i, c in zip(ids, people, strict=True)}
    whole = {i: "\n".join(t for p in c.profiles for t in (
        p.title, p.industry, p.segment, p.keywords, p.frustration, p.triggers) if t)
        for i, c in zip(ids, people, strict=True)}
    encoder = semantic.load_onnx()
    with tempfile.TemporaryDirectory() as folder:
        encoder.store = semantic.VectorStore(Path(folder) / "vectors.sqlite")
        rows = [
            ("TF-IDF word overlap (before)",
             timed(lambda i: calibrated(tfidf_similarity(ids[i % len(ids)], whole)))),
        ]
        def cold():
            encoder.forget()
            encoder.store = semantic.VectorStore(Path(folder) / f"empty{time.time_ns()}.db")
        rows.append(("meaning model, nothing stored (first call after a model change)",
                     timed(lambda i: similarity_row(ids[i % len(ids)], phrases, encoder),
                           cold, runs=5)))
        encoder.store = semantic.VectorStore(Path(folder) / "vectors.sqlite")
        similarity_row(0, phrases, encoder)  # fills the store
        rows.append(("meaning model, a worker's first call (vectors in the store)",
                     timed(lambda i: similarity_row(ids[i % len(ids)], phrases, encoder),
                           encoder.forget)))
        rows.append(("meaning model, warm (vectors in memory)",
                     timed(lambda i: calibrated(similarity_row(ids[i % len(ids)], phrases,
                                                               encoder)))))
    print(f"{len(people)} members, {sum(map(len, phrases.values()))} phrases; ms per call")
    for name, times in rows:
        ordered = sorted(times)
        print(f"| {name} | {statistics.median(times):.2f} / "
              f"{ordered[int(0.95 * (len(ordered) - 1))]:.2f} |")


if __name__ == "__main__":
    main()
