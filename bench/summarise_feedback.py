"""What members told the matcher: ``python -m bench.summarise_feedback [--group SLUG]``

Reads ``match_feedback`` from the configured database (``DATABASE_URL``, or the
instance's SQLite file) and prints totals only: how many answers, how many said "good
fit" or "wrong person", by the position the result was shown at, by backend and by
where it was given (match page or give form). It never prints a need, a member or an
asker: the feedback is private to each group.

Read it as a signal, not a score: members answer mostly when a result surprises them,
and only on the results they were shown.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import sqlalchemy as sa

from partner_net import create_app
from partner_net.extensions import db
from partner_net.models import Group, MatchFeedback


def rows(slug: str | None) -> list[sa.Row]:
    columns = (MatchFeedback.position, MatchFeedback.backend, MatchFeedback.source,
               MatchFeedback.verdict, sa.func.count())
    query = sa.select(*columns).group_by(*columns[:4])
    if slug:
        query = query.join(Group, Group.id == MatchFeedback.group_id).where(Group.slug == slug)
    return list(db.session.execute(query))


def summarise(found: Sequence[sa.Row]) -> list[str]:
    """Lines of text: totals, then good / wrong / share good by each breakdown."""
    def table(title: str, key) -> list[str]:
        counts: dict[str, dict[str, int]] = {}
        for row in found:
            bucket = counts.setdefault(key(row), {"good": 0, "wrong": 0})
            bucket[row.verdict] += row[4]
        out = [f"{title:14} {'good':>6} {'wrong':>6} {'% good':>7}"]
        for name in sorted(counts):
            good, wrong = counts[name]["good"], counts[name]["wrong"]
            out.append(f"{name:14} {good:6} {wrong:6} {good / (good + wrong):7.0%}")
        return out

    total = sum(r[4] for r in found)
    if not total:
        return ["No feedback yet."]
    return [f"{total} answers", "",
            *table("shown at", lambda r: f"#{r.position}" if r.position <= 3 else "#4 or later"),
            "", *table("backend", lambda r: r.backend), "", *table("given on", lambda r: r.source)]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--group", help="one group's slug (default: every group)")
    args = parser.parse_args(argv)
    with create_app().app_context():
        print("\n".join(summarise(rows(args.group))))


if __name__ == "__main__":
    main()
