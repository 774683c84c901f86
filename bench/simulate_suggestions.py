"""What following "whom to refer first" does to a group: the simulation's tables.

Run ``python -m bench.simulate_suggestions`` (about five minutes on one core; add
``--robustness`` for other group sizes and model assumptions, ``--quick`` for a smoke
run). See :mod:`bench.group_sim` for the model and :mod:`bench.sim_policies` for the
policies. For every seed one world is drawn and calibrated, then played once without
suggestions and once per policy and follow rate on the same prospects: six months
without suggestions (warm-up), twelve months with them, six months after they are
switched off. Figures are means over seeds; differences are paired by seed, with a
95% bootstrap interval over seeds.

The weights of the ranking were chosen on seeds 1-4; the tables use other seeds.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Sequence
from dataclasses import replace

from bench.group_sim import Params, calibrate, make_world, run
from bench.sim_metrics import Figures, figures, paired_interval
from bench.sim_policies import POLICIES

ALTERNATIVES = ("none", "random", "popularity")
#: Metrics where lower is better.
LOWER_BETTER = {"gini"}
COLUMNS = {
    "gini": "Gini received",
    "quarterly_reach": "≥ 1 a quarter",
    "monthly_reach": "≥ 1 a month",
    "reciprocity": "weighted reciprocity",
    "won_value": "won value / member / year",
    "referrals": "referrals / member / week",
}
TARGETS = ("gini", "reciprocity", "won_value")

Result = dict[tuple[str, float], tuple[Figures, Figures]]  # (policy, follow) -> (on, after)


def play(base: Params, seed: int, follows: Sequence[float]) -> Result:
    """Every policy at every follow rate for one seed (one world, one calibration)."""
    params = replace(base, seed=seed)
    world = make_world(params)  # drawn once: a pure function of the seed
    params = replace(params, kappa=calibrate(params, world))
    on, off = params.weeks_warmup, params.weeks_warmup + params.weeks_on
    out: Result = {}
    state = run(params, None, world)
    for follow in follows:
        out[("none", follow)] = (figures(state, on, off), figures(state, off, params.weeks))
    for name in ("random", "popularity", "ours"):
        for follow in follows:
            state = run(replace(params, follow=follow), POLICIES[name](seed), world)
            out[(name, follow)] = (figures(state, on, off), figures(state, off, params.weeks))
    return out


def _mean(results: list[Result], policy: str, follow: float, metric: str, after: bool) -> float:
    return statistics.fmean(getattr(r[(policy, follow)][after], metric) for r in results)


def _diff(results: list[Result], other: str, follow: float, metric: str,
          after: bool = False) -> tuple[float, float, float]:
    diffs = [getattr(r[("ours", follow)][after], metric) - getattr(r[(other, follow)][after],
                                                                      metric)
             for r in results]
    return paired_interval(diffs, seed=int(follow * 100))


def _better(metric: str, interval: tuple[float, float, float]) -> str:
    mean, low, high = interval
    if metric in LOWER_BETTER:
        return "yes" if high < 0 else ("mean only" if mean < 0 else "NO")
    return "yes" if low > 0 else ("mean only" if mean > 0 else "NO")


def _fmt(metric: str, value: float, signed: bool = False) -> str:
    if metric == "won_value":
        return f"{value:+,.0f}" if signed else f"{value:,.0f}"
    if metric == "referrals":
        return f"{value:+.3f}" if signed else f"{value:.3f}"
    return f"{value:+.3f}" if signed else f"{value:.3f}"


def main_table(results: list[Result], follow: float) -> list[str]:
    head = " | ".join(COLUMNS.values())
    lines = [f"| policy | {head} | after: Gini | after: reciprocity | after: won value "
             "| suggestions: Gini | most viewers one member reached in a week |",
             "|---|" + "---|" * (len(COLUMNS) + 5)]
    for policy in (*ALTERNATIVES, "ours"):
        cells = [_fmt(m, _mean(results, policy, follow, m, False)) for m in COLUMNS]
        cells += [_fmt(m, _mean(results, policy, follow, m, True)) for m in TARGETS]
        cells += ["-" if policy == "none" else f"{_mean(results, policy, follow, m, False):.2f}"
                  for m in ("slate_gini", "slate_max_share")]
        label = f"**{policy}**" if policy == "ours" else policy
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def sensitivity_table(results: list[Result], follows: Sequence[float]) -> list[str]:
    lines = ["| follow rate | ours - | Gini received | weighted reciprocity | won value "
             "| after: Gini | after: reciprocity | after: won value |",
             "|---|---|---|---|---|---|---|---|"]
    for follow in follows:
        for other in ALTERNATIVES:
            cells = []
            for after in (False, True):
                for metric in TARGETS:
                    interval = _diff(results, other, follow, metric, after)
                    mean, low, high = interval
                    mark = "" if after else f" {_better(metric, interval)}"
                    cells.append(f"{_fmt(metric, mean, True)} ({_fmt(metric, low, True)} to "
                                 f"{_fmt(metric, high, True)}){mark}")
            lines.append(f"| {follow:.1f} | {other} | " + " | ".join(cells) + " |")
    return lines


def verdict(results: list[Result], follows: Sequence[float]) -> list[str]:
    """One line per target: does ours beat every alternative at every follow rate?"""
    lines = []
    for metric in TARGETS:
        marks = [_better(metric, _diff(results, other, follow, metric))
                 for follow in follows for other in ALTERNATIVES]
        lines.append(f"- {COLUMNS[metric]}: ours better than every alternative at every "
                     f"follow rate in mean: {'yes' if 'NO' not in marks else 'NO'}; with the "
                     f"95% interval excluding 0: {marks.count('yes')} of {len(marks)}")
    return lines


def robustness(seeds: Sequence[int], follow: float, similarity: str = "mix") -> list[str]:
    """Ours against each alternative under other sizes and assumptions (fewer seeds)."""
    variants = {
        "30 members": Params(members=30),
        "80 members": Params(members=80),
        "no overload (unlimited capacity)": Params(capacity=1e9),
        "no gratitude (nobody returns favours unprompted)": Params(gratitude=0.0),
        "12 months in all (3 warm-up, 6 on, 3 after)": Params(weeks_warmup=13, weeks_on=26,
                                                               weeks_off=13),
    }
    lines = ["| variant | ours - | Gini received | weighted reciprocity | won value |",
             "|---|---|---|---|---|"]
    for label, base in variants.items():
        results = [play(replace(base, similarity=similarity), seed, [follow])
                   for seed in seeds]
        for other in ALTERNATIVES:
            cells = []
            for metric in TARGETS:
                interval = _diff(results, other, follow, metric)
                mean, low, high = interval
                cells.append(f"{_fmt(metric, mean, True)} ({_fmt(metric, low, True)} to "
                             f"{_fmt(metric, high, True)}) {_better(metric, interval)}")
            lines.append(f"| {label} | {other} | " + " | ".join(cells) + " |")
    return lines


def ablation(seeds: Sequence[int], base: Params, follow: float) -> list[str]:
    """Ours with one part left out, against ours in full (paired by seed)."""
    from bench.sim_policies import OursPolicy

    parts = {"the exposure budget": {"exposure"}, "under-served": {"under_served"},
             "owed": {"owed"}, "strategic marks and similarity": {"strategic", "similarity"}}
    lines = ["| ours without | Gini received | weighted reciprocity | won value "
             "| most viewers one member reached in a week |", "|---|---|---|---|---|"]
    rows: dict[str, list[tuple[Figures, Figures]]] = {}
    for seed in seeds:
        params = replace(base, seed=seed, follow=follow)
        params = replace(params, kappa=calibrate(params))
        on, off = params.weeks_warmup, params.weeks_warmup + params.weeks_on
        full = figures(run(params, OursPolicy(seed)), on, off)
        for label, drop in parts.items():
            policy = OursPolicy(seed, frozenset(OursPolicy.SIGNALS) - drop)
            rows.setdefault(label, []).append((figures(run(params, policy), on, off), full))
    for label, pairs in rows.items():
        cells = []
        for metric in (*TARGETS, "slate_max_share"):
            mean, low, high = paired_interval([getattr(a, metric) - getattr(b, metric)
                                               for a, b in pairs])
            cells.append(f"{_fmt(metric, mean, True)} ({_fmt(metric, low, True)} to "
                         f"{_fmt(metric, high, True)})")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def _seeds(text: str) -> list[int]:
    if "-" in text:
        first, last = text.split("-")
        return list(range(int(first), int(last) + 1))
    return [int(s) for s in text.split(",")]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--seeds", default="101-110")
    parser.add_argument("--follow", default="0.1,0.2,0.3,0.4,0.6")
    parser.add_argument("--main-follow", type=float, default=0.3)
    parser.add_argument("--robustness", action="store_true")
    parser.add_argument("--ablation", action="store_true")
    parser.add_argument("--quick", action="store_true", help="2 seeds, 2 follow rates")
    parser.add_argument("--similarity", choices=("mix", "text"), default="mix",
                        help="what the ranking's profile similarity reads: the blurred "
                        "client mix, or the application's meaning model on written "
                        "phrases (see bench/group_sim.py)")
    args = parser.parse_args(argv)
    seeds = _seeds(args.seeds)
    follows = sorted({float(f) for f in args.follow.split(",")} | {args.main_follow})
    if args.quick:
        seeds, follows = seeds[:2], sorted({0.1, args.main_follow})
    started = time.perf_counter()
    base = Params(members=args.members, similarity=args.similarity)
    results = [play(base, seed, follows) for seed in seeds]
    print(f"{args.members} members, seeds {seeds[0]}-{seeds[-1]} ({len(seeds)}), "
          f"{base.weeks_warmup} weeks warm-up, {base.weeks_on} on, {base.weeks_off} after; "
          f"profile similarity: {args.similarity}\n")
    print(f"Follow rate {args.main_follow}: means over seeds (during the 12 months with "
          "suggestions; 'after' = the 6 months after they are switched off)\n")
    print("\n".join(main_table(results, args.main_follow)))
    print("\nOurs minus each alternative, paired by seed (95% bootstrap interval); "
          "'yes' = better and the interval excludes 0\n")
    print("\n".join(sensitivity_table(results, follows)))
    print()
    print("\n".join(verdict(results, follows)))
    if args.robustness:
        print(f"\nRobustness at follow rate {args.main_follow} (seeds {seeds[0]}-"
              f"{seeds[min(4, len(seeds) - 1)]})\n")
        print("\n".join(robustness(seeds[:5], args.main_follow, args.similarity)))
    if args.ablation:
        print(f"\nAblation at follow rate {args.main_follow}: ours with a part left out, "
              f"minus ours in full (seeds {seeds[0]}-{seeds[min(4, len(seeds) - 1)]})\n")
        print("\n".join(ablation(seeds[:5], base, args.main_follow)))
    print(f"\n({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
