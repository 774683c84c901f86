"""How often does the matcher put the right member first? ``python -m bench.evaluate_matcher``

Ranks the active members of the demo group "Harbour City Partners" (straight from
:mod:`partner_net.demo.people`, no database needed) for every need in
:mod:`bench.needs` and prints top-1 and top-3 per method, for the tuning half, the
held-out half and both:

- ``tfidf``: plain keywords, one bag of words per member, no variants, no fields;
- ``+ variants``: the light stemmer and field weights;
- ``+ lexicon``: the everyday-words lexicon (the default without the optional extra);
- ``embeddings``: all-MiniLM-L6-v2 alone (only when the ``embeddings`` extra is in);
- ``combined``: lexicon and embeddings mixed;
- ``+ history``: the best method plus the group's history, leave-one-out: every other
  need of the benchmark counts as a past referral won by its member.

The "fresh" columns are :mod:`bench.needs_fresh`: 50 needs written blind (by someone
who had not seen the matcher, its lexicon or the other needs) and never tuned on.

``--show-misses`` lists the needs a method gets wrong (use it on the tuning half only,
or the held-out half stops being held out).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bench.needs import HELD_OUT, TUNE, TUNE_MORE, Need
from bench.needs_fresh import FRESH_NEEDS
from partner_net.demo.people import HARBOUR, PEOPLE
from partner_net.domain import embeddings
from partner_net.domain.matcher import (
    Candidate,
    ClientProfile,
    HistoryItem,
    Index,
    Options,
    build_index,
    rank,
)


def demo_candidates() -> list[Candidate]:
    """The demo group's active members, as the matching view would pass them."""
    out = []
    for member_id, person in enumerate(PEOPLE, start=1):
        if person.groups.get(HARBOUR) not in ("member", "organizer"):
            continue
        profiles = tuple(
            ClientProfile(p.title, p.industry, p.segment, p.frustration, p.triggers, p.value,
                          p.keywords)
            for p in person.profiles
        )
        out.append(Candidate(member_id, person.name, person.category, person.business,
                             person.talkable_difference, person.referral_criteria, profiles))
    return out


@dataclass
class Method:
    name: str
    run: Callable[[Need, Sequence[Need]], list[int]]  # (need, all needs) -> ranked ids


def methods(candidates: list[Candidate], with_embeddings: bool) -> list[Method]:
    by_category = {c.category: c.member_id for c in candidates}
    plain = build_index(candidates, Options(stemming=False, fields=False, lexicon=False))
    variants = build_index(candidates, Options(stemming=True, fields=True, lexicon=False))
    lexicon = build_index(candidates, Options())
    encoder = embeddings.load_encoder() if with_embeddings else None

    def ids(index: Index, text: str, **kwargs) -> list[int]:
        return [m.member_id for m in rank(text, index, **kwargs)]

    def history(need: Need, everything: Sequence[Need]) -> list[HistoryItem]:
        return [HistoryItem(n.text, by_category[n.category], won=True)
                for n in everything if n is not need]

    found = [
        Method("tfidf (plain keywords)", lambda n, _a: ids(plain, n.text)),
        Method("+ variants and fields", lambda n, _a: ids(variants, n.text)),
        Method("+ lexicon (default)", lambda n, _a: ids(lexicon, n.text)),
        Method("+ lexicon + history", lambda n, a: ids(lexicon, n.text, history=history(n, a))),
    ]
    if encoder is not None:
        meaning_only = {"words": 0.0, "concepts": 0.0, "meaning": 1.0}
        found += [
            Method("embeddings alone", lambda n, _a: ids(
                plain, n.text, encoder=encoder, weights=meaning_only)),
            Method("combined (lexicon + embeddings)", lambda n, _a: ids(
                lexicon, n.text, encoder=encoder)),
            Method("combined + history", lambda n, a: ids(
                lexicon, n.text, encoder=encoder, history=history(n, a))),
        ]
    return found


def score(method: Method, needs: Sequence[Need], everything: Sequence[Need],
          expected: dict[str, int]) -> tuple[float, float, list[tuple[Need, list[int]]]]:
    top1 = top3 = 0
    misses = []
    for need in needs:
        ranked = method.run(need, everything)
        want = expected[need.category]
        top1 += bool(ranked) and ranked[0] == want
        top3 += want in ranked[:3]
        if not ranked or ranked[0] != want:
            misses.append((need, ranked[:3]))
    return top1 / len(needs), top3 / len(needs), misses


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-embeddings", action="store_true",
                        help="skip the embedding methods even when the extra is installed")
    parser.add_argument("--show-misses", choices=["tune", "held-out"],
                        help="list the needs each method gets wrong in that half")
    args = parser.parse_args(argv)

    candidates = demo_candidates()
    expected = {c.category: c.member_id for c in candidates}
    names = {c.member_id: f"{c.name} ({c.category})" for c in candidates}
    tune = TUNE + TUNE_MORE
    fresh = tuple(Need(text, category) for text, category in FRESH_NEEDS)
    everything = tune + HELD_OUT
    with_embeddings = not args.no_embeddings and embeddings.available()
    print(f"{len(candidates)} members, {len(tune)} tuning needs, {len(HELD_OUT)} held out, "
          f"{len(fresh)} fresh (blind); "
          f"embeddings: {embeddings.describe() if with_embeddings else 'not used'}")
    header = f"{'method':34} {'tune@1':>7} {'tune@3':>7} {'held@1':>7} {'held@3':>7} " \
             f"{'all@1':>7} {'all@3':>7} {'fresh@1':>8} {'fresh@3':>8} {'ms/query':>9}"
    print(header)
    print("-" * len(header))
    for method in methods(candidates, with_embeddings):
        start = time.perf_counter()
        t1, t3, tune_misses = score(method, tune, everything, expected)
        h1, h3, held_misses = score(method, HELD_OUT, everything, expected)
        f1, f3, _ = score(method, fresh, everything, expected)
        elapsed = (time.perf_counter() - start) * 1000 / len(everything)
        n_t, n_h = len(tune), len(HELD_OUT)
        a1 = (t1 * n_t + h1 * n_h) / (n_t + n_h)
        a3 = (t3 * n_t + h3 * n_h) / (n_t + n_h)
        print(f"{method.name:34} {t1:7.0%} {t3:7.0%} {h1:7.0%} {h3:7.0%} {a1:7.0%} "
              f"{a3:7.0%} {f1:8.0%} {f3:8.0%} {elapsed:9.1f}")
        if args.show_misses:
            for need, ranked in tune_misses if args.show_misses == "tune" else held_misses:
                got = ", ".join(names[i].split(" (")[1].rstrip(")") for i in ranked) or "none"
                print(f"    miss: {need.text!r} -> want {need.category}; got {got}")


if __name__ == "__main__":
    main()
